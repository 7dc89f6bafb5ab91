package io.jscclink.link.cli;

import picocli.CommandLine.Command;

/**
 * {@code jscc-link calibrate}: lab channel measurements. Each subcommand works on the
 * sidecar's simulated device (truth known: the tools are validated there), real radios, or a
 * SigMF recording, and writes a JSON object and an HTML report.
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description = "Measure the channel: snr (estimator calibration), channel (fading statistics),"
        + " clock (CFO and sample-rate offset), iq (DC offset and IQ imbalance).",
    synopsisSubcommandLabel = "MEASUREMENT",
    subcommands = {CalibrateSnrCommand.class, CalibrateChannelCommand.class,
        CalibrateClockCommand.class, CalibrateIqCommand.class, CalibrateGainCommand.class})
final class CalibrateCommand {}
