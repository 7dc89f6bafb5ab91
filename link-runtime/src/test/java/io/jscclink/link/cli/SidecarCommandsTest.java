package io.jscclink.link.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jscclink.sdr.server.SidecarServer;
import io.jscclink.sdr.sim.SimulatedDevice;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code jscc-link sidecar} argument checks and {@code jscc-link bench sidecar --json}. */
class SidecarCommandsTest {
  private static String[] run(String... args) {
    CommandLine cli = JsccLink.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new String[] {String.valueOf(exit), out.toString(), err.toString()};
  }

  @Test
  void sidecarRefusesAnExposedAddressWithoutTlsAndToken() {
    String[] result = run("sidecar", "--device", "sim", "--listen", "0.0.0.0:50599");
    assertEquals("2", result[0]);
    assertTrue(result[2].contains("requires TLS and a bearer token"), result[2]);
  }

  @Test
  void sidecarRejectsAnUnknownDevice() {
    String[] result = run("sidecar", "--device", "rtlsdr");
    assertEquals("2", result[0]);
    assertTrue(result[2].contains("unknown device 'rtlsdr'"), result[2]);
  }

  /** Short streams: the figures are not judged here, only their presence and the loss rule. */
  @Test
  void benchSidecarPrintsTheFiguresAsOneJsonObject() {
    String[] result = run("bench", "sidecar", "--json", "--seconds", "0.3", "--warmup-s",
        "0.1", "--paced-rate", "1e6", "--block-samples", "16384");
    assertEquals("0", result[0], result[2]);
    JsonObject json = JsonParser.parseString(result[1].trim()).getAsJsonObject();
    assertTrue(json.get("rx_msps_cf32").getAsDouble() > 0);
    assertTrue(json.get("rx_msps_cs8").getAsDouble() > 0);
    assertTrue(json.get("rx_msps_cf32_timeline").isJsonArray()); // < 1 s: no whole second
    assertTrue(json.has("samples_lost_reported"));
    assertEquals(0, json.get("samples_lost_unreported").getAsLong());
    assertEquals(1.0, json.get("paced_rate_msps").getAsDouble());
    assertEquals("in-process", json.get("sidecar").getAsString());
  }

  @Test
  void benchSidecarMeasuresARunningSidecarGivenItsAddress() throws Exception {
    try (SidecarServer server = new SidecarServer(
        SidecarServer.networkBuilder("127.0.0.1:0", null, null, null),
        SimulatedDevice.factory(0.5), SidecarServer.Options.defaults(), null).start()) {
      String target = "127.0.0.1:" + server.port();
      String[] result = run("bench", "sidecar", "--json", "--target", target, "--seconds",
          "0.3", "--warmup-s", "0.1", "--paced-rate", "0", "--block-samples", "16384");
      assertEquals("0", result[0], result[2]);
      JsonObject json = JsonParser.parseString(result[1].trim()).getAsJsonObject();
      assertEquals(target, json.get("sidecar").getAsString());
      assertTrue(json.get("rx_msps_cf32").getAsDouble() > 0);
      assertTrue(json.get("rx_msps_cs8").getAsDouble() > 0);
      assertEquals(0, json.get("samples_lost_unreported").getAsLong());
    }
  }

  @Test
  void benchSidecarNamesATargetThatDoesNotAnswer() {
    String[] result = run("bench", "sidecar", "--json", "--target", "127.0.0.1:1",
        "--seconds", "0.2", "--warmup-s", "0");
    assertEquals("1", result[0]);
    assertTrue(result[2].contains("the sidecar at 127.0.0.1:1 did not serve the bench"),
        result[2]);
  }
}
