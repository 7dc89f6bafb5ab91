package io.jscclink.link.cli;

import com.google.gson.GsonBuilder;
import io.jscclink.link.report.LinkSummary;
import io.jscclink.models.store.ComputeDevice;
import java.io.PrintWriter;
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
 * {@code jscc-link bench link}: the whole link per scheme, after a warm-up run, unpaced (as
 * fast as the stages go) and paced (the simulated radio's clock in real time at the sample
 * rate): images per second, latency percentiles, each stage's real-time factor, and the
 * receiver's own speed in Msamples/s (to hold against 20 Msps, the HackRF's top rate).
 */
@Command(name = "link", mixinStandardHelpOptions = true,
    description = "Benchmark the whole link per scheme, unpaced and paced: throughput,"
        + " latency, per-stage real-time factor, receiver speed.")
final class BenchLinkCommand implements Callable<Integer> {
  private static final List<String> ALL = List.of("djscc", "cjscc", "jscgc", "bernst", "necst",
      "e2ec");

  @Spec private CommandSpec spec;

  @Option(names = "--scheme", defaultValue = "all", split = ",",
      description = "Schemes, or all (default ${DEFAULT-VALUE}).")
  List<String> schemes;

  @Option(names = "--images", defaultValue = "512", description = "Images measured per run"
      + " (default ${DEFAULT-VALUE}; jscgc, whose sampler is ~50× slower, sends an eighth).")
  int images;

  @Option(names = "--snr", defaultValue = "10", description = "Es/N0, dB.")
  double snrDb;

  @Option(names = "--sample-rate", defaultValue = "2e6", description = "Sample rate, Hz.")
  double sampleRateHz;

  @Option(names = "--device", defaultValue = "in-process",
      description = "in-process (default) or sim (through a sidecar over a socket).")
  String device;

  @Option(names = "--unpaced-only", description = "Skip the paced runs.")
  boolean unpacedOnly;

  @Option(names = "--compute", defaultValue = "auto",
      description = "Where the receivers run: auto (a CUDA GPU when DJL sees one), cpu or gpu.")
  String compute;

  @Option(names = "--json", description = "Print one flat JSON object of figures.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    List<String> list = schemes.size() == 1 && schemes.get(0).equals("all") ? ALL : schemes;
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("images", images);
    o.put("sample_rate_hz", sampleRateHz);
    o.put("device", device);
    PrintWriter out = spec.commandLine().getOut();
    for (String scheme : list) {
      int n = scheme.equals("jscgc") ? Math.max(8, images / 8) : images;
      for (boolean paced : unpacedOnly ? new boolean[] {false} : new boolean[] {false, true}) {
        LinkSetup setup = new LinkSetup();
        setup.scheme = scheme;
        setup.compute = ComputeDevice.Choice.parse(compute);
        setup.channel = new ChannelOptions();
        new CommandLine(new SweepCommand.ChannelHolder(setup.channel)).parseArgs();
        setup.snrDb = snrDb;
        setup.sampleRateHz = sampleRateHz;
        setup.device = device;
        setup.paced = paced;
        setup.images = Math.min(32, n);
        setup.run(); // warm-up: JIT, native libraries, model loading paths
        setup.images = n;
        LinkSummary s = setup.run().result().summary();
        String mode = paced ? "paced" : "unpaced";
        String k = scheme + "." + mode + ".";
        double rxMsps = s.realtimeFactorRx * sampleRateHz / 1e6;
        double rxMspsCpu = s.realtimeFactorRxCpu * sampleRateHz / 1e6;
        o.put(k + "images", n);
        o.put(k + "throughput_images_per_s", s.throughputImagesPerS);
        o.put(k + "latency_ms_p50", s.latencyMsP50);
        o.put(k + "latency_ms_p99", s.latencyMsP99);
        o.put(k + "realtime_factor", s.realtimeFactor);
        o.put(k + "realtime_factor_tx", s.realtimeFactorTx);
        o.put(k + "realtime_factor_rx", s.realtimeFactorRx);
        o.put(k + "realtime_factor_decode", s.realtimeFactorDecode);
        o.put(k + "rx_msps", rxMsps);
        o.put(k + "rx_msps_cpu", rxMspsCpu);
        o.put(k + "frames_lost", s.framesLost);
        o.put(k + "samples_lost", s.samplesLost);
        if (!json) {
          out.printf(Locale.ROOT, "%-6s %-8s %7.1f images/s, latency p50 %7.1f ms p99 %7.1f ms;"
              + " real-time factor %.2f (TX %.2f, RX %.2f, decode %.2f) at %.3g samples/s;"
              + " receiver %.1f Msps (%.1f per CPU second); %d frames lost%n", scheme, mode,
              s.throughputImagesPerS, s.latencyMsP50, s.latencyMsP99, s.realtimeFactor,
              s.realtimeFactorTx, s.realtimeFactorRx, s.realtimeFactorDecode, sampleRateHz, rxMsps,
              rxMspsCpu, s.framesLost);
          out.flush();
        }
      }
    }
    o.put("load_average", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage());
    if (json) {
      out.println(new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(o));
    }
    out.flush();
    return 0;
  }
}
