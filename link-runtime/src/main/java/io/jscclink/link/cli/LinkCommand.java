package io.jscclink.link.cli;

import io.jscclink.calibration.gain.GainTable;
import io.jscclink.calibration.iq.IqImbalance;
import io.jscclink.calibration.snr.SnrCorrectionTable;
import io.jscclink.link.pipeline.LinkRun;
import io.jscclink.models.store.ComputeDevice;
import io.jscclink.link.report.LinkReport;
import io.jscclink.link.report.LinkSummary;
import io.jscclink.models.data.ImageSet;
import io.jscclink.models.eval.ImageGrid;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jscc-link link}: sends images with one scheme over one channel and reports what
 * arrived. The channel runs in this process by default, or through a sidecar
 * ({@code --device sim|hackrf|sigmf:PATH}, {@code --sidecar}); nothing else changes.
 */
@Command(
    name = "link",
    mixinStandardHelpOptions = true,
    description = "Send images over a (simulated or real) radio link and report what arrived.")
public final class LinkCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--scheme", required = true,
      description = "djscc | cjscc | bernst | necst | e2ec | jscgc.")
  String scheme;

  @Option(names = "--snr", required = true, paramLabel = "DB",
      description = "SNR per channel symbol (Es/N0), dB; on the simulated device, at its"
          + " reference gains (tx 20 dB, rx 30 dB).")
  double snrDb;

  @Option(names = "--gain", paramLabel = "STAGE=DB",
      description = "Gain of a radio stage, repeatable: tx=, rx= (sim); txvga=, lna=, vga="
          + " (hackrf).")
  java.util.Map<String, Double> gains = new java.util.LinkedHashMap<>();

  @Option(names = "--target-snr", paramLabel = "DB",
      description = "Choose the TX gain that gives this SNR, from --gain-table.")
  Double targetSnrDb;

  @Option(names = "--gain-table", paramLabel = "FILE",
      description = "Gain table from jscc-link calibrate gain (for --target-snr).")
  Path gainTable;

  @Mixin ChannelOptions channel = new ChannelOptions();

  @Option(names = "--device", defaultValue = "in-process",
      description = "in-process (default) | sim | hackrf[:SERIAL] | sigmf:PATH.")
  String device;

  @Option(names = "--sidecar", split = ",", paramLabel = "HOST:PORT",
      description = "Attach to running sidecars instead of starting one: TX[,RX].")
  String[] sidecars;

  @Option(names = "--model", description = "A model name or directory (default: the bundled"
      + " models of the scheme, picked by the estimated SNR).")
  String model;

  @Option(names = "--images", defaultValue = "64",
      description = "Test images to send (default ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--input", paramLabel = "DIR",
      description = "Send the 28×28 PNG images of DIR instead of test images.")
  Path input;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Write report.html (figures, images, per-image PSNR, constellation, SNR and"
          + " |h| traces), summary.json, frames.csv (per-frame estimates and, simulated in"
          + " process, the channel's truth) and received.png (sent over received) here.")
  Path out;

  @Option(names = "--sample-rate", defaultValue = "2e6",
      description = "Sample rate, Hz (default ${DEFAULT-VALUE}).")
  double sampleRateHz;

  @Option(names = "--batch", defaultValue = "16", description = "Encoder/decoder batch.")
  int batch;

  @Option(names = "--paced", description = "Run a simulated radio's sample clock in real time,"
      + " as hardware does (samples the receiver cannot keep up with are lost and counted);"
      + " by default it makes samples as fast as the receiver takes them.")
  boolean paced;

  @Option(names = "--snr-correction", paramLabel = "FILE",
      description = "Pilot SNR correction table from jscc-link calibrate snr.")
  Path snrCorrection;

  @Option(names = "--iq-correction", paramLabel = "FILE",
      description = "Receiver IQ correction from jscc-link calibrate iq.")
  Path iqCorrection;

  @Option(names = "--compute", defaultValue = "auto",
      description = "Where the models run: auto (a CUDA GPU when DJL sees one), cpu or gpu.")
  String compute;

  @Option(names = "--json", description = "Print one flat JSON object of figures.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    LinkSetup setup = new LinkSetup();
    setup.scheme = scheme;
    setup.channel = channel;
    setup.snrDb = snrDb;
    setup.device = device;
    setup.sidecars = sidecars;
    setup.model = model;
    setup.images = images;
    setup.input = input;
    setup.sampleRateHz = sampleRateHz;
    setup.batch = batch;
    setup.paced = paced;
    setup.compute = ComputeDevice.Choice.parse(compute);
    if (targetSnrDb != null || gainTable != null) {
      if (targetSnrDb == null || gainTable == null) {
        err.println("jscc-link link: --target-snr and --gain-table go together");
        return 2;
      }
      try {
        GainTable table = GainTable.load(gainTable);
        double rx = gains.getOrDefault(table.rxStage(), table.rxGains()[0]);
        GainTable.Choice choice = table.txGainFor(targetSnrDb, rx);
        if (!choice.reachable()) {
          err.printf(Locale.ROOT, "jscc-link link: %.1f dB is outside what %s measured at"
              + " %s %.0f dB (nearest: %.1f dB at %s %.0f dB)%n", targetSnrDb, gainTable,
              table.rxStage(), rx, choice.expectedSnrDb(), table.txStage(), choice.txGainDb());
          return 2;
        }
        gains.put(table.txStage(), choice.txGainDb());
        gains.putIfAbsent(table.rxStage(), rx);
        err.printf(Locale.ROOT, "target %.1f dB: %s %.0f dB, %s %.0f dB (the table expects"
            + " %.2f dB)%n", targetSnrDb, table.txStage(), choice.txGainDb(), table.rxStage(),
            rx, choice.expectedSnrDb());
      } catch (IllegalArgumentException | java.io.IOException e) {
        err.println("jscc-link link: " + e.getMessage());
        return 2;
      }
    }
    setup.gains = gains;
    // Ctrl-C: stop sending, let what is in flight arrive, write the partial report, then exit.
    java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
    Thread onInterrupt = new Thread(() -> {
      setup.stop.set(true);
      try {
        reported.await(15, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "link-interrupt");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    try {
      setup.corrections = new LinkRun.Corrections(
          iqCorrection == null ? null : IqImbalance.load(iqCorrection),
          snrCorrection == null ? null : SnrCorrectionTable.load(snrCorrection));
      LinkSetup.Outcome outcome = setup.run();
      report(outcome.result(), outcome.sent(), outcome.count(), outcome.models());
      String radioError = outcome.result().summary().radioError;
      if (radioError != null) {
        err.println("jscc-link link: " + radioError + "; the figures above cover what arrived"
            + " before it");
        return 1;
      }
    } catch (IllegalArgumentException e) {
      err.println("jscc-link link: " + e.getMessage());
      return 2;
    } catch (java.io.IOException e) {
      err.println("jscc-link link: " + e.getMessage());
      return 1;
    } finally {
      reported.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running (Ctrl-C): it returns now that the report is written.
      }
    }
    return 0;
  }

  /** A figure for people: "n/a" where it does not apply. */
  static String f(double v, String format) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "n/a";
  }

  private void report(LinkRun.Result result, ImageSet set, int n, String models)
      throws Exception {
    LinkSummary sum = result.summary();
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      o.println(sum.toJson());
    } else {
      o.printf(Locale.ROOT, "%s over %s at %.1f dB (%s), models: %s%n", sum.scheme, sum.channel,
          sum.snrDb, sum.device, models);
      o.printf(Locale.ROOT, "frames %d sent, %d received, %d lost, %d header CRC failures;"
          + " images %d/%d complete%n", sum.framesSent, sum.framesReceived, sum.framesLost,
          sum.headerCrcFailures, sum.imagesComplete, sum.imagesSent);
      o.printf(Locale.ROOT, "SNR estimate %s ± %s dB; PSNR %s dB, SSIM %s, accuracy %s, BER %s%n",
          f(sum.snrDbEst, "%.2f"), f(sum.snrDbEstStd, "%.2f"), f(sum.psnrDb, "%.2f"),
          f(sum.ssim, "%.3f"), f(sum.accuracy, "%.3f"), f(sum.ber, "%.2e"));
      o.printf(Locale.ROOT, "latency p50 %s ms, p99 %s ms; %s images/s; real-time factor %s%n",
          f(sum.latencyMsP50, "%.1f"), f(sum.latencyMsP99, "%.1f"),
          f(sum.throughputImagesPerS, "%.1f"), f(sum.realtimeFactor, "%.2f"));
    }
    o.flush();
    if (out != null) {
      Files.createDirectories(out);
      Files.writeString(out.resolve("summary.json"), sum.toJson() + "\n", StandardCharsets.UTF_8);
      result.frames().writeCsv(out.resolve("frames.csv"));
      int columns = Math.min(n, 16);
      ImageGrid grid = new ImageGrid(2, columns, 28, 3);
      for (int i = 0; i < columns; i++) {
        grid.put(0, i, set.pixels(), i * 784);
        grid.put(1, i, result.decoded(), i * 784);
      }
      grid.writePng(out.resolve("received.png"));
      byte[] png = Files.readAllBytes(out.resolve("received.png"));
      LinkReport.of(result, set, n, png, models).write(out.resolve("report.html"));
    }
  }
}
