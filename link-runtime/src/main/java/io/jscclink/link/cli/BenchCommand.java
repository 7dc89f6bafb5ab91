package io.jscclink.link.cli;

import picocli.CommandLine.Command;

/**
 * {@code jscc-link bench}: the benchmarks of every module, each printing one JSON object of
 * figures with {@code --json}. Each module's benchmark is a subcommand registered in
 * {@link JsccLink#commandLine()}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run a module's benchmarks (phy, sidecar, models, link).",
    synopsisSubcommandLabel = "BENCHMARK")
final class BenchCommand {}
