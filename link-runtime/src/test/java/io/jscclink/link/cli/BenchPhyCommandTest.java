package io.jscclink.link.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchPhyCommandTest {
  private static String[] run(String... args) {
    CommandLine cli = JsccLink.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new String[] {Integer.toString(exit), out.toString(), err.toString()};
  }

  @Test
  void jsonHasTheReceiverFiguresAndEveryFrameDecoded() {
    String[] r = run("bench", "phy", "--json", "--no-gnuradio", "--seconds", "0.3", "--frames", "3");
    assertEquals("0", r[0], r[2]);
    JsonObject o = JsonParser.parseString(r[1].strip()).getAsJsonObject();
    assertTrue(o.get("rx_msps").getAsDouble() > 0);
    assertTrue(o.get("samples").getAsLong() > 0);
    assertEquals(o.get("frames_sent").getAsLong(), o.get("frames_delivered").getAsLong());
    assertFalse(o.has("gnuradio_msps"), "no GNU Radio keys when it was skipped");
  }

  @Test
  void badOptionsAreUsageErrorsNamingTheRange() {
    String[] r = run("bench", "phy", "--frames", "0");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--frames must be in [1, 10000]"), r[2]);
  }
}
