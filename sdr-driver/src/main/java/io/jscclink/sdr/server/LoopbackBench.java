package io.jscclink.sdr.server;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.jscclink.proto.sdr.v1.ChannelEmulation;
import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.proto.sdr.v1.Direction;
import io.jscclink.proto.sdr.v1.SampleFormat;
import io.jscclink.sdr.api.RxBlockInfo;
import io.jscclink.sdr.client.Receiver;
import io.jscclink.sdr.client.SidecarClient;
import io.jscclink.sdr.sim.SimulatedDevice;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The sidecar's RX throughput over loopback TCP: a simulated-device sidecar in this process,
 * a {@link SidecarClient} reading into a reused float array, both on a real socket. Used by
 * {@code jscc-link bench sidecar}.
 *
 * <p>Unpaced runs measure the ceiling (the device makes samples as fast as they are taken).
 * The paced run streams at a fixed rate (HackRF's 20 Msamples/s) and reports what was lost.
 */
public final class LoopbackBench {
  private LoopbackBench() {}

  /**
   * One measured stream. {@code timelineMsps} is the rate in each whole second from the first
   * block on, warm-up included: it shows how long the JVM takes to reach the sustained rate.
   */
  public record Run(SampleFormat format, boolean paced, double seconds, long samples,
      long samplesLostReported, long samplesLostUnreported, double cpuSeconds,
      double[] timelineMsps) {
    public double msps() {
      return samples / seconds / 1e6;
    }

    /**
     * Process CPU time (sidecar and client together, all threads; the client alone when the
     * sidecar is another process) per sample, ns: a figure that other load on the machine
     * disturbs far less than the rate does.
     */
    public double cpuNsPerSample() {
      return cpuSeconds * 1e9 / samples;
    }
  }

  private static double processCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() * 1e-9;
  }

  /**
   * Streams {@code format} for a warm-up then {@code seconds}, counting samples and loss.
   *
   * @param pacedRateHz 0 for unpaced (as fast as possible), otherwise the paced sample rate
   * @param target a running simulated-device sidecar (host:port) to measure across processes,
   *     or null for one started in this process
   */
  public static Run measure(SampleFormat format, double pacedRateHz, double warmupSeconds,
      double seconds, int samplesPerBlock, String target)
      throws IOException, InterruptedException {
    if (target != null) {
      try (SidecarClient client = SidecarClient.builder().target(target)
          .clientName("bench sidecar").build()) {
        return measure(client, format, pacedRateHz, warmupSeconds, seconds, samplesPerBlock);
      }
    }
    try (SidecarServer server = new SidecarServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .flowControlWindow(4 * 1024 * 1024),
        SimulatedDevice.factory(0.5), SidecarServer.Options.defaults(), null).start();
        SidecarClient client = SidecarClient.builder()
            .target("127.0.0.1:" + server.port()).clientName("bench sidecar").build()) {
      return measure(client, format, pacedRateHz, warmupSeconds, seconds, samplesPerBlock);
    }
  }

  private static Run measure(SidecarClient client, SampleFormat format, double pacedRateHz,
      double warmupSeconds, double seconds, int samplesPerBlock)
      throws InterruptedException {
    client.open("");
    boolean paced = pacedRateHz > 0;
    client.configure(DeviceConfig.newBuilder()
        .setCenterFrequencyHz(2.4415e9)
        .setSampleRateHz(paced ? pacedRateHz : 20e6)
        .setDirection(Direction.DIRECTION_RX)
        .setPaced(paced)
        .setEmulation(ChannelEmulation.newBuilder().setSnrDb(20).setSeed(1))
        .build());
    float[] iq = new float[2 * samplesPerBlock]; // reused for every block
    RxBlockInfo info = new RxBlockInfo();
    try (Receiver rx = client.receive(format, samplesPerBlock, 0)) {
      Timeline timeline = new Timeline(warmupSeconds + seconds);
      long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
      long now = System.nanoTime();
      while (now < warmupEnd) {
        int n = rx.read(iq, 0, samplesPerBlock, info);
        if (n < 0) {
          throw new IllegalStateException("stream ended during warm-up");
        }
        now = System.nanoTime();
        timeline.add(now, n);
      }
      long lostBefore = rx.samplesLost();
      long unreportedBefore = rx.samplesUnreported();
      long samples = 0;
      double cpuStart = processCpuSeconds();
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      now = start;
      while (now < end) {
        int n = rx.read(iq, 0, samplesPerBlock, info);
        if (n < 0) {
          throw new IllegalStateException("stream ended during the measurement");
        }
        samples += n;
        now = System.nanoTime();
        timeline.add(now, n);
      }
      return new Run(format, paced, (now - start) * 1e-9, samples,
          rx.samplesLost() - lostBefore, rx.samplesUnreported() - unreportedBefore,
          processCpuSeconds() - cpuStart, timeline.msps(now));
    }
  }

  /** Samples received in each whole second since the first block arrived. */
  private static final class Timeline {
    private final long[] samplesPerSecond;
    private long startNanos = -1;

    Timeline(double seconds) {
      samplesPerSecond = new long[(int) Math.ceil(seconds) + 1];
    }

    void add(long nanos, int samples) {
      if (startNanos < 0) {
        startNanos = nanos;
      }
      int second = (int) ((nanos - startNanos) / 1_000_000_000L);
      if (second < samplesPerSecond.length) {
        samplesPerSecond[second] += samples;
      }
    }

    /** Msamples/s of each second that ended inside the stream (the last, partial one is cut). */
    double[] msps(long endNanos) {
      int whole = startNanos < 0 ? 0
          : (int) Math.min(samplesPerSecond.length, (endNanos - startNanos) / 1_000_000_000L);
      double[] rates = new double[whole];
      for (int i = 0; i < whole; i++) {
        rates[i] = samplesPerSecond[i] / 1e6;
      }
      return rates;
    }
  }
}
