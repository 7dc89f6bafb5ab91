package io.jscclink.link.cli;

import com.google.gson.GsonBuilder;
import io.jscclink.calibration.capture.CalibrationRig;
import io.jscclink.calibration.capture.FrameLog;
import io.jscclink.calibration.capture.PilotCapture;
import io.jscclink.calibration.clock.ClockOffset;
import io.jscclink.calibration.report.HtmlReport;
import io.jscclink.calibration.report.SvgPlot;
import io.jscclink.phy.frame.PhyConfig;
import java.io.PrintWriter;
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
 * {@code jscc-link calibrate clock}: one long burst of evenly spaced pilot frames; the
 * sample-rate offset (ppm) is the slope of their arrival times against their numbers, the CFO
 * the mean of the per-frame estimates — what the runtime needs to pre-correct.
 */
@Command(name = "clock", mixinStandardHelpOptions = true,
    description = "CFO and sample-rate offset (ppm) between TX and RX from a long capture.")
final class CalibrateClockCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin CalibrationOptions options = new CalibrationOptions();
  @Mixin ChannelOptions channel = new ChannelOptions();

  @Option(names = "--snr", defaultValue = "15", paramLabel = "DB",
      description = "Es/N0 of the simulated channel, dB (default ${DEFAULT-VALUE}).")
  double snrDb;

  @Option(names = "--frames", defaultValue = "400",
      description = "Frames in the capture (default ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--guard", defaultValue = "256",
      description = "Silent samples between frames (default ${DEFAULT-VALUE}).")
  int guard;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PhyConfig phy = PhyConfig.defaults();
    FrameLog log;
    int spacing;
    try (CalibrationRig rig = options.openRig(phy)) {
      spacing = rig.capture().frameSamples(options.knownSymbols) + guard;
      PilotCapture.Plan plan = new PilotCapture.Plan(frames, options.knownSymbols, frames,
          spacing);
      log = rig.run(rig.atEsN0(channel.emulation(snrDb, phy), snrDb, plan), plan, null,
          CalibrationOptions.progress(err, "clock", frames));
      err.println();
    } catch (IllegalArgumentException e) {
      err.println("jscc-link calibrate clock: " + e.getMessage());
      return 2;
    }
    if (log.count() < 3) {
      err.println("jscc-link calibrate clock: only " + log.count() + " frames detected; need 3");
      return 1;
    }
    ClockOffset clock = ClockOffset.estimate(log.frameIndex(), log.startSample(), log.cfoHz(),
        log.count(), spacing);
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("command", "calibrate clock");
    o.put("device", options.device);
    o.put("frames_detected", log.count());
    o.put("sample_rate_offset_ppm", clock.sampleRateOffsetPpm);
    o.put("sample_rate_offset_ppm_stderr", clock.sampleRateOffsetPpmStdErr);
    o.put("cfo_hz", clock.cfoHz);
    o.put("cfo_hz_stderr", clock.cfoHzStdErr);
    if (options.device.equals("sim")) {
      o.put("true_sample_rate_offset_ppm", channel.sampleRateOffsetPpm);
      o.put("true_cfo_hz", channel.cfoHz);
    }
    Files.createDirectories(options.out);
    Path html = options.out.resolve("clock-report.html");
    o.put("report", html.toString());
    report(log, clock, spacing).write(html);
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      out.println(new GsonBuilder().serializeNulls().create().toJson(o));
    } else {
      out.printf(Locale.ROOT, "sample-rate offset %.3f ± %.3f ppm, CFO %.2f ± %.2f Hz"
          + " (%d frames); report %s%n", clock.sampleRateOffsetPpm,
          clock.sampleRateOffsetPpmStdErr, clock.cfoHz, clock.cfoHzStdErr, log.count(), html);
    }
    out.flush();
    return 0;
  }

  private static HtmlReport report(FrameLog log, ClockOffset clock, int spacing) {
    int n = log.count();
    double[] index = new double[n];
    double[] drift = new double[n];
    double[] cfo = new double[n];
    double first = log.startSample()[0] - log.frameIndex()[0] * (double) spacing;
    for (int i = 0; i < n; i++) {
      index[i] = log.frameIndex()[i];
      drift[i] = log.startSample()[i] - first - log.frameIndex()[i] * (double) spacing;
      cfo[i] = log.cfoHz()[i];
    }
    HtmlReport r = new HtmlReport("Clock and carrier offset");
    r.plot(new SvgPlot("Arrival drift against the nominal grid", "frame", "samples")
        .markers("arrival − nominal", index, drift));
    r.plot(new SvgPlot("Per-frame CFO estimate", "frame", "Hz").markers("CFO", index, cfo));
    r.table(List.of("ppm", "± ppm", "CFO Hz", "± Hz"), List.of(List.of(
        String.format(Locale.ROOT, "%.4f", clock.sampleRateOffsetPpm),
        String.format(Locale.ROOT, "%.4f", clock.sampleRateOffsetPpmStdErr),
        String.format(Locale.ROOT, "%.3f", clock.cfoHz),
        String.format(Locale.ROOT, "%.3f", clock.cfoHzStdErr))));
    return r;
  }
}
