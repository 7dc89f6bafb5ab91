package io.jscclink.sdr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jscclink.proto.sdr.v1.Counters;
import io.jscclink.proto.sdr.v1.SampleFormat;
import io.jscclink.proto.sdr.v1.TransmitSummary;
import io.jscclink.sdr.api.RxBlockInfo;
import io.jscclink.sdr.client.Receiver;
import io.jscclink.sdr.client.SidecarClient;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sidecar's streaming targets over a real loopback TCP socket. */
@Timeout(60)
class SidecarLoopbackTest {
  private SidecarServer server;
  private SidecarClient client;

  @BeforeEach
  void start() throws Exception {
    server = Sidecars.simulated(0, SidecarServer.Options.defaults(), 0.05);
    client = Sidecars.client(server.port(), "loopback-test");
    client.awaitServing();
    client.open("");
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  /**
   * A burst through the simulated AWGN channel comes back sample-exact in length, and the SNR
   * measured against the known transmitted samples matches the configured one.
   *
   * <p>Tolerance: with N complex noise samples, |n|² is exponential, so the noise-power
   * estimate has relative standard deviation 1/√N; N = 40 000 gives 0.5 %, i.e. 0.02 dB. The
   * target's 0.3 dB is 14 σ, so the test fails only if the channel is wrong.
   */
  @Test
  void txBurstComesBackSampleExactWithConfiguredSnr() throws Exception {
    double snrDb = 12.0;
    client.configure(Sidecars.simConfig(1e6, false, snrDb, 42));
    int burstSamples = 40_000;
    float[] tx = new float[2 * burstSamples];
    SplittableRandom random = new SplittableRandom(7);
    // QPSK at power 1/8 (−9 dBFS), so noise peaks stay far below the ±1 clipping of the
    // simulated ADC (which would bias the measured SNR upwards).
    for (int k = 0; k < tx.length; k++) {
      tx[k] = random.nextBoolean() ? 0.25f : -0.25f;
    }
    float[] rx = new float[2 * burstSamples];
    float[] block = new float[2 * 4096];
    RxBlockInfo info = new RxBlockInfo();
    try (Receiver receiver = client.receive(SampleFormat.SAMPLE_FORMAT_CF32, 4096, 0)) {
      TransmitSummary summary = client.transmit(tx, 0, burstSamples, 99);
      assertEquals(burstSamples, summary.getSamples());
      assertEquals(1, summary.getBursts());
      int received = -1; // -1 until the burst's first block (power jumps from 1e-3 to 0.13)
      long nextIndex = -1;
      while (true) {
        int n = receiver.read(block, 0, 4096, info);
        assertTrue(n > 0, "stream ended early");
        assertEquals(0, info.samplesLostBefore);
        if (nextIndex >= 0) {
          assertEquals(nextIndex, info.firstSampleIndex, "sample indices must be contiguous");
        }
        nextIndex = info.firstSampleIndex + n;
        if (received < 0 && meanPower(block, n) > 0.05) {
          received = 0;
        }
        if (received >= 0) {
          assertTrue(received + n <= burstSamples, "burst longer than sent");
          System.arraycopy(block, 0, rx, 2 * received, 2 * n);
          received += n;
          if (info.endOfBurst) {
            break;
          }
        }
      }
      assertEquals(burstSamples, received, "burst length must be sample-exact");
      assertEquals(0, receiver.samplesUnreported());
    }
    double signal = 0;
    double noise = 0;
    for (int k = 0; k < tx.length; k++) {
      signal += (double) tx[k] * tx[k];
      double e = rx[k] - tx[k];
      noise += e * e;
    }
    double measuredSnrDb = 10 * Math.log10(signal / noise);
    assertEquals(snrDb, measuredSnrDb, 0.3);
    Counters counters = client.counters();
    assertEquals(burstSamples, counters.getSamplesTransmitted());
    assertEquals(1, counters.getBurstsTransmitted());
  }

  /**
   * A burst taken from the middle of an array and sent in several chunks arrives in order,
   * sample for sample (at 100 dB SNR the noise is 10⁻⁵ of the amplitude, far below the 1e-3
   * tolerance).
   */
  @Test
  void chunkedBurstFromAnOffsetArrivesInOrder() throws Exception {
    client.closeDevice(); // hand the radio to a client that sends 1000-sample chunks
    int offset = 3;
    int burstSamples = 5_000;
    float[] tx = new float[2 * (offset + burstSamples)];
    for (int k = 0; k < tx.length; k++) {
      tx[k] = (float) (0.5 * Math.sin(0.37 * k));
    }
    try (SidecarClient chunky = SidecarClient.builder().target("127.0.0.1:" + server.port())
        .txChunkSamples(1_000).build()) {
      // Without the lease, transmitting is refused before anything is sent.
      assertEquals(io.grpc.Status.Code.FAILED_PRECONDITION, org.junit.jupiter.api.Assertions
          .assertThrows(io.jscclink.sdr.client.SidecarException.class,
              () -> chunky.transmit(tx, offset, burstSamples, 1)).code());
      chunky.open("");
      chunky.configure(Sidecars.simConfig(1e6, false, 100, 9));
      Receiver receiver = chunky.receive(SampleFormat.SAMPLE_FORMAT_CF32, 2048, 0);
      TransmitSummary summary = chunky.transmit(tx, offset, burstSamples, 2,
          SampleFormat.SAMPLE_FORMAT_CF32);
      assertEquals(burstSamples, summary.getSamples());
      float[] rx = new float[2 * burstSamples];
      float[] block = new float[2 * 2048];
      RxBlockInfo info = new RxBlockInfo();
      int received = -1;
      while (received < burstSamples) {
        int n = receiver.read(block, 0, 2048, info);
        assertTrue(n > 0);
        if (received < 0 && Math.abs(block[0] - tx[2 * offset]) < 1e-3
            && Math.abs(block[2] - tx[2 * offset + 2]) < 1e-3 && meanPower(block, n) > 0.05) {
          received = 0;
        }
        if (received >= 0) {
          System.arraycopy(block, 0, rx, 2 * received, 2 * n);
          received += n;
        }
      }
      assertEquals(burstSamples, received);
      assertTrue(info.endOfBurst);
      for (int k = 0; k < rx.length; k++) {
        assertEquals(tx[2 * offset + k], rx[k], 1e-3, "value " + k);
      }
      receiver.close();
    }
  }

  /** Closing a receiver and receiving again at once works: the old stream is waited for. */
  @Test
  void receiveRightAfterClosingTheLastStream() throws Exception {
    client.configure(Sidecars.simConfig(1e6, true, 10, 4));
    float[] iq = new float[2 * 1024];
    RxBlockInfo info = new RxBlockInfo();
    for (int k = 0; k < 5; k++) {
      try (Receiver receiver = client.receive(SampleFormat.SAMPLE_FORMAT_CS8, 1024, 0)) {
        assertTrue(receiver.read(iq, 0, 1024, info) > 0);
      }
    }
  }

  /**
   * A reader slower than the paced sample clock loses samples; every block's lost-before count
   * explains exactly the jump in its first-sample index, the total equals the samples that
   * never arrived, and it matches the device counters.
   */
  @Test
  void slowReaderOverflowIsCountedExactly() throws Exception {
    double sampleRateHz = 2e6;
    client.configure(Sidecars.simConfig(sampleRateHz, true, 20, 3));
    int perBlock = 8192;
    long maxSamples = 40 * perBlock; // read at ≤ 8192 per 20 ms ≈ 0.4 Ms/s, 5× too slow
    float[] block = new float[2 * perBlock];
    RxBlockInfo info = new RxBlockInfo();
    long delivered = 0;
    long lostInBlocks = 0;
    long firstIndex = -1;
    long nextIndex = -1;
    try (Receiver receiver = client.receive(SampleFormat.SAMPLE_FORMAT_CS16, perBlock,
        maxSamples)) {
      int n;
      while ((n = receiver.read(block, 0, perBlock, info)) > 0) {
        if (firstIndex < 0) {
          firstIndex = info.firstSampleIndex;
        } else {
          assertEquals(nextIndex + info.samplesLostBefore, info.firstSampleIndex,
              "an index jump not explained by samples_lost_before");
        }
        lostInBlocks += info.samplesLostBefore;
        delivered += n;
        nextIndex = info.firstSampleIndex + n;
        Thread.sleep(20);
      }
      assertEquals(0, receiver.samplesUnreported());
      assertEquals(lostInBlocks, receiver.samplesLost());
    }
    assertEquals(maxSamples, delivered);
    // The device clock starts at index 0 with the stream: everything up to the last index
    // that was not delivered never arrived.
    long neverArrived = nextIndex - delivered;
    assertEquals(neverArrived, lostInBlocks);
    assertTrue(lostInBlocks > maxSamples, "a 5x too slow reader must lose most samples, lost "
        + lostInBlocks);
    Counters counters = client.counters();
    assertEquals(lostInBlocks, counters.getSamplesLost());
    assertEquals(delivered, counters.getSamplesReceived());
    assertTrue(counters.getOverflows() > 0);
  }

  private static double meanPower(float[] iq, int samples) {
    double sum = 0;
    for (int k = 0; k < 2 * samples; k++) {
      sum += (double) iq[k] * iq[k];
    }
    return sum / samples;
  }
}
