package io.jscclink.link.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The calibrate commands on the simulated device, where the truth is known. */
class CalibrateCommandTest {
  private static JsonObject run(String... args) {
    CommandLine cli = JsccLink.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    assertEquals(0, code, "exit code; stderr: " + err);
    String[] lines = out.toString().trim().split("\n");
    return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
  }

  @Test
  void clockFindsTheConfiguredOffsets(@TempDir Path dir) {
    JsonObject o = run("calibrate", "clock", "--frames", "120", "--cfo-hz", "-800",
        "--sample-rate-offset-ppm", "40", "--out", dir.toString(), "--json");
    // Targets: within 1 ppm; within 1% or 10 Hz.
    assertEquals(40, o.get("sample_rate_offset_ppm").getAsDouble(), 1.0);
    assertEquals(-800, o.get("cfo_hz").getAsDouble(), 10);
    assertTrue(Files.exists(dir.resolve("clock-report.html")));
  }

  @Test
  void iqImpairmentsAreEstimatedWithinATenthOfADbAndOneDegree(@TempDir Path dir) {
    JsonObject o = run("calibrate", "iq", "--frames", "60", "--dc-offset-i", "0.02",
        "--dc-offset-q", "-0.01", "--iq-gain-imbalance-db", "-0.8", "--iq-phase-imbalance-deg",
        "4", "--out", dir.toString(), "--json");
    assertEquals(-0.8, o.get("gain_imbalance_db").getAsDouble(), 0.1);
    assertEquals(4, o.get("phase_imbalance_deg").getAsDouble(), 1.0);
    assertEquals(0.02, o.get("dc_i").getAsDouble(), 0.002);
    assertEquals(-0.01, o.get("dc_q").getAsDouble(), 0.002);
    assertTrue(Files.exists(dir.resolve("iq-correction.json")));
  }

  @Test
  void snrCalibrationWritesALoadableTableAndRemovesTheBias(@TempDir Path dir) throws Exception {
    // The target over its whole range, −5 to 25 dB, at the default 400 frames received
    // per point (seeded). The fitting and validation halves' means differ by a standard error
    // of s·√(2/200): 0.025 dB at 0.25 dB spread (≥ 5 dB), 0.06 dB at −5 dB (0.62 dB spread),
    // so 0.1 dB is 4 s.e. above 0 dB and 1.6 s.e. at −5 dB; measured 0.046 dB.
    JsonObject o = run("calibrate", "snr", "--out", dir.toString(), "--json");
    assertTrue(o.get("max_corrected_bias_db").getAsDouble() < 0.1, o.toString());
    io.jscclink.calibration.snr.SnrCorrectionTable table =
        io.jscclink.calibration.snr.SnrCorrectionTable.load(dir.resolve("snr-correction.json"));
    assertEquals("pilot", table.estimator());
  }

  @Test
  void atMinus5DbMoreFramesAreSentUntilEnoughArriveAndTheBiasIsCorrected(@TempDir Path dir) {
    JsonObject o = run("calibrate", "snr", "--snr-points", "-5,0", "--frames", "200", "--out",
        dir.toString(), "--json");
    JsonObject low = o.getAsJsonArray("points").get(0).getAsJsonObject();
    // At −5 dB the receiver decodes the header of only some frames (about one in seven).
    assertTrue(low.get("frames").getAsInt() >= 200, low.toString());
    assertTrue(low.get("frames_sent").getAsInt() > 2 * low.get("frames").getAsInt(),
        low.toString());
    // Fitting and validation halves of n frames each have a mean with standard error s/√(n/2);
    // their difference √2 times that; allow 3 of them.
    double halfSe = low.get("pilot_std_db").getAsDouble()
        / Math.sqrt(low.get("frames").getAsInt() / 2.0);
    assertEquals(0, low.get("pilot_bias_corrected_db").getAsDouble(), 3 * Math.sqrt(2) * halfSe,
        low.toString());
  }

  @Test
  void underFastFadingThePilotEstimatorHoldsTheAverageSnrWhereM2m4Fails(@TempDir Path dir) {
    // Clarke/Jakes at 100 Hz (frames of ~3 ms at 1 Msps: the gain turns within a frame).
    JsonObject o = run("calibrate", "snr", "--channel", "rayleigh-doppler", "--doppler-hz", "100",
        "--snr-points", "10,20", "--frames", "200", "--out", dir.toString(), "--json");
    JsonObject p = o.getAsJsonArray("points").get(1).getAsJsonObject();
    // The frames' SNRs scatter by several dB around the average; the mean of 200 of them has a
    // standard error of about std/√200 (dB, to first order); allow 3 of those plus the 0.1 dB
    // the 32-symbol blocks lose to the gain's turn within them at 20 dB.
    double se = p.get("pilot_std_db").getAsDouble() / Math.sqrt(p.get("frames").getAsInt());
    assertEquals(0, p.get("pilot_power_bias_db").getAsDouble(), 0.1 + 3 * se, p.toString());
    // The blind estimator reads the gain's changes within a frame as noise.
    assertTrue(p.get("m2m4_power_bias_db").getAsDouble() < -3, p.toString());
  }

  @Test
  void attenuatorStepsAreAskedForInTurnAndGiveEachPointItsTruth(@TempDir Path dir) {
    // The procedure on hardware, rehearsed on the simulated device (which plays the
    // attenuator): 20 dB at 0 dB of attenuation, then 10 and 20 dB more. One Enter per step.
    java.io.InputStream stdin = System.in;
    System.setIn(new java.io.ByteArrayInputStream("\n\n\n".getBytes()));
    JsonObject o;
    CommandLine cli = JsccLink.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try {
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      assertEquals(0, cli.execute("calibrate", "snr", "--attenuations", "0,10,20",
          "--reference-snr", "20", "--frames", "120", "--out", dir.toString(), "--json"),
          err.toString());
    } finally {
      System.setIn(stdin);
    }
    String prompts = err.toString();
    int a20 = prompts.indexOf("set the attenuator to 20.0 dB (Es/N0 0.0 dB");
    int a10 = prompts.indexOf("set the attenuator to 10.0 dB (Es/N0 10.0 dB");
    int a0 = prompts.indexOf("set the attenuator to 0.0 dB (Es/N0 20.0 dB");
    assertTrue(a20 >= 0 && a20 < a10 && a10 < a0, "prompts in order, largest first: " + prompts);
    String[] lines = out.toString().trim().split("\n");
    o = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
    assertEquals(20, o.get("reference_snr_db").getAsDouble(), 0);
    for (int k = 0; k < 3; k++) {
      JsonObject p = o.getAsJsonArray("points").get(k).getAsJsonObject();
      assertEquals(20 - 10 * k, p.get("attenuation_db").getAsDouble(), 0);
      assertEquals(10 * k, p.get("snr_db").getAsDouble(), 0);
      // The truth each point was given is the one the frames arrived at: 120 frames, std
      // ≤ 0.45 dB, so the mean error is within 3·0.45/√120 = 0.12 dB plus the 0.05 dB the
      // estimator may read off before its own calibration.
      assertEquals(0, p.get("pilot_bias_db").getAsDouble(), 0.17, p.toString());
    }
  }

  @Test
  void hardwareWithoutAttenuatorStepsOrAnOperatorIsRefusedClearly() {
    CommandLine cli = JsccLink.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    assertEquals(2, cli.execute("calibrate", "snr", "--device", "hackrf"));
    assertTrue(err.toString().contains("--attenuations"), err.toString());
    assertEquals(2, cli.execute("calibrate", "snr", "--frames", "0"));
    assertTrue(err.toString().contains("--frames must be >= 1"), err.toString());

    java.io.InputStream stdin = System.in;
    System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
    StringWriter err2 = new StringWriter();
    try {
      cli = JsccLink.commandLine();
      cli.setErr(new PrintWriter(err2));
      cli.setOut(new PrintWriter(new StringWriter()));
      assertEquals(2, cli.execute("calibrate", "snr", "--attenuations", "0,10",
          "--reference-snr", "15", "--frames", "10"));
    } finally {
      System.setIn(stdin);
    }
    assertTrue(err2.toString().contains("standard input ended before the attenuator was set to"
        + " 10.0 dB"), err2.toString());
  }

  @Test
  void anSnrRecordingReplaysToTheSameFiguresWithTheTruthItCarries(@TempDir Path dir) {
    JsonObject live = run("calibrate", "snr", "--snr-points", "0,10", "--frames", "60",
        "--record", "--out", dir.resolve("live").toString(), "--json");
    String meta = live.get("recording").getAsString();
    JsonObject replay = run("calibrate", "snr", "--device", "sigmf:" + meta, "--out",
        dir.resolve("replay").toString(), "--json");
    for (int k = 0; k < 2; k++) {
      JsonObject a = live.getAsJsonArray("points").get(k).getAsJsonObject();
      JsonObject b = replay.getAsJsonArray("points").get(k).getAsJsonObject();
      assertEquals(a.get("snr_db").getAsDouble(), b.get("snr_db").getAsDouble(), 0);
      assertEquals(a.get("frames").getAsInt(), b.get("frames").getAsInt());
      assertEquals(a.get("pilot_bias_db").getAsDouble(), b.get("pilot_bias_db").getAsDouble(),
          1e-9);
      assertEquals(a.get("m2m4_bias_db").getAsDouble(), b.get("m2m4_bias_db").getAsDouble(),
          1e-9);
    }
    // A recording without the points' truth (calibrate channel's) is refused, naming why.
    JsonObject channel = run("calibrate", "channel", "--frames", "20", "--out",
        dir.resolve("channel").toString(), "--json");
    CommandLine cli = JsccLink.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    assertEquals(2, cli.execute("calibrate", "snr", "--device",
        "sigmf:" + channel.get("recording").getAsString(), "--out",
        dir.resolve("bad").toString()));
    assertTrue(err.toString().contains("not made by calibrate snr"), err.toString());
  }

  @Test
  void aChannelRecordingReplaysToTheSameFigures(@TempDir Path dir) {
    JsonObject live = run("calibrate", "channel", "--channel", "rician", "--rician-k", "3",
        "--frames", "300", "--out", dir.resolve("live").toString(), "--json");
    // CRB of K̂ at K = 3 scales as 1/sqrt(n): 0.144·sqrt(2000/300) = 0.37; 3 s.d.
    assertEquals(3, live.get("k_ml").getAsDouble(), 1.1);
    String meta = live.get("recording").getAsString();
    JsonObject replay = run("calibrate", "channel", "--device", "sigmf:" + meta, "--out",
        dir.resolve("replay").toString(), "--json");
    assertEquals(live.get("frames_detected").getAsInt(), replay.get("frames_detected").getAsInt());
    assertEquals(live.get("k_ml").getAsDouble(), replay.get("k_ml").getAsDouble(), 1e-9);
    assertEquals(live.get("cfo_hz_mean").getAsDouble(), replay.get("cfo_hz_mean").getAsDouble(),
        1e-6);
  }

  @Test
  void aGainTableLetsTheLinkHitATargetSnr(@TempDir Path dir) throws Exception {
    // Es/N0 0 dB at the simulated device's reference TX gain (20 dB): the path SNR is
    // gain − 20 dB. Below full scale the estimate follows it; the pilot estimator's own bias
    // is ≤ 0.3 dB at 0 dB (calibrate snr measures it) and the mean of 60 frames of spread
    // ≤ 0.5 dB has a standard error ≤ 0.07 dB, so 0.5 dB bounds the error.
    JsonObject o = run("calibrate", "gain", "--tx-gains", "10,20,30", "--frames", "60",
        "--snr", "0", "--out", dir.toString(), "--json");
    var points = o.getAsJsonArray("points");
    assertEquals(3, points.size());
    assertEquals(0, points.get(0).getAsJsonObject().get("frames_detected").getAsInt(),
        "−10 dB: below the preamble detector's reach");
    for (int k = 1; k < 3; k++) {
      JsonObject p = points.get(k).getAsJsonObject();
      assertEquals(p.get("path_snr_db").getAsDouble(), p.get("snr_db_est").getAsDouble(), 0.5,
          p.toString());
    }
    io.jscclink.calibration.gain.GainTable table =
        io.jscclink.calibration.gain.GainTable.load(dir.resolve("gain-table.json"));
    assertEquals(28, table.txGainFor(8, 30).txGainDb(), 1.0);

    JsonObject link = run("link", "--scheme", "bernst", "--snr", "0", "--target-snr", "8",
        "--gain-table", dir.resolve("gain-table.json").toString(), "--images", "16", "--json");
    assertEquals(8, link.get("snr_db_true").getAsDouble(), 0.6, "the chosen gain's true SNR");
    assertEquals(8, link.get("snr_db_est").getAsDouble(), 0.6, "and the receiver's estimate");
  }
}
