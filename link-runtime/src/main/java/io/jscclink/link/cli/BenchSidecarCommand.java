package io.jscclink.link.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jscclink.proto.sdr.v1.SampleFormat;
import io.jscclink.sdr.client.SidecarException;
import io.jscclink.sdr.server.LoopbackBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jscc-link bench sidecar}: RX throughput from the simulated device through the sidecar
 * to a client over loopback TCP (CF32 and CS8, unpaced), plus a paced stream at HackRF's
 * 20 Msamples/s with its loss. Target: ≥ 60 Msamples/s CF32, zero unreported loss.
 */
@Command(
    name = "sidecar",
    mixinStandardHelpOptions = true,
    description = "RX throughput of the gRPC sidecar over loopback TCP.")
final class BenchSidecarCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object.")
  private boolean json;

  @Option(names = "--seconds", defaultValue = "3",
      description = "Measured seconds per stream (default ${DEFAULT-VALUE}).")
  private double seconds;

  // The rate climbs for ~8 s on 2 cores (rx_msps_cf32_timeline: 22-78 Msamples/s while C2
  // compiles the gRPC/Netty path and the heap grows, 95-170 after), so a shorter warm-up
  // measures the JIT, not the sustained stream.
  @Option(names = "--warmup-s", defaultValue = "10",
      description = "Warm-up seconds per stream (default ${DEFAULT-VALUE}).")
  private double warmupSeconds;

  @Option(names = "--block-samples", defaultValue = "65536",
      description = "Complex samples per RX block (default ${DEFAULT-VALUE}).")
  private int blockSamples;

  @Option(names = "--paced-rate", defaultValue = "20e6",
      description = "Sample rate of the paced stream, samples/s (default ${DEFAULT-VALUE}); "
          + "0 skips it.")
  private double pacedRateHz;

  @Option(names = "--target", paramLabel = "HOST:PORT",
      description = "Measure a running `jscc-link sidecar --device sim` at this address instead "
          + "of one started in this process (the CPU figures then cover the client only).")
  private String target;

  @Override
  public Integer call() throws Exception {
    if (!(seconds > 0 && seconds <= 600) || !(warmupSeconds >= 0 && warmupSeconds <= 60)) {
      spec.commandLine().getErr().println("--seconds must be in (0, 600] and --warmup-s in "
          + "[0, 60]");
      return 2;
    }
    LoopbackBench.Run cf32;
    LoopbackBench.Run cs8;
    LoopbackBench.Run paced;
    try {
      cf32 = LoopbackBench.measure(SampleFormat.SAMPLE_FORMAT_CF32, 0, warmupSeconds, seconds,
          blockSamples, target);
      cs8 = LoopbackBench.measure(SampleFormat.SAMPLE_FORMAT_CS8, 0, warmupSeconds, seconds,
          blockSamples, target);
      paced = pacedRateHz > 0 ? LoopbackBench.measure(SampleFormat.SAMPLE_FORMAT_CF32,
          pacedRateHz, warmupSeconds, seconds, blockSamples, target) : null;
    } catch (SidecarException e) {
      if (target == null) {
        throw e;
      }
      spec.commandLine().getErr().println("the sidecar at " + target + " did not serve the "
          + "bench (" + e.getMessage() + "); start one with `jscc-link sidecar --device sim "
          + "--listen " + target + "`");
      return 1;
    }
    long lostReported = cf32.samplesLostReported() + cs8.samplesLostReported()
        + (paced == null ? 0 : paced.samplesLostReported());
    long lostUnreported = cf32.samplesLostUnreported() + cs8.samplesLostUnreported()
        + (paced == null ? 0 : paced.samplesLostUnreported());
    JsonObject result = new JsonObject();
    result.addProperty("rx_msps_cf32", round(cf32.msps()));
    result.addProperty("rx_mbytes_per_s_cf32", round(cf32.msps() * 8));
    result.addProperty("rx_msps_cs8", round(cs8.msps()));
    result.add("rx_msps_cf32_timeline", timeline(cf32.timelineMsps()));
    result.addProperty("cpu_ns_per_sample_cf32", round(cf32.cpuNsPerSample()));
    result.addProperty("cpu_ns_per_sample_cs8", round(cs8.cpuNsPerSample()));
    result.addProperty("load_average", round(
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            .getSystemLoadAverage()));
    if (paced != null) {
      result.addProperty("paced_rate_msps", round(pacedRateHz / 1e6));
      result.addProperty("paced_rx_msps_cf32", round(paced.msps()));
      result.addProperty("paced_samples_lost", paced.samplesLostReported());
    }
    result.addProperty("samples_lost_reported", lostReported);
    result.addProperty("samples_lost_unreported", lostUnreported);
    result.addProperty("sidecar", target == null ? "in-process" : target);
    result.addProperty("seconds_per_stream", seconds);
    result.addProperty("block_samples", blockSamples);
    if (json) {
      spec.commandLine().getOut().println(result);
    } else {
      spec.commandLine().getOut().printf(
          "RX over loopback TCP: CF32 %.1f Msamples/s (%.0f MB/s, %.1f CPU ns/sample), "
              + "CS8 %.1f Msamples/s (%.1f CPU ns/sample)%n",
          cf32.msps(), cf32.msps() * 8, cf32.cpuNsPerSample(), cs8.msps(),
          cs8.cpuNsPerSample());
      if (paced != null) {
        spec.commandLine().getOut().printf("paced at %.1f Msamples/s: received %.1f, lost %d "
            + "samples (reported)%n", pacedRateHz / 1e6, paced.msps(),
            paced.samplesLostReported());
      }
      spec.commandLine().getOut().printf("samples lost: %d reported, %d unreported%n",
          lostReported, lostUnreported);
    }
    return lostUnreported == 0 ? 0 : 1;
  }

  private static JsonArray timeline(double[] msps) {
    JsonArray seconds = new JsonArray();
    for (double rate : msps) {
      seconds.add(round(rate));
    }
    return seconds;
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
