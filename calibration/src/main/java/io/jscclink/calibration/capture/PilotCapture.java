package io.jscclink.calibration.capture;

import io.jscclink.phy.frame.FrameBuilder;
import io.jscclink.phy.frame.FrameHeader;
import io.jscclink.phy.frame.PayloadType;
import io.jscclink.phy.frame.PhyConfig;
import io.jscclink.phy.sync.FrameReceiver;
import io.jscclink.phy.sync.ReceivedFrame;
import io.jscclink.proto.sdr.v1.SampleFormat;
import io.jscclink.sdr.api.RxBlockInfo;
import io.jscclink.sdr.client.Receiver;
import io.jscclink.sdr.client.SidecarClient;
import io.jscclink.sdr.sigmf.SigMfRecorder;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Sends pilot-only frames (every payload symbol known) through a radio and logs what the
 * receiver measured on each. Frames go out in bursts of {@code framesPerBurst}, one every
 * {@code spacingSamples} within a burst, so that arrival times and gains of one burst sample
 * the channel on an exact grid (clock offset, Doppler). Frame numbers travel in the header's
 * sequence field, so lost frames leave gaps instead of shifting the others.
 */
public final class PilotCapture {
  /** Scheme id of calibration frames in the header. */
  public static final int CALIBRATION_SCHEME_ID = 254;
  private static final int BLOCK_SAMPLES = 16384;

  /** Sees every received block before the receiver does (IQ impairment estimation). */
  @FunctionalInterface
  public interface IqTap {
    void block(float[] iq, int samples);
  }

  private IqTap tap;

  /** Sets a tap on the raw received samples (null: none). */
  public void tap(IqTap iqTap) {
    this.tap = iqTap;
  }

  /** What to send. */
  public record Plan(int frames, int knownSymbols, int framesPerBurst, int spacingSamples) {
    public Plan {
      if (frames < 1 || frames > 65536 || knownSymbols < 1 || framesPerBurst < 1) {
        throw new IllegalArgumentException("frames in [1, 65536], knownSymbols >= 1 and"
            + " framesPerBurst >= 1 required, got " + frames + ", " + knownSymbols + ", "
            + framesPerBurst);
      }
    }

    public int bursts() {
      return (frames + framesPerBurst - 1) / framesPerBurst;
    }
  }

  private final PhyConfig phy;
  private final double sampleRateHz;

  public PilotCapture(PhyConfig phy, double sampleRateHz) {
    this.phy = phy;
    this.sampleRateHz = sampleRateHz;
  }

  /** Samples one pilot frame of {@code knownSymbols} takes on air. */
  public int frameSamples(int knownSymbols) {
    return new FrameBuilder(phy).frameSamples(knownSymbols);
  }

  /**
   * Transmits the plan on {@code tx} while receiving on {@code rx} (the same client for one
   * full-duplex or simulated radio), optionally recording what was received.
   *
   * @param progress told the number of frames detected so far
   */
  public FrameLog run(SidecarClient tx, SidecarClient rx, Plan plan, SigMfRecorder recorder,
      IntConsumer progress) throws IOException, InterruptedException {
    int frameSamples = frameSamples(plan.knownSymbols());
    if (plan.spacingSamples() < frameSamples) {
      throw new IllegalArgumentException("frame spacing " + plan.spacingSamples()
          + " samples is shorter than a pilot frame of " + plan.knownSymbols() + " symbols ("
          + frameSamples + " samples)");
    }
    AtomicReference<Throwable> txFailure = new AtomicReference<>();
    try (Receiver receiver = rx.receive(SampleFormat.SAMPLE_FORMAT_CF32, BLOCK_SAMPLES, 0)) {
      Thread sender = new Thread(() -> {
        try {
          transmit(tx, plan);
        } catch (Throwable e) {
          txFailure.set(e);
        }
      }, "calibration-tx");
      sender.setDaemon(true);
      // A burst sent before the receive stream runs is never heard, and the count of bursts
      // below would wait for it forever.
      if (!receiver.awaitStreaming()) {
        throw new IOException("the receive stream ended before it started");
      }
      sender.start();
      FrameLog log = receive(receiver, plan, recorder, progress, () -> !sender.isAlive());
      sender.join(10_000);
      if (txFailure.get() != null) {
        throw new IOException("transmitting calibration frames failed: "
            + txFailure.get().getMessage(), txFailure.get());
      }
      return log;
    }
  }

  /** Receives only: a recording replayed by a {@code sigmf:} sidecar, to its end. */
  public FrameLog replay(SidecarClient rx, Plan plan, IntConsumer progress)
      throws IOException, InterruptedException {
    try (Receiver receiver = rx.receive(SampleFormat.SAMPLE_FORMAT_CF32, BLOCK_SAMPLES, 0)) {
      return receive(receiver, null, null, progress, () -> false);
    }
  }

  private void transmit(SidecarClient tx, Plan plan) {
    FrameBuilder builder = new FrameBuilder(phy);
    float[] burst = new float[2 * plan.spacingSamples() * plan.framesPerBurst()];
    int sent = 0;
    for (int b = 0; b < plan.bursts(); b++) {
      int inBurst = Math.min(plan.framesPerBurst(), plan.frames() - sent);
      fillBurst(builder, plan, b, sent, inBurst, burst);
      sent += inBurst;
      tx.transmit(burst, 0, inBurst * plan.spacingSamples(), b);
    }
  }

  private static void fillBurst(FrameBuilder builder, Plan plan, int burstNumber, int firstFrame,
      int frames, float[] burst) {
    java.util.Arrays.fill(burst, 0f);
    for (int k = 0; k < frames; k++) {
      FrameHeader h = FrameHeader.of(PayloadType.KNOWN, CALIBRATION_SCHEME_ID, 0,
          plan.knownSymbols(), (firstFrame + k) & 0xFFFF, burstNumber & 0xFFFF, 0, 1);
      builder.buildKnown(h, plan.knownSymbols(), burst, k * plan.spacingSamples());
    }
  }

  /**
   * Mean sample power of a full burst of the plan over the transmitter's nominal sample power
   * txRms²: the simulated channel sets its noise from a burst's power, so a burst padded
   * between frames needs its SNR setting raised by this much for the frames to see the
   * intended Es/N0.
   */
  public double burstPowerRatio(Plan plan) {
    int frames = Math.min(plan.framesPerBurst(), plan.frames());
    float[] burst = new float[2 * plan.spacingSamples() * frames];
    fillBurst(new FrameBuilder(phy), plan, 0, 0, frames, burst);
    double power = 0;
    for (float v : burst) {
      power += v * v;
    }
    power /= burst.length / 2.0;
    return power / (phy.txRms() * phy.txRms());
  }

  /**
   * Reads until every burst has come through (simulated radio: end-of-burst marks) plus one
   * burst-free tail so the receiver flushes, or until the stream ends (a recording).
   */
  private FrameLog receive(Receiver receiver, Plan plan, SigMfRecorder recorder,
      IntConsumer progress, java.util.function.BooleanSupplier txFinished)
      throws IOException, InterruptedException {
    FrameLog log = new FrameLog();
    int frameSamples = plan == null ? 0 : frameSamples(plan.knownSymbols());
    // Frames are found at sample indices of this receiver; a recording that earlier runs
    // wrote to already holds this many samples before them.
    long recordingBase = recorder == null ? 0 : recorder.samplesWritten();
    FrameReceiver phyRx = new FrameReceiver(phy, (ReceivedFrame f) -> {
      FrameHeader h = f.header();
      if (h.schemeId() != CALIBRATION_SCHEME_ID) {
        return;
      }
      log.add(f, h.sequenceNumber(), h.imageIndex(), sampleRateHz);
      if (recorder != null) {
        recorder.annotate(recordingBase + Math.round(f.startSample()), frameSamples,
            "pilot frame",
            "frame " + h.sequenceNumber() + ", pilot SNR " + String.format(java.util.Locale.ROOT,
                "%.2f dB", f.pilotSnrDb()));
      }
    });
    float[] block = new float[2 * BLOCK_SAMPLES];
    RxBlockInfo info = new RxBlockInfo();
    long bursts = 0;
    long tail = 0;
    long reported = -1;
    while (true) {
      int n = receiver.read(block, 0, BLOCK_SAMPLES, info);
      if (n < 0) {
        break;
      }
      if (recorder != null) {
        recorder.write(block, 0, n, info.firstSampleIndex);
      }
      if (tap != null) {
        tap.block(block, n);
      }
      phyRx.accept(block, 0, n);
      if (info.endOfBurst) {
        bursts++;
      }
      if (log.count() != reported) {
        reported = log.count();
        progress.accept(log.count());
      }
      if (plan != null && bursts >= plan.bursts() && txFinished.getAsBoolean()) {
        tail += n;
        if (tail > 2L * frameSamples + BLOCK_SAMPLES) {
          break;
        }
      }
    }
    return log;
  }
}
