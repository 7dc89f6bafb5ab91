package io.jscclink.link.cli;

import com.google.gson.GsonBuilder;
import io.jscclink.calibration.capture.CalibrationRig;
import io.jscclink.calibration.capture.FrameLog;
import io.jscclink.calibration.capture.PilotCapture;
import io.jscclink.calibration.report.HtmlReport;
import io.jscclink.calibration.snr.SnrCalibration;
import io.jscclink.phy.frame.FrameLayout;
import io.jscclink.phy.frame.PhyConfig;
import io.jscclink.proto.sdr.v1.ChannelEmulation;
import io.jscclink.sdr.sigmf.SigMfDatatype;
import io.jscclink.sdr.sigmf.SigMfMetadata;
import io.jscclink.sdr.sigmf.SigMfRecorder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code jscc-link calibrate snr}: pilot frames at known SNRs; bias and RMSE of the pilot and
 * M2M4 estimators against the truth and the Cramér–Rao bound; a correction table for the
 * runtime.
 */
@Command(name = "snr", mixinStandardHelpOptions = true,
    description = "Calibrate the SNR estimators at known SNRs (simulated device, or hardware"
        + " stepped through a step attenuator).")
final class CalibrateSnrCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin CalibrationOptions options = new CalibrationOptions();
  @Mixin ChannelOptions channel = new ChannelOptions();

  @Option(names = "--snr-points", split = ",", defaultValue = "-5,0,5,10,15,20,25",
      description = "True SNRs (Es/N0, dB) to measure at (default ${DEFAULT-VALUE}).")
  double[] points;

  @Option(names = "--frames", defaultValue = "400",
      description = "Frames received per SNR point: at low SNR, where the receiver detects"
          + " only some, more are sent (default ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--max-frames-sent",
      description = "Most frames sent per SNR point (default 25 × --frames).")
  Integer maxFramesSent;

  @Option(names = "--record",
      description = "Write the received samples as a SigMF recording (snr.sigmf-meta/-data in"
          + " --out, CF32: 8 bytes per sample, most of them at the lowest SNR, where most frames"
          + " are sent) with each point's span and true"
          + " SNR annotated; --device sigmf:FILE replays it.")
  boolean record;

  @Option(names = "--attenuations", split = ",", paramLabel = "DB",
      description = "Hardware: the step attenuator's settings to measure at, dB. Before each"
          + " point the command asks (on stderr) for the setting and waits for Enter on stdin."
          + " With --device sim the simulated channel plays the attenuator, to rehearse.")
  double[] attenuations;

  @Option(names = "--reference-snr", paramLabel = "DB",
      description = "With --attenuations: the true Es/N0 at the first attenuation, measured"
          + " independently (e.g. signal and noise power on a spectrum analyser); each point's"
          + " truth is this less the attenuation added since the first.")
  Double referenceSnrDb;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (frames < 1 || (maxFramesSent != null && maxFramesSent < frames)) {
      err.println("jscc-link calibrate snr: --frames must be >= 1 and --max-frames-sent at least"
          + " --frames, got " + frames + " and " + maxFramesSent);
      return 2;
    }
    boolean replay = options.device.startsWith("sigmf:");
    double[] attenuationAt = null;
    if (replay) {
      // The truths come from the recording's point annotations.
      if (attenuations != null) {
        err.println("jscc-link calibrate snr: a recording carries its own SNR points;"
            + " --attenuations is for a live capture");
        return 2;
      }
    } else if (attenuations != null) {
      if (referenceSnrDb == null) {
        err.println("jscc-link calibrate snr: --attenuations needs --reference-snr, the true Es/N0"
            + " at the first attenuation");
        return 2;
      }
      // Points ascend in SNR, so the attenuations are stepped from the largest down.
      attenuationAt = attenuations.clone();
      java.util.Arrays.sort(attenuationAt);
      reverse(attenuationAt);
      points = new double[attenuationAt.length];
      for (int k = 0; k < points.length; k++) {
        points[k] = referenceSnrDb - (attenuationAt[k] - attenuations[0]);
      }
    } else if (!options.device.equals("sim")) {
      err.println("jscc-link calibrate snr: needs known SNRs; on hardware give the step"
          + " attenuator's settings (--attenuations) and the true Es/N0 at the first"
          + " (--reference-snr)");
      return 2;
    }
    BufferedReader operator = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8));
    PhyConfig phy = PhyConfig.defaults();
    SnrCalibration cal;
    int knownTotal;
    Files.createDirectories(options.out);
    Path recording = options.out.resolve("snr");
    try (CalibrationRig rig = options.openRig(phy)) {
      // The pilot estimator uses every known symbol of the frame: preamble, pilot groups and
      // the known payload; the Cramér–Rao bound counts the same.
      FrameLayout layout = new FrameLayout(phy, options.knownSymbols);
      knownTotal = layout.preambleSymbols() + layout.pilotSymbols() + options.knownSymbols;
      int spacing = rig.capture().frameSamples(options.knownSymbols);
      if (replay) {
        cal = replay(rig, knownTotal, spacing, err);
      } else {
        cal = new SnrCalibration(points, knownTotal);
        try (SigMfRecorder recorder = !record ? null : new SigMfRecorder(recording,
            SigMfDatatype.CF32_LE, options.sampleRateHz, 0, "jscc-link " + options.device,
            "jscc-link calibrate snr: pilot frames at known SNRs")) {
          for (int k = 0; k < points.length; k++) {
            if (attenuationAt != null && !attenuatorSet(operator, err, attenuationAt[k],
                points[k])) {
              return 2;
            }
            long pointStart = recorder == null ? 0 : recorder.samplesWritten();
            cal.sent(k, measurePoint(rig, cal, k, spacing, phy, recorder, err));
            if (recorder != null) {
              // The truth travels with the samples, so a replay gives the same figures.
              recorder.annotate(pointStart, recorder.samplesWritten() - pointStart,
                  POINT_LABEL, String.format(Locale.ROOT, "%s%.6f%s", TRUTH_KEY, points[k],
                      attenuationAt == null ? "" : String.format(Locale.ROOT,
                          " attenuation_db=%.3f", attenuationAt[k])));
            }
          }
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("jscc-link calibrate snr: " + e.getMessage());
      return 2;
    }
    Path table = options.out.resolve("snr-correction.json");
    cal.pilotTable().save(table);
    HtmlReport report = new HtmlReport("SNR estimator calibration");
    report.paragraph(String.format(Locale.ROOT, "At least %d frames received per point (more"
        + " sent where the receiver detects fewer) over %s, %d known symbols"
        + " per frame, channel %s.", frames, options.device, knownTotal,
        channel.kind().label()));
    cal.writeTo(report);
    Path html = options.out.resolve("snr-report.html");
    report.write(html);

    Map<String, Object> o = new LinkedHashMap<>();
    o.put("command", "calibrate snr");
    o.put("device", options.device);
    o.put("channel", channel.kind().label());
    o.put("known_symbols", knownTotal);
    o.put("frames_per_point", frames);
    o.put("max_corrected_bias_db", cal.maxCorrectedBiasDb());
    List<Map<String, Object>> pointFigures = cal.points();
    if (attenuationAt != null) {
      o.put("reference_snr_db", referenceSnrDb);
      for (int k = 0; k < pointFigures.size(); k++) {
        pointFigures.get(k).put("attenuation_db", attenuationAt[k]);
      }
    }
    o.put("points", pointFigures);
    o.put("recording", record && !replay ? recording + ".sigmf-meta" : null);
    o.put("table", table.toString());
    o.put("report", html.toString());
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      out.println(new GsonBuilder().serializeNulls().create().toJson(o));
    } else {
      out.printf(Locale.ROOT, "largest |bias| after correction %.3f dB; table %s; report %s%n",
          cal.maxCorrectedBiasDb(), table, html);
    }
    out.flush();
    return 0;
  }

  private static final String POINT_LABEL = "snr point";
  private static final String TRUTH_KEY = "es_n0_db=";

  /** Asks the operator for the next attenuator setting; false when stdin has ended. */
  private static boolean attenuatorSet(BufferedReader operator, PrintWriter err,
      double attenuationDb, double esN0Db) throws IOException {
    err.printf(Locale.ROOT, "calibrate snr: set the attenuator to %.1f dB (Es/N0 %.1f dB at"
        + " the receiver), then press Enter%n", attenuationDb, esN0Db);
    err.flush();
    if (operator.readLine() == null) {
      err.printf(Locale.ROOT, "jscc-link calibrate snr: standard input ended before the"
          + " attenuator was set to %.1f dB%n", attenuationDb);
      return false;
    }
    return true;
  }

  /**
   * Sends pilot frames at point k until --frames have arrived (at most --max-frames-sent):
   * at low SNR the receiver detects only some, and the lucky few would leave too few for a
   * mean within 0.1 dB. Each round draws fresh noise. Returns the frames sent.
   */
  private long measurePoint(CalibrationRig rig, SnrCalibration cal, int k, int spacing,
      PhyConfig phy, SigMfRecorder recorder, PrintWriter err)
      throws IOException, InterruptedException {
    long maxSent = maxFramesSent != null ? maxFramesSent : 25L * frames;
    long sent = 0;
    long received = 0;
    for (int round = 0; received < frames && sent < maxSent; round++) {
      // After the first round, aim a little past what the detection rate so far predicts.
      double rate = Math.max((double) received / Math.max(sent, 1), 1.0 / 25);
      int batch = round == 0 ? (int) Math.min(maxSent, frames) : (int) Math.min(maxSent - sent,
          Math.max(10, Math.ceil(1.1 * (frames - received) / rate)));
      PilotCapture.Plan plan = new PilotCapture.Plan(batch, options.knownSymbols, 100, spacing);
      String label = String.format(Locale.ROOT, "%5.1f dB%s", points[k],
          round == 0 ? "" : " (more)");
      ChannelEmulation emulation = channel.emulation(points[k], phy).toBuilder()
          .setSeed(channel.seed() + 1_000_003L * round).build();
      FrameLog log = rig.run(rig.atEsN0(emulation, points[k], plan), plan, recorder,
          CalibrationOptions.progress(err, label, batch));
      err.println();
      for (int i = 0; i < log.count(); i++) {
        cal.add(k, log.pilotSnrDb()[i], log.m2m4SnrDb()[i]);
      }
      sent += batch;
      received += log.count();
    }
    return sent;
  }

  /**
   * A recording of an earlier run: its "snr point" annotations give each span of samples its
   * true SNR; every frame found in the replay counts at the point whose span holds its start.
   */
  private SnrCalibration replay(CalibrationRig rig, int knownTotal, int spacing,
      PrintWriter err) throws IOException, InterruptedException {
    SigMfMetadata meta = SigMfMetadata.read(Path.of(options.device.substring("sigmf:".length())));
    List<SigMfMetadata.Annotation> spans = meta.annotations().stream()
        .filter(a -> POINT_LABEL.equals(a.label())).toList();
    if (spans.isEmpty()) {
      throw new IllegalArgumentException("the recording has no \"" + POINT_LABEL
          + "\" annotations: it was not made by calibrate snr");
    }
    points = new double[spans.size()];
    for (int k = 0; k < points.length; k++) {
      String comment = spans.get(k).comment();
      int at = comment == null ? -1 : comment.indexOf(TRUTH_KEY);
      if (at < 0) {
        throw new IllegalArgumentException("snr point annotation " + k + " has no " + TRUTH_KEY);
      }
      points[k] = Double.parseDouble(comment.substring(at + TRUTH_KEY.length()).split(" ")[0]);
    }
    SnrCalibration cal = new SnrCalibration(points, knownTotal);
    PilotCapture.Plan plan = new PilotCapture.Plan(1, options.knownSymbols, 1, spacing);
    FrameLog log = rig.run(null, plan, null, CalibrationOptions.progress(err, "replay", 0));
    err.println();
    for (int i = 0; i < log.count(); i++) {
      double start = log.startSample()[i];
      for (int k = 0; k < spans.size(); k++) {
        SigMfMetadata.Annotation span = spans.get(k);
        if (start >= span.sampleStart() && start < span.sampleStart() + span.sampleCount()) {
          cal.add(k, log.pilotSnrDb()[i], log.m2m4SnrDb()[i]);
          break;
        }
      }
    }
    return cal;
  }

  private static void reverse(double[] a) {
    for (int i = 0, j = a.length - 1; i < j; i++, j--) {
      double t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
