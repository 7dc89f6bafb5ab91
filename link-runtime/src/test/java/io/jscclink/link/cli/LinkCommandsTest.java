package io.jscclink.link.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jscclink.models.store.ModelCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** link, sweep and demo from the command line, on the bundled models. */
class LinkCommandsTest {
  private static String[] run(int expectedCode, String... args) {
    CommandLine cli = JsccLink.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    assertEquals(expectedCode, code, "exit code; stderr: " + err);
    return new String[] {out.toString(), err.toString()};
  }

  private static JsonObject lastJson(String out) {
    String[] lines = out.trim().split("\n");
    return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
  }

  private static void assumeModel(String name) throws Exception {
    assumeTrue(Files.isDirectory(ModelCatalog.modelsFolder().resolve(name)), name + " missing");
  }

  @Test
  void linkOverTheBitLevelBscWritesItsFiles(@TempDir Path dir) throws Exception {
    assumeModel("bernst-mnist-eps0.1");
    JsonObject o = lastJson(run(0, "link", "--scheme", "bernst", "--channel", "bsc", "--snr",
        "4", "--images", "32", "--out", dir.toString(), "--json")[0]);
    assertEquals("bit-level", o.get("device").getAsString());
    assertEquals(32, o.get("images_complete").getAsInt());
    // BSC with ε = Q(sqrt(2·10^0.4)) = 0.0125 over 3200 bits: s.d. 0.002; 4 s.d.
    assertEquals(0.0125, o.get("ber").getAsDouble(), 0.008);
    assertTrue(o.get("frames_sent").getAsInt() == 0, "no frames on a bit-level channel");
    assertTrue(Files.exists(dir.resolve("received.png")));
    assertTrue(Files.exists(dir.resolve("summary.json")));
    assertTrue(Files.readString(dir.resolve("report.html")).contains("Per image"));
    assertTrue(Files.readAllLines(dir.resolve("frames.csv")).get(0).startsWith("sequence,"));
  }

  @Test
  void benchLinkReportsEachSchemeAndModeUnderItsOwnKeys() throws Exception {
    assumeModel("bernst-mnist-eps0.1");
    JsonObject o = lastJson(run(0, "bench", "link", "--scheme", "bernst", "--images", "16",
        "--compute", "cpu", "--json")[0]);
    for (String mode : new String[] {"unpaced", "paced"}) {
      String k = "bernst." + mode + ".";
      assertEquals(16, o.get(k + "images").getAsInt());
      assertTrue(o.get(k + "throughput_images_per_s").getAsDouble() > 0, o.toString());
      assertTrue(o.get(k + "rx_msps").getAsDouble() > 0, o.toString());
      // A thread's CPU time never exceeds its wall-clock time (10 % for the clocks' reads).
      assertTrue(o.get(k + "rx_msps_cpu").getAsDouble() >= 0.9 * o.get(k + "rx_msps").getAsDouble(),
          o.toString());
      assertEquals(0, o.get(k + "frames_lost").getAsInt(), "10 dB loses no frame");
    }
  }

  @Test
  void badInputGetsAClearErrorAndAUsageExitCode(@TempDir Path dir) throws Exception {
    String[] r = run(2, "link", "--scheme", "nope", "--snr", "10");
    assertTrue(r[1].contains("allowed"), r[1]);
    Files.writeString(dir.resolve("not-an-image.png"), "text");
    assumeModel("bernst-mnist-eps0.1");
    r = run(1, "link", "--scheme", "bernst", "--snr", "10", "--input", dir.toString());
    assertTrue(r[1].contains("not a readable PNG"), r[1]);
  }

  @Test
  void jscgcDrawsTheReceivedImagesWithItsGenerator(@TempDir Path dir) throws Exception {
    assumeModel("jscgc-fmnist-awgn");
    JsonObject o = lastJson(run(0, "link", "--scheme", "jscgc", "--snr", "10", "--images", "8",
        "--compute", "cpu", "--json")[0]);
    assertEquals(8, o.get("images_complete").getAsInt());
    // A generated image follows its source without being a point estimate: its PSNR must beat
    // that of unrelated images (each test image against the one 8 places on) by a margin.
    var test = io.jscclink.models.data.Datasets.load(
        io.jscclink.models.data.DatasetName.FASHION_MNIST, io.jscclink.models.data.Split.TEST);
    double unrelated = 0;
    for (int i = 0; i < 8; i++) {
      unrelated += io.jscclink.models.eval.ImageMetrics.psnrDb(test.pixels(), i * 784,
          test.pixels(), (i + 8) * 784, 784) / 8;
    }
    double psnr = o.get("psnr_db").getAsDouble();
    assertTrue(psnr > unrelated + 2, "PSNR " + psnr + " vs unrelated images " + unrelated);
  }

  @Test
  void sweepRunsEveryPointAndWritesTheCurves(@TempDir Path dir) throws Exception {
    assumeModel("bernst-mnist-eps0.1");
    JsonObject o = lastJson(run(0, "sweep", "--schemes", "bernst", "--channels", "awgn",
        "--snr", "2,8", "--images", "16", "--out", dir.toString(), "--json")[0]);
    assertEquals(2, o.getAsJsonArray("runs").size());
    double low = o.getAsJsonArray("runs").get(0).getAsJsonObject().get("ber").getAsDouble();
    double high = o.getAsJsonArray("runs").get(1).getAsJsonObject().get("ber").getAsDouble();
    assertTrue(low > high, "BER must fall with SNR: " + low + " then " + high);
    assertTrue(Files.exists(dir.resolve("sweep.html")));
  }

  @Test
  void demoSendsEveryBundledSchemeOverEveryChannelWithValuesInRange(@TempDir Path dir)
      throws Exception {
    assumeModel("bernst-mnist-eps0.1");
    JsonObject o = lastJson(run(0, "demo", "--images", "8", "--out", dir.toString(),
        "--json")[0]);
    assertTrue(o.getAsJsonArray("runs").size() >= 2);
    for (JsonElement e : o.getAsJsonArray("runs")) {
      JsonObject r = e.getAsJsonObject();
      String what = r.toString();
      for (String key : new String[] {"scheme", "channel", "device", "snr_db", "snr_db_est",
          "snr_db_est_std", "psnr_db", "ssim", "accuracy", "ber", "frames_sent",
          "frames_received", "frames_lost", "header_crc_failures", "images_complete",
          "latency_ms_p50", "latency_ms_p99", "throughput_images_per_s", "realtime_factor"}) {
        assertTrue(r.has(key), "missing " + key + " in " + what);
      }
      assertTrue(r.get("device").getAsString().contains("127.0.0.1"), what);
      int sent = r.get("frames_sent").getAsInt();
      int received = r.get("frames_received").getAsInt();
      assertEquals(sent - received, r.get("frames_lost").getAsInt(), what);
      if (r.get("channel").getAsString().equals("awgn")) {
        assertEquals(sent, received, "no frame lost over AWGN at 10 dB: " + what);
      }
      assertTrue(r.get("images_complete").getAsInt() <= 8, what);
      // AWGN: every frame at 10 dB, the estimate's s.d. ~0.3 dB. Rayleigh: 10·log10|h|² has
      // mean −2.51 dB and s.d. 5.57 dB, so the mean over n frames sits within 4·5.57/sqrt(n).
      double est = r.get("snr_db_est").getAsDouble();
      if (r.get("channel").getAsString().equals("awgn")) {
        assertEquals(10, est, 0.5, what);
      } else {
        assertEquals(10 - 2.51, est, 4 * 5.57 / Math.sqrt(Math.max(1, received)), what);
      }
      inRange(r, "psnr_db", 8, 60);
      inRange(r, "ssim", 0, 1);
      inRange(r, "accuracy", 0, 1);
      inRange(r, "ber", 0, 0.5);
      assertTrue(r.get("latency_ms_p50").getAsDouble() <= r.get("latency_ms_p99").getAsDouble());
    }
    assertTrue(Files.exists(dir.resolve("index.html")));
  }

  private static void inRange(JsonObject r, String key, double lo, double hi) {
    if (!r.get(key).isJsonNull()) {
      double v = r.get(key).getAsDouble();
      assertTrue(v >= lo && v <= hi, key + " = " + v + " outside [" + lo + ", " + hi + "]: " + r);
    }
  }

}
