package io.jscclink.link.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jscc-link} command line: one executable, one subcommand per job. */
@Command(
    name = "jscc-link",
    mixinStandardHelpOptions = true,
    versionProvider = JsccLink.Version.class,
    description = "Real-time radio link for neural joint source-channel coding (JSCC).",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {CommandLine.HelpCommand.class})
public final class JsccLink implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  /** Builds the command line with every subcommand registered. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new JsccLink());
    // One line per subcommand; each is a class of this package.
    CommandLine bench = new CommandLine(new BenchCommand());
    bench.addSubcommand(new BenchPhyCommand());
    cli.addSubcommand(bench);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  @Override
  public void run() {
    // No subcommand given: show what there is, and fail like any other usage error.
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command.");
  }

  /** Reads the version Maven wrote into {@code version.properties} at build time. */
  static final class Version implements CommandLine.IVersionProvider {
    static String projectVersion() {
      try (InputStream in = JsccLink.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          throw new IllegalStateException("version.properties missing from the class path");
        }
        Properties props = new Properties();
        props.load(in);
        return props.getProperty("version");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String[] getVersion() {
      return new String[] {
        "jscc-link " + projectVersion(),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
            + ")"
      };
    }
  }
}
