package io.jscclink.link.cli;

import com.google.gson.GsonBuilder;
import io.jscclink.calibration.report.HtmlReport;
import io.jscclink.link.report.LinkSummary;
import io.jscclink.models.data.ImageSet;
import io.jscclink.models.eval.ImageGrid;
import io.jscclink.models.store.ComputeDevice;
import io.jscclink.models.store.ModelCatalog;
import io.jscclink.models.store.Scheme;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jscc-link demo}: the simulated over-the-air demo. Starts a sidecar serving the
 * simulated radio and sends the bundled sample images (no data set is read) with every scheme
 * that has a bundled model through it, over AWGN and over Rayleigh block fading, with the
 * impairments of a real pair of SDRs (carrier and sample-rate offset, fractional timing, 8-bit
 * quantisation); prints a table and writes what arrived beside what was sent.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Send images with every bundled scheme through a simulated radio behind a"
        + " sidecar; print the figures and write demo-results/index.html.")
final class DemoCommand implements Callable<Integer> {
  /** Schemes in the order shown; each runs over AWGN, then Rayleigh block fading. */
  private static final String[] SCHEMES = {"cjscc", "djscc", "jscgc", "bernst", "necst", "e2ec"};
  /** What a pair of real SDRs does to the signal (HackRF: 8-bit ADC, ±20 ppm clocks). */
  private static final String[] IMPAIRMENTS = {"--cfo-hz", "1500", "--timing-offset", "0.37",
      "--sample-rate-offset-ppm", "20", "--quantisation-bits", "8", "--seed", "7"};

  @Spec private CommandSpec spec;

  @Option(names = "--snr", defaultValue = "10", paramLabel = "DB",
      description = "Es/N0 of every run, dB (default ${DEFAULT-VALUE}).")
  double snrDb;

  @Option(names = "--images", defaultValue = "32", description = "Images per run.")
  int images;

  @Option(names = "--out", defaultValue = "demo-results",
      description = "Folder for index.html and the images (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--compute", defaultValue = "auto",
      description = "Where the models run: auto (a CUDA GPU when DJL sees one), cpu or gpu.")
  String compute;

  @Option(names = "--json", description = "Print one JSON object with every run's figures.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    List<Map<String, Object>> runs = new ArrayList<>();
    HtmlReport report = new HtmlReport("JSCC-Link demo");
    report.paragraph(String.format(Locale.ROOT, "Every scheme with a bundled model, %d bundled"
        + " sample images each at Es/N0 = %.1f dB, through the simulated radio of a sidecar over"
        + " a loopback socket, with %s. Top row sent, bottom row received.", images, snrDb,
        String.join(" ", IMPAIRMENTS)));
    List<String> bundled = ModelCatalog.list().stream()
        .map(e -> e.metadata().scheme + "/" + e.metadata().channel).toList();
    List<List<String>> rows = new ArrayList<>();
    Files.createDirectories(out);
    for (String[] run : runs()) {
      String scheme = run[0];
      String channelName = run[1];
      boolean analog = Scheme.fromCliName(scheme).family() == Scheme.Family.ANALOG;
      if (!bundled.stream().anyMatch(b -> b.startsWith(scheme + "/")
          && (!analog || b.endsWith("/" + channelName)))) {
        err.println("demo: no bundled " + scheme + " model for " + channelName + "; skipped");
        continue;
      }
      LinkSetup setup = new LinkSetup();
      setup.scheme = scheme;
      setup.channel = new ChannelOptions();
      List<String> args = new ArrayList<>(List.of("--channel", channelName));
      args.addAll(List.of(IMPAIRMENTS));
      new CommandLine(new SweepCommand.ChannelHolder(setup.channel))
          .parseArgs(args.toArray(new String[0]));
      setup.snrDb = snrDb;
      setup.device = "sim";
      setup.images = images;
      setup.samples = true;
      setup.compute = ComputeDevice.Choice.parse(compute);
      LinkSetup.Outcome outcome = setup.run();
      LinkSummary s = outcome.result().summary();
      runs.add(s.toMap());
      rows.add(List.of(scheme, channelName, LinkCommand.f(s.snrDbEst, "%.2f"),
          LinkCommand.f(s.psnrDb, "%.2f"), LinkCommand.f(s.ssim, "%.3f"),
          LinkCommand.f(s.accuracy, "%.3f"), LinkCommand.f(s.ber, "%.2e"),
          s.framesReceived + "/" + s.framesSent, s.imagesComplete + "/" + s.imagesSent));
      o.printf(Locale.ROOT, "%-7s %-9s SNR est %s dB  PSNR %s dB  SSIM %s  accuracy %s  BER %s"
          + "  frames %d/%d%n", scheme, channelName, LinkCommand.f(s.snrDbEst, "%.2f"),
          LinkCommand.f(s.psnrDb, "%.2f"), LinkCommand.f(s.ssim, "%.3f"),
          LinkCommand.f(s.accuracy, "%.3f"), LinkCommand.f(s.ber, "%.2e"), s.framesReceived,
          s.framesSent);
      o.flush();
      if (Scheme.fromCliName(scheme).family() != Scheme.Family.VARIABLE_LENGTH) {
        byte[] png = grid(outcome.sent(), outcome.result().decoded(), Math.min(images, 16));
        Files.write(out.resolve(scheme + "-" + channelName + ".png"), png);
        report.heading(scheme + " over " + channelName);
        report.png(png, scheme + " over " + channelName, 16 * 28 * 2);
      }
    }
    if (runs.isEmpty()) {
      err.println("jscc-link demo: no bundled models found in "
          + ModelCatalog.modelsFolder().toAbsolutePath() + "; run scripts/train-bundled");
      return 1;
    }
    report.heading("Figures");
    report.table(List.of("scheme", "channel", "SNR est dB", "PSNR dB", "SSIM", "accuracy", "BER",
        "frames", "images"), rows);
    report.write(out.resolve("index.html"));
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("command", "demo");
    all.put("runs", runs);
    String text = new GsonBuilder().serializeNulls().create().toJson(all);
    Files.writeString(out.resolve("demo.json"), text + "\n", StandardCharsets.UTF_8);
    o.println(json ? text : "wrote " + out.resolve("index.html"));
    o.flush();
    return 0;
  }

  private static List<String[]> runs() {
    List<String[]> runs = new ArrayList<>();
    for (String channel : new String[] {"awgn", "rayleigh"}) {
      for (String scheme : SCHEMES) {
        runs.add(new String[] {scheme, channel});
      }
    }
    return runs;
  }

  private static byte[] grid(ImageSet sent, float[] received, int columns) throws Exception {
    ImageGrid g = new ImageGrid(2, columns, 28, 2);
    for (int i = 0; i < columns; i++) {
      g.put(0, i, sent.pixels(), i * 784);
      g.put(1, i, received, i * 784);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(g.image(), "png", bytes);
    return bytes.toByteArray();
  }
}
