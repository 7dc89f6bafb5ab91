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
import java.io.BufferedReader;
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
    if (options.device.startsWith("sigmf:")) {
      err.println("jscc-link calibrate snr: a recording holds no SNR truth; use --device sim, or"
          + " hardware with --attenuations and --reference-snr");
      return 2;
    }
    double[] attenuationAt = null;
    if (attenuations != null) {
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
    try (CalibrationRig rig = options.openRig(phy)) {
      // The pilot estimator uses every known symbol of the frame: preamble, pilot groups and
      // the known payload; the Cramér–Rao bound counts the same.
      FrameLayout layout = new FrameLayout(phy, options.knownSymbols);
      knownTotal = layout.preambleSymbols() + layout.pilotSymbols() + options.knownSymbols;
      cal = new SnrCalibration(points, knownTotal);
      int spacing = rig.capture().frameSamples(options.knownSymbols);
      long maxSent = maxFramesSent != null ? maxFramesSent : 25L * frames;
      for (int k = 0; k < points.length; k++) {
        // A point's frames must not be only the lucky few the receiver detected: at low SNR
        // that leaves too few for a mean within 0.1 dB, so keep sending (fresh noise each
        // round) until enough arrive.
        if (attenuationAt != null) {
          err.printf(Locale.ROOT, "calibrate snr: set the attenuator to %.1f dB (Es/N0 %.1f dB at"
              + " the receiver), then press Enter%n", attenuationAt[k], points[k]);
          err.flush();
          if (operator.readLine() == null) {
            err.printf(Locale.ROOT, "jscc-link calibrate snr: standard input ended before the"
                + " attenuator was set to %.1f dB%n", attenuationAt[k]);
            return 2;
          }
        }
        long sent = 0;
        long received = 0;
        for (int round = 0; received < frames && sent < maxSent; round++) {
          // After the first round, aim a little past what the detection rate so far predicts.
          double rate = Math.max((double) received / Math.max(sent, 1), 1.0 / 25);
          int batch = round == 0 ? (int) Math.min(maxSent, frames) : (int) Math.min(maxSent - sent,
              Math.max(10, Math.ceil(1.1 * (frames - received) / rate)));
          PilotCapture.Plan plan = new PilotCapture.Plan(batch, options.knownSymbols, 100,
              spacing);
          String label = String.format(Locale.ROOT, "%5.1f dB%s", points[k],
              round == 0 ? "" : " (more)");
          ChannelEmulation emulation = channel.emulation(points[k], phy).toBuilder()
              .setSeed(channel.seed() + 1_000_003L * round).build();
          FrameLog log = rig.run(rig.atEsN0(emulation, points[k], plan), plan, null,
              CalibrationOptions.progress(err, label, batch));
          err.println();
          for (int i = 0; i < log.count(); i++) {
            cal.add(k, log.pilotSnrDb()[i], log.m2m4SnrDb()[i]);
          }
          sent += batch;
          received += log.count();
        }
        cal.sent(k, sent);
      }
    } catch (IllegalArgumentException e) {
      err.println("jscc-link calibrate snr: " + e.getMessage());
      return 2;
    }
    Files.createDirectories(options.out);
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

  private static void reverse(double[] a) {
    for (int i = 0, j = a.length - 1; i < j; i++, j--) {
      double t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
