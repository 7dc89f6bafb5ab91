package io.jscclink.link.cli;

import com.google.gson.GsonBuilder;
import io.jscclink.link.report.LinkSummary;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jscc-link bench link}: the whole link, in process and unpaced, after a warm-up run:
 * images per second, latency percentiles and each stage's real-time factor (sample time over
 * working time) at the given sample rate.
 */
@Command(name = "link", mixinStandardHelpOptions = true,
    description = "Benchmark the whole link: throughput, latency, per-stage real-time factor.")
final class BenchLinkCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--scheme", defaultValue = "djscc", description = "Scheme (default ${DEFAULT-VALUE}).")
  String scheme;

  @Option(names = "--images", defaultValue = "512", description = "Images measured.")
  int images;

  @Option(names = "--snr", defaultValue = "10", description = "Es/N0, dB.")
  double snrDb;

  @Option(names = "--sample-rate", defaultValue = "2e6", description = "Sample rate, Hz.")
  double sampleRateHz;

  @Option(names = "--json", description = "Print one flat JSON object of figures.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    LinkSetup setup = new LinkSetup();
    setup.scheme = scheme;
    setup.channel = new ChannelOptions();
    new CommandLine(new SweepCommand.ChannelHolder(setup.channel)).parseArgs();
    setup.snrDb = snrDb;
    setup.sampleRateHz = sampleRateHz;
    setup.images = Math.min(64, images);
    setup.run(); // warm-up: JIT, native libraries, model loading paths
    setup.images = images;
    LinkSummary s = setup.run().result().summary();
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("scheme", scheme);
    o.put("images", images);
    o.put("sample_rate_hz", sampleRateHz);
    o.put("throughput_images_per_s", s.throughputImagesPerS);
    o.put("latency_ms_p50", s.latencyMsP50);
    o.put("latency_ms_p99", s.latencyMsP99);
    o.put("realtime_factor", s.realtimeFactor);
    o.put("realtime_factor_tx", s.realtimeFactorTx);
    o.put("realtime_factor_rx", s.realtimeFactorRx);
    o.put("realtime_factor_decode", s.realtimeFactorDecode);
    o.put("frames_lost", s.framesLost);
    o.put("load_average", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(o));
    } else {
      out.printf(Locale.ROOT, "%s: %.1f images/s, latency p50 %.1f ms p99 %.1f ms; real-time"
          + " factor %.2f (TX %.2f, RX %.2f, decode %.2f) at %.3g samples/s%n", scheme,
          s.throughputImagesPerS, s.latencyMsP50, s.latencyMsP99, s.realtimeFactor,
          s.realtimeFactorTx, s.realtimeFactorRx, s.realtimeFactorDecode, sampleRateHz);
    }
    out.flush();
    return 0;
  }
}
