package io.jscclink.link.cli;

import io.jscclink.link.pipeline.LinkRun;
import io.jscclink.link.pipeline.SchemeCodec;
import io.jscclink.link.radio.InProcessRadio;
import io.jscclink.link.radio.Radio;
import io.jscclink.link.radio.SidecarRadio;
import io.jscclink.link.report.LinkSummary;
import io.jscclink.link.tx.ImageInput;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.data.Datasets;
import io.jscclink.models.data.ImageSet;
import io.jscclink.models.data.Split;
import io.jscclink.models.eval.ImageGrid;
import io.jscclink.models.store.Scheme;
import io.jscclink.phy.est.BscEquivalent;
import io.jscclink.phy.frame.PhyConfig;
import io.jscclink.sdr.client.RadioLink;
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
      description = "djscc | cjscc | bernst | necst | e2ec.")
  String scheme;

  @Option(names = "--snr", required = true, paramLabel = "DB",
      description = "SNR per channel symbol (Es/N0), dB.")
  double snrDb;

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
      description = "Write summary.json and received.png (originals over received) here.")
  Path out;

  @Option(names = "--sample-rate", defaultValue = "2e6",
      description = "Sample rate, Hz (default ${DEFAULT-VALUE}).")
  double sampleRateHz;

  @Option(names = "--batch", defaultValue = "16", description = "Encoder/decoder batch.")
  int batch;

  @Option(names = "--unpaced", description = "Let a simulated radio make samples as fast as the"
      + " receiver takes them instead of in real time (offline runs).")
  boolean unpaced;

  @Option(names = "--json", description = "Print one flat JSON object of figures.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Scheme s;
    try {
      s = Scheme.fromCliName(scheme);
    } catch (IllegalArgumentException e) {
      err.println("jscc-link link: " + e.getMessage());
      return 2;
    }
    boolean bsc = channel.kind() == ChannelOptions.Kind.BSC;
    String family = channel.kind() == ChannelOptions.Kind.AWGN ? "awgn" : "rayleigh";
    PhyConfig phy = PhyConfig.defaults();
    try (SchemeCodec codec = SchemeCodec.open(s, family, model)) {
      ImageSet set = input != null ? ImageInput.readPngFolder(input)
          : Datasets.load(DatasetName.fromCliName(codec.dataset()), Split.TEST);
      int n = input != null ? set.count() : images;
      double epsilon = bsc ? BscEquivalent.crossoverAwgn(snrDb) : Double.NaN;
      try (Radio radio = bsc ? null : openRadio()) {
        LinkRun.Settings settings = new LinkRun.Settings(codec, radio, phy, sampleRateHz, snrDb,
            channel.emulation(snrDb, phy), !unpaced, epsilon, batch, bsc ? 0 : 4, 3_000, channel.seed());
        LinkRun.Result result = LinkRun.run(settings, set, n, s.cliName(),
            channel.kind().label(), bsc ? "bit-level" : radio.description());
        report(result, set, n, codec);
      }
    } catch (IllegalArgumentException e) {
      err.println("jscc-link link: " + e.getMessage());
      return 2;
    } catch (java.io.IOException e) {
      err.println("jscc-link link: " + e.getMessage());
      return 1;
    }
    return 0;
  }

  private Radio openRadio() throws Exception {
    if (device.equals("in-process") && sidecars == null) {
      return new InProcessRadio();
    }
    String tx = sidecars == null ? null : sidecars[0];
    String rx = sidecars == null || sidecars.length < 2 ? null : sidecars[1];
    String spec = device.equals("in-process") ? "sim" : device;
    return new SidecarRadio(RadioLink.open(spec, tx, rx, 1.0));
  }

  private void report(LinkRun.Result result, ImageSet set, int n, SchemeCodec codec)
      throws Exception {
    LinkSummary sum = result.summary();
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      o.println(sum.toJson());
    } else {
      o.printf(Locale.ROOT, "%s over %s at %.1f dB (%s), models: %s%n", sum.scheme, sum.channel,
          sum.snrDb, sum.device, codec.describe());
      o.printf(Locale.ROOT, "frames %d sent, %d received, %d lost, %d header CRC failures;"
          + " images %d/%d complete%n", sum.framesSent, sum.framesReceived, sum.framesLost,
          sum.headerCrcFailures, sum.imagesComplete, sum.imagesSent);
      o.printf(Locale.ROOT, "SNR estimate %.2f ± %.2f dB; PSNR %.2f dB, SSIM %.3f, accuracy %.3f,"
          + " BER %.4f%n", sum.snrDbEst, sum.snrDbEstStd, sum.psnrDb, sum.ssim, sum.accuracy,
          sum.ber);
      o.printf(Locale.ROOT, "latency p50 %.1f ms, p99 %.1f ms; %.1f images/s; real-time factor"
          + " %.2f%n", sum.latencyMsP50, sum.latencyMsP99, sum.throughputImagesPerS,
          sum.realtimeFactor);
    }
    o.flush();
    if (out != null) {
      Files.createDirectories(out);
      Files.writeString(out.resolve("summary.json"), sum.toJson() + "\n", StandardCharsets.UTF_8);
      int columns = Math.min(n, 16);
      ImageGrid grid = new ImageGrid(2, columns, 28, 3);
      for (int i = 0; i < columns; i++) {
        grid.put(0, i, set.pixels(), i * 784);
        grid.put(1, i, result.decoded(), i * 784);
      }
      grid.writePng(out.resolve("received.png"));
    }
  }
}
