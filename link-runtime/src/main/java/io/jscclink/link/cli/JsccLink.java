package io.jscclink.link.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
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
    cli.addSubcommand(new SidecarCommand());
    CommandLine bench = new CommandLine(new BenchCommand());
    bench.addSubcommand(new BenchPhyCommand());
    bench.addSubcommand(new BenchSidecarCommand());
    bench.addSubcommand(new BenchModelsCommand());
    bench.addSubcommand(new BenchLinkCommand());
    cli.addSubcommand(bench);
    cli.addSubcommand(new TrainCommand());
    cli.addSubcommand(new EvalCommand());
    cli.addSubcommand(new ModelsCommand());
    cli.addSubcommand(new LinkCommand());
    cli.addSubcommand(new CalibrateCommand());
    cli.addSubcommand(new SweepCommand());
    cli.addSubcommand(new DemoCommand());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(JsccLink::reportFailure);
    return cli;
  }

  /**
   * Loggers quietened for the command line, held so they are not collected with their level.
   * A client that ends its RX stream makes gRPC's server log a stream error at WARNING, which
   * is the normal end of a receive; and an in-process sidecar's lease messages are noise in a
   * link or calibration run ({@code jscc-link sidecar} turns them back on).
   */
  static final Logger[] QUIET = {
    Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler"),
    Logger.getLogger("io.jscclink.sdr.server")
  };

  /**
   * A command that fails (a sidecar that cannot be reached or vanished, a missing model or
   * data file, a bad setting) says so in one line naming the command; the stack trace only
   * with {@code JSCC_DEBUG=1}, for bug reports.
   */
  private static int reportFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    String name = cmd.getCommandSpec().qualifiedName(" ");
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    cmd.getErr().println(name + ": " + message);
    if ("1".equals(System.getenv("JSCC_DEBUG"))) {
      e.printStackTrace(cmd.getErr());
    }
    cmd.getErr().flush();
    return e instanceof IllegalArgumentException ? 2 : 1;
  }

  public static void main(String[] args) {
    QUIET[0].setLevel(Level.SEVERE);
    QUIET[1].setLevel(Level.WARNING);
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
