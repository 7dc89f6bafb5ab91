package io.jscclink.link.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class JsccLinkTest {
  private static final class Run {
    final int exit;
    final String out;
    final String err;

    Run(String... args) {
      CommandLine cli = JsccLink.commandLine();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      this.exit = cli.execute(args);
      this.out = out.toString();
      this.err = err.toString();
    }
  }

  @Test
  void helpListsTheCommandsAndSucceeds() {
    Run run = new Run("--help");
    assertEquals(0, run.exit);
    assertTrue(run.out.contains("Usage: jscc-link"), run.out);
    assertTrue(run.out.contains("Commands:"), run.out);
  }

  @Test
  void versionComesFromTheBuild() {
    Run run = new Run("--version");
    assertEquals(0, run.exit);
    String version = JsccLink.Version.projectVersion();
    assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), "unfiltered version: " + version);
    assertTrue(run.out.startsWith("jscc-link " + version), run.out);
  }

  @Test
  void unknownOrMissingCommandIsAUsageError() {
    Run unknown = new Run("frobnicate");
    assertEquals(2, unknown.exit);
    assertTrue(unknown.err.contains("frobnicate"), unknown.err);

    Run none = new Run();
    assertEquals(2, none.exit);
    assertTrue(none.err.contains("Missing a command"), none.err);
  }
}
