package io.jscclink.link.cli;

import com.google.gson.GsonBuilder;
import io.jscclink.calibration.capture.CalibrationRig;
import io.jscclink.calibration.capture.FrameLog;
import io.jscclink.calibration.capture.PilotCapture;
import io.jscclink.calibration.iq.IqImbalance;
import io.jscclink.calibration.report.HtmlReport;
import io.jscclink.phy.frame.PhyConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jscc-link calibrate iq}: DC offset and IQ gain/phase imbalance of the receiver from
 * the second-order statistics of the receiver noise between pilot frames. That noise is
 * circular, so any non-circularity (and any mean) is the front end's; the frames themselves
 * are left out because BPSK-like reference symbols are not circular. The correction is
 * applied to the capture and the residual measured again, and written for the receiver.
 */
@Command(name = "iq", mixinStandardHelpOptions = true,
    description = "DC offset and IQ imbalance of the receiver, with the residual after correction.")
final class CalibrateIqCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin CalibrationOptions options = new CalibrationOptions();
  @Mixin ChannelOptions channel = new ChannelOptions();

  @Option(names = "--snr", defaultValue = "15", paramLabel = "DB",
      description = "Es/N0 of the simulated channel, dB (default ${DEFAULT-VALUE}).")
  double snrDb;

  @Option(names = "--frames", defaultValue = "200",
      description = "Frames to capture (default ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--guard-frames", defaultValue = "3",
      description = "Frame lengths of silence after each frame, where the noise is measured"
          + " (default ${DEFAULT-VALUE}).")
  int guardFrames;

  @Option(names = "--max-samples", defaultValue = "4000000",
      description = "Received samples kept for the estimate (default ${DEFAULT-VALUE}).")
  int maxSamples;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PhyConfig phy = PhyConfig.defaults();
    float[] kept = new float[2 * maxSamples];
    int[] filled = {0};
    FrameLog log;
    int frameSamples;
    try (CalibrationRig rig = options.openRig(phy)) {
      rig.capture().tap((iq, n) -> {
        int take = Math.min(n, maxSamples - filled[0]);
        System.arraycopy(iq, 0, kept, 2 * filled[0], 2 * take);
        filled[0] += take;
      });
      frameSamples = rig.capture().frameSamples(options.knownSymbols);
      int spacing = frameSamples * (1 + guardFrames);
      PilotCapture.Plan plan = new PilotCapture.Plan(frames, options.knownSymbols, 20, spacing);
      log = rig.run(rig.atEsN0(channel.emulation(snrDb, phy), snrDb, plan), plan, null,
          CalibrationOptions.progress(err, "iq", frames));
      err.println();
    } catch (IllegalArgumentException e) {
      err.println("jscc-link calibrate iq: " + e.getMessage());
      return 2;
    }
    int n = noiseOnly(kept, filled[0], log, frameSamples);
    if (n < 10_000) {
      err.println("jscc-link calibrate iq: only " + n + " noise samples between frames; need"
          + " 10000 (more --frames or --guard-frames)");
      return 1;
    }
    IqImbalance before = IqImbalance.estimate(kept, 0, n);
    float[] corrected = Arrays.copyOf(kept, 2 * n);
    before.correct(corrected, 0, n);
    IqImbalance after = IqImbalance.estimate(corrected, 0, n);

    Files.createDirectories(options.out);
    Path table = options.out.resolve("iq-correction.json");
    before.save(table);

    Map<String, Object> o = new LinkedHashMap<>();
    o.put("command", "calibrate iq");
    o.put("device", options.device);
    o.put("samples", n);
    o.put("frames_detected", log.count());
    o.put("dc_i", before.dcI);
    o.put("dc_q", before.dcQ);
    o.put("gain_imbalance_db", before.gainImbalanceDb);
    o.put("phase_imbalance_deg", before.phaseImbalanceDeg);
    if (options.device.equals("sim")) {
      o.put("true_dc_i", channel.dcOffsetI);
      o.put("true_dc_q", channel.dcOffsetQ);
      o.put("true_gain_imbalance_db", channel.iqGainImbalanceDb);
      o.put("true_phase_imbalance_deg", channel.iqPhaseImbalanceDeg);
    }
    o.put("residual_dc_i", after.dcI);
    o.put("residual_dc_q", after.dcQ);
    o.put("residual_gain_imbalance_db", after.gainImbalanceDb);
    o.put("residual_phase_imbalance_deg", after.phaseImbalanceDeg);
    o.put("correction", table.toString());
    Path html = options.out.resolve("iq-report.html");
    o.put("report", html.toString());
    new HtmlReport("Receiver IQ impairments")
        .paragraph(n + " received samples over " + options.device + ".")
        .table(List.of("", "DC I", "DC Q", "gain dB", "phase °"), List.of(
            row("estimated", before), row("residual after correction", after)))
        .write(html);
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      out.println(new GsonBuilder().create().toJson(o));
    } else {
      out.printf(Locale.ROOT, "DC (%.4f, %.4f), gain %.3f dB, phase %.3f°; residual gain %.4f dB,"
          + " phase %.4f°; correction %s%n", before.dcI, before.dcQ, before.gainImbalanceDb,
          before.phaseImbalanceDeg, after.gainImbalanceDb, after.phaseImbalanceDeg, table);
    }
    out.flush();
    return 0;
  }

  /**
   * Compacts {@code iq} to the samples outside every detected frame (with a margin of the
   * receive filter's span) and returns their number. Frame starts are counted in samples
   * since the receiver's first input, which is where the tap began too.
   */
  private static int noiseOnly(float[] iq, int samples, FrameLog log, int frameSamples) {
    boolean[] busy = new boolean[samples];
    int margin = 64;
    for (int f = 0; f < log.count(); f++) {
      long from = Math.max(0, Math.round(log.startSample()[f]) - margin);
      long to = Math.min(samples, Math.round(log.startSample()[f]) + frameSamples + margin);
      for (long i = from; i < to; i++) {
        busy[(int) i] = true;
      }
    }
    int kept = 0;
    for (int i = 0; i < samples; i++) {
      if (!busy[i]) {
        iq[2 * kept] = iq[2 * i];
        iq[2 * kept + 1] = iq[2 * i + 1];
        kept++;
      }
    }
    return kept;
  }

  private static List<String> row(String label, IqImbalance q) {
    return List.of(label, String.format(Locale.ROOT, "%.5f", q.dcI),
        String.format(Locale.ROOT, "%.5f", q.dcQ),
        String.format(Locale.ROOT, "%.4f", q.gainImbalanceDb),
        String.format(Locale.ROOT, "%.4f", q.phaseImbalanceDeg));
  }
}
