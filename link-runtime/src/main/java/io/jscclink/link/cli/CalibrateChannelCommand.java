package io.jscclink.link.cli;

import com.google.gson.GsonBuilder;
import io.jscclink.calibration.capture.CalibrationRig;
import io.jscclink.calibration.capture.FrameLog;
import io.jscclink.calibration.capture.PilotCapture;
import io.jscclink.calibration.channel.DopplerEstimator;
import io.jscclink.calibration.channel.FadingFit;
import io.jscclink.calibration.report.HtmlReport;
import io.jscclink.calibration.report.SvgPlot;
import io.jscclink.calibration.stats.Bessel;
import io.jscclink.phy.frame.PhyConfig;
import io.jscclink.proto.sdr.v1.ChannelEmulation;
import io.jscclink.sdr.sigmf.SigMfDatatype;
import io.jscclink.sdr.sigmf.SigMfRecorder;
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
 * {@code jscc-link calibrate channel}: records N pilot frames, fits Rayleigh and Rician laws to
 * the per-frame gain magnitudes (K by moments and by maximum likelihood), estimates the Doppler
 * spread from the gain autocorrelation, and reports the SNR and CFO distributions; writes a
 * SigMF recording annotated with the frames.
 */
@Command(name = "channel", mixinStandardHelpOptions = true,
    description = "Fading statistics: |h| fits (Rayleigh, Rician K), Doppler, SNR, CFO.")
final class CalibrateChannelCommand implements Callable<Integer> {
  /** The simulated radio's longest burst; frames of one burst sample the channel evenly. */
  private static final int MAX_BURST_SAMPLES = 1 << 22;

  @Spec private CommandSpec spec;
  @Mixin CalibrationOptions options = new CalibrationOptions();
  @Mixin ChannelOptions channel = new ChannelOptions();

  @Option(names = "--snr", defaultValue = "20", paramLabel = "DB",
      description = "Es/N0 of the simulated channel, dB (default ${DEFAULT-VALUE}).")
  double snrDb;

  @Option(names = "--frames", defaultValue = "2000",
      description = "Frames to record (default ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--per-frame-fading", defaultValue = "true", negatable = true,
      description = "Block fading (rayleigh, rician) with one block per frame, so every frame"
          + " sees an independent gain (default ${DEFAULT-VALUE}).")
  boolean perFrameFading;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PhyConfig phy = PhyConfig.defaults();
    Files.createDirectories(options.out);
    Path recording = options.out.resolve("channel");
    FrameLog log;
    int spacing;
    String where;
    try (CalibrationRig rig = options.openRig(phy)) {
      where = rig.description();
      spacing = rig.capture().frameSamples(options.knownSymbols);
      int perBurst = Math.max(1, Math.min(frames, MAX_BURST_SAMPLES / spacing));
      PilotCapture.Plan plan = new PilotCapture.Plan(frames, options.knownSymbols, perBurst,
          spacing);
      ChannelEmulation base = channel.emulation(snrDb, phy);
      if (perFrameFading && base.getBlockLengthSamples() == 0) {
        base = base.toBuilder().setBlockLengthSamples(spacing).build();
      }
      try (SigMfRecorder recorder = rig.replay() ? null : new SigMfRecorder(recording,
          SigMfDatatype.CF32_LE, options.sampleRateHz, 0, "jscc-link " + options.device,
          "jscc-link calibrate channel: " + frames + " pilot frames")) {
        log = rig.run(rig.atEsN0(base, snrDb, plan), plan, recorder,
            CalibrationOptions.progress(err, "channel", frames));
      }
      err.println();
    } catch (IllegalArgumentException e) {
      err.println("jscc-link calibrate channel: " + e.getMessage());
      return 2;
    }
    int n = log.count();
    if (n < 10) {
      err.println("jscc-link calibrate channel: only " + n + " frames detected; need 10 or more");
      return 1;
    }
    FadingFit fit = FadingFit.of(log.gainRe(), log.gainIm(), n);
    double intervalS = spacing / options.sampleRateHz;
    int run = firstEvenRun(log);
    DopplerEstimator.Result doppler = run >= 16
        ? DopplerEstimator.estimate(log.gainRe(), log.gainIm(), run, intervalS, run / 8) : null;
    // Gains that decorrelate within one frame interval (block fading, or fD·T > 0.24) leave
    // nothing for the J0 fit to resolve: no Doppler figure rather than a meaningless one.
    if (doppler != null && doppler.autocorrelation.length > 1
        && doppler.autocorrelation[1] < 0.5) {
      doppler = null;
    }
    double[] snr = stats(log.pilotSnrDb(), n);
    double[] cfo = stats(log.cfoHz(), n);

    Map<String, Object> o = new LinkedHashMap<>();
    o.put("command", "calibrate channel");
    o.put("device", options.device);
    o.put("channel", channel.kind().label());
    o.put("frames_sent", options.device.startsWith("sigmf:") ? null : frames);
    o.put("frames_detected", n);
    o.put("mean_power", fit.meanPower);
    o.put("rayleigh_sigma", fit.rayleighSigma);
    o.put("k_moments", fit.kMoments);
    o.put("k_ml", fit.kMaximumLikelihood);
    o.put("ks_rayleigh", fit.ksRayleigh);
    o.put("ks_rician", fit.ksRician);
    o.put("likelihood_ratio", fit.likelihoodRatio);
    o.put("rayleigh_plausible", fit.rayleighPlausible());
    o.put("doppler_hz", doppler == null ? null : doppler.dopplerHz);
    o.put("coherence_time_s", doppler == null ? null : doppler.coherenceTimeS);
    o.put("snr_db_mean", snr[0]);
    o.put("snr_db_std", snr[1]);
    o.put("cfo_hz_mean", cfo[0]);
    o.put("cfo_hz_std", cfo[1]);
    o.put("recording", options.device.startsWith("sigmf:") ? null : recording + ".sigmf-meta");
    Path html = options.out.resolve("channel-report.html");
    o.put("report", html.toString());
    report(fit, doppler, log, n, where).write(html);

    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      out.println(new GsonBuilder().serializeNulls().serializeSpecialFloatingPointValues()
          .create().toJson(o));
    } else {
      out.printf(Locale.ROOT, "%d frames: K %.2f (ML) / %.2f (moments), Rayleigh %s; Doppler %s;"
          + " SNR %.2f ± %.2f dB; CFO %.1f ± %.1f Hz; report %s%n", n, fit.kMaximumLikelihood,
          fit.kMoments, fit.rayleighPlausible() ? "plausible" : "rejected",
          doppler == null ? "n/a" : String.format(Locale.ROOT, "%.2f Hz", doppler.dopplerHz),
          snr[0], snr[1], cfo[0], cfo[1], html);
    }
    out.flush();
    return 0;
  }

  /** Frames from the first one on whose indices run without a gap (an even time grid). */
  private static int firstEvenRun(FrameLog log) {
    int k = 1;
    while (k < log.count() && log.frameIndex()[k] == log.frameIndex()[k - 1] + 1
        && log.burst()[k] == log.burst()[0]) {
      k++;
    }
    return k;
  }

  private static double[] stats(double[] v, int n) {
    double sum = 0;
    double sq = 0;
    int used = 0;
    for (int i = 0; i < n; i++) {
      if (Double.isFinite(v[i])) {
        sum += v[i];
        sq += v[i] * v[i];
        used++;
      }
    }
    double mean = sum / used;
    return new double[] {mean, Math.sqrt(Math.max(0, sq / used - mean * mean))};
  }

  private HtmlReport report(FadingFit fit, DopplerEstimator.Result doppler, FrameLog log, int n,
      String where) {
    HtmlReport r = new HtmlReport("Channel statistics");
    r.paragraph(String.format(Locale.ROOT, "%d pilot frames through %s; channel %s at %.1f dB.",
        n, where, channel.kind().label(), snrDb));
    int bins = 40;
    double max = 0;
    double[] mag = new double[n];
    for (int i = 0; i < n; i++) {
      mag[i] = Math.hypot(log.gainRe()[i], log.gainIm()[i]);
      max = Math.max(max, mag[i]);
    }
    double width = max / bins;
    double[] centres = new double[bins];
    double[] density = new double[bins];
    double[] rayleigh = new double[bins];
    double[] rician = new double[bins];
    for (int i = 0; i < n; i++) {
      density[Math.min(bins - 1, (int) (mag[i] / width))] += 1.0 / (n * width);
    }
    for (int b = 0; b < bins; b++) {
      centres[b] = (b + 0.5) * width;
      rayleigh[b] = FadingFit.rayleighPdf(centres[b], fit.rayleighSigma);
      rician[b] = FadingFit.ricianPdf(centres[b], fit.ricianNu, fit.ricianSigma);
    }
    r.plot(new SvgPlot("|h| with fitted laws", "|h|", "density").bars("measured", centres, density)
        .line("Rayleigh", centres, rayleigh).line(String.format(Locale.ROOT, "Rician K=%.2f",
            fit.kMaximumLikelihood), centres, rician));
    r.table(List.of("K (ML)", "K (moments)", "KS Rayleigh", "KS Rician", "LR vs Rayleigh"),
        List.of(List.of(fmt(fit.kMaximumLikelihood), fmt(fit.kMoments), fmt(fit.ksRayleigh),
            fmt(fit.ksRician), fmt(fit.likelihoodRatio))));
    if (doppler != null) {
      int lags = doppler.autocorrelation.length;
      double[] t = new double[lags];
      double[] j0 = new double[lags];
      for (int k = 0; k < lags; k++) {
        t[k] = k * doppler.intervalS * 1e3;
        j0[k] = Bessel.j0(2 * Math.PI * doppler.dopplerHz * k * doppler.intervalS);
      }
      r.plot(new SvgPlot("Gain autocorrelation", "lag (ms)", "R").markers("measured", t,
          doppler.autocorrelation).line(String.format(Locale.ROOT, "J0, fD = %.2f Hz",
              doppler.dopplerHz), t, j0));
    }
    double[] snr = new double[n];
    System.arraycopy(log.pilotSnrDb(), 0, snr, 0, n);
    r.plot(histogram("Per-frame pilot SNR", "SNR (dB)", snr));
    return r;
  }

  private static SvgPlot histogram(String title, String x, double[] v) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double d : v) {
      if (Double.isFinite(d)) {
        lo = Math.min(lo, d);
        hi = Math.max(hi, d);
      }
    }
    int bins = 30;
    double w = Math.max((hi - lo) / bins, 1e-9);
    double[] c = new double[bins];
    double[] h = new double[bins];
    for (int b = 0; b < bins; b++) {
      c[b] = lo + (b + 0.5) * w;
    }
    for (double d : v) {
      if (Double.isFinite(d)) {
        h[Math.min(bins - 1, (int) ((d - lo) / w))]++;
      }
    }
    return new SvgPlot(title, x, "frames").bars("frames", c, h);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
