package io.jscclink.link.cli;

import com.google.gson.GsonBuilder;
import io.jscclink.calibration.report.HtmlReport;
import io.jscclink.calibration.report.SvgPlot;
import io.jscclink.link.report.LinkSummary;
import io.jscclink.models.store.ComputeDevice;
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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jscc-link sweep}: the link over SNR × scheme × channel, one run per point, with
 * curves of PSNR, SSIM and accuracy against SNR.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = "Run the link over SNR × scheme × channel and plot the curves.")
final class SweepCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--schemes", split = ",", defaultValue = "djscc,cjscc",
      description = "Schemes (default ${DEFAULT-VALUE}).")
  List<String> schemes;

  @Option(names = "--channels", split = ",", defaultValue = "awgn",
      description = "Channels: awgn, rayleigh, rayleigh-doppler, bsc (default ${DEFAULT-VALUE}).")
  List<String> channels;

  @Option(names = "--snr", split = ",", defaultValue = "0,5,10,15,20", paramLabel = "DB",
      description = "SNRs (Es/N0, dB) (default ${DEFAULT-VALUE}).")
  double[] snrs;

  @Option(names = "--images", defaultValue = "64", description = "Images per point.")
  int images;

  @Option(names = "--device", defaultValue = "in-process",
      description = "in-process (default) | sim | hackrf[:SERIAL].")
  String device;

  @Option(names = "--seed", defaultValue = "1", description = "Channel seed.")
  long seed;

  @Option(names = "--out", defaultValue = "sweep-results",
      description = "Folder for sweep.json and sweep.html (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--compute", defaultValue = "auto",
      description = "Where the models run: auto (a CUDA GPU when DJL sees one), cpu or gpu.")
  String compute;

  @Option(names = "--json", description = "Print one JSON object with every run's figures.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    List<Map<String, Object>> runs = new ArrayList<>();
    Map<String, double[][]> curves = new LinkedHashMap<>(); // scheme/channel → psnr, ssim, acc
    for (String channelName : channels) {
      for (String scheme : schemes) {
        double[][] curve = new double[3][snrs.length];
        for (int k = 0; k < snrs.length; k++) {
          LinkSetup setup = new LinkSetup();
          setup.scheme = scheme;
          setup.channel = channelOptions(channelName);
          setup.snrDb = snrs[k];
          setup.device = device;
          setup.images = images;
          setup.compute = ComputeDevice.Choice.parse(compute);
          LinkSummary s;
          try {
            s = setup.run().result().summary();
          } catch (IllegalArgumentException | java.io.IOException e) {
            err.println("jscc-link sweep: " + scheme + " over " + channelName + ": "
                + e.getMessage());
            return 2;
          }
          err.printf(Locale.ROOT, "%s %s %.1f dB: PSNR %s, accuracy %s%n", scheme, channelName,
              snrs[k], LinkCommand.f(s.psnrDb, "%.2f"), LinkCommand.f(s.accuracy, "%.3f"));
          err.flush();
          runs.add(s.toMap());
          curve[0][k] = s.psnrDb;
          curve[1][k] = s.ssim;
          curve[2][k] = s.accuracy;
        }
        curves.put(scheme + " / " + channelName, curve);
      }
    }
    Files.createDirectories(out);
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("command", "sweep");
    o.put("runs", runs);
    String text = new GsonBuilder().serializeNulls().create().toJson(o);
    Files.writeString(out.resolve("sweep.json"), text + "\n", StandardCharsets.UTF_8);
    HtmlReport report = new HtmlReport("Link sweep");
    String[] names = {"PSNR (dB)", "SSIM", "accuracy"};
    for (int m = 0; m < 3; m++) {
      SvgPlot plot = new SvgPlot(names[m] + " against SNR", "SNR (dB)", names[m]);
      for (Map.Entry<String, double[][]> c : curves.entrySet()) {
        plot.line(c.getKey(), snrs, c.getValue()[m]);
      }
      report.plot(plot);
    }
    report.write(out.resolve("sweep.html"));
    PrintWriter o2 = spec.commandLine().getOut();
    o2.println(json ? text : runs.size() + " runs; " + out.resolve("sweep.html"));
    o2.flush();
    return 0;
  }

  private ChannelOptions channelOptions(String channelName) {
    ChannelOptions options = new ChannelOptions();
    new CommandLine(new ChannelHolder(options)).parseArgs("--channel", channelName, "--seed",
        Long.toString(seed));
    return options;
  }

  /** Lets picocli fill a {@link ChannelOptions} from arguments. */
  @Command
  static final class ChannelHolder {
    @CommandLine.Mixin final ChannelOptions channel;

    ChannelHolder(ChannelOptions channel) {
      this.channel = channel;
    }
  }
}
