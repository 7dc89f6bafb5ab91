package io.jscclink.sdr.sim;

import io.jscclink.phy.channel.ChannelConfig;
import io.jscclink.phy.channel.ChannelSimulator;
import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.sdr.api.DeviceCounters;
import io.jscclink.sdr.api.RxBlockInfo;
import io.jscclink.sdr.api.RxStream;
import io.jscclink.sdr.sim.SimulatedDevice.PendingBurst;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The receive stream of {@link SimulatedDevice}. Samples are made on the reader's thread, in
 * sample-clock order, so the channel simulator (not thread-safe) sees bursts and idle noise
 * in time order.
 *
 * <p>Idle noise: when the channel evolves between bursts (Doppler, CFO, phase noise) it comes
 * from {@link ChannelSimulator#noiseOnly} sample by sample. Otherwise the channel is
 * memoryless between bursts and idle noise is copied from a table the simulator filled (same
 * power and impairments), read at random offsets: Gaussian generation alone could not keep up
 * with the sidecar's tens of Msamples/s.
 */
final class SimRxStream implements RxStream {
  /** Complex samples in the idle-noise table (2^16: refilled in about a millisecond). */
  static final int NOISE_TABLE_SAMPLES = 1 << 16;
  /** Paced reads wait for at least this long a stretch of samples, to keep blocks large. */
  private static final double MIN_WAIT_SECONDS = 0.002;

  private final SimulatedDevice device;
  private final ChannelSimulator channel;
  private final boolean exactNoise;
  private final boolean paced;
  private final double sampleRateHz;
  private final long bufferSamples;
  private final BlockingQueue<PendingBurst> bursts;
  private final DeviceCounters counters;
  private final long startNanoTime;
  private final long startEpochNs;
  private final SplittableRandom tableOffsets;

  // Reader-thread state.
  private final float[] noiseTable = new float[2 * NOISE_TABLE_SAMPLES];
  private double noiseTablePower;
  private int noiseTablePos;
  private int noiseSegmentLeft;
  private long nextIndex;
  private float[] burstOut = new float[0];
  private int burstLength;
  private int burstPos;
  private boolean inBurst;
  private float[] discardScratch;

  private volatile boolean closed;
  private volatile Thread reader;

  SimRxStream(SimulatedDevice device, ChannelConfig channelConfig, DeviceConfig config,
      double bufferSeconds, BlockingQueue<PendingBurst> bursts, DeviceCounters counters) {
    this.device = device;
    this.sampleRateHz = config.getSampleRateHz();
    this.channel = new ChannelSimulator(channelConfig, sampleRateHz);
    this.exactNoise = SimChannels.evolvesBetweenBursts(channelConfig);
    this.paced = config.getPaced();
    this.bufferSamples = Math.max(4096, Math.round(sampleRateHz * bufferSeconds));
    this.bursts = bursts;
    this.counters = counters;
    this.tableOffsets = new SplittableRandom(channelConfig.seed() ^ 0x5DEECE66DL);
    if (!exactNoise) {
      refillNoiseTable();
    }
    this.startNanoTime = System.nanoTime();
    this.startEpochNs = System.currentTimeMillis() * 1_000_000L;
  }

  /** Sample index a burst transmitted now may start at: now on the clock, or "next" unpaced. */
  long earliestStartIndex() {
    return paced ? clockIndex() : 0;
  }

  private long clockIndex() {
    return (long) ((System.nanoTime() - startNanoTime) * 1e-9 * sampleRateHz);
  }

  @Override
  public int read(float[] iq, int offset, int maxSamples, RxBlockInfo info)
      throws InterruptedException {
    if (maxSamples <= 0 || offset < 0 || 2L * (offset + (long) maxSamples) > iq.length) {
      throw new IndexOutOfBoundsException("room for " + maxSamples + " samples at offset "
          + offset + " needs " + 2L * (offset + (long) maxSamples) + " floats, array holds "
          + iq.length);
    }
    info.clear();
    reader = Thread.currentThread();
    int wanted = maxSamples;
    if (paced) {
      long minimum = Math.min(maxSamples, Math.max(1, (long) (sampleRateHz * MIN_WAIT_SECONDS)));
      long available;
      while ((available = clockIndex() - nextIndex) < minimum) {
        if (closed) {
          return -1;
        }
        LockSupport.parkNanos(this, (long) ((minimum - available) / sampleRateHz * 1e9));
        if (Thread.interrupted()) {
          Thread.currentThread().interrupt();
          throw new InterruptedException("interrupted while waiting for samples");
        }
      }
      if (available > bufferSamples) {
        long lost = available - bufferSamples;
        discard(lost);
        counters.overflows.incrementAndGet();
        counters.samplesLost.addAndGet(lost);
        info.samplesLostBefore = lost;
        available = bufferSamples;
      }
      wanted = (int) Math.min(maxSamples, available);
      info.hostTimeNs = startEpochNs + (long) (nextIndex / sampleRateHz * 1e9);
    }
    if (closed) {
      return -1;
    }
    info.firstSampleIndex = nextIndex;
    int produced = produce(iq, offset, wanted, info);
    counters.samplesReceived.addAndGet(produced);
    return produced;
  }

  /**
   * Makes up to {@code samples} samples at the clock position. A block never straddles the
   * start of a burst and ends at a burst's end (then {@code info.endOfBurst}).
   */
  private int produce(float[] iq, int offset, int samples, RxBlockInfo info) {
    int done = 0;
    while (done < samples) {
      if (!inBurst) {
        PendingBurst next = bursts.peek();
        if (next != null && next.earliestIndex() <= nextIndex) {
          if (done > 0) {
            break; // the burst starts the next block
          }
          startBurst(bursts.poll());
          continue;
        }
        long idle = samples - done;
        if (next != null) {
          idle = Math.min(idle, next.earliestIndex() - nextIndex);
        }
        fillNoise(iq, offset + done, (int) idle);
        done += (int) idle;
        nextIndex += idle;
        continue;
      }
      int count = Math.min(samples - done, burstLength - burstPos);
      System.arraycopy(burstOut, 2 * burstPos, iq, 2 * (offset + done), 2 * count);
      burstPos += count;
      done += count;
      nextIndex += count;
      if (burstPos == burstLength) {
        endBurst();
        info.endOfBurst = true;
        break;
      }
    }
    return done;
  }

  /** Passes a burst through the channel; its output plays from the current clock position. */
  private void startBurst(PendingBurst burst) {
    int outSamples = channel.maxOutputSamples(burst.samples());
    if (burstOut.length < 2 * outSamples) {
      burstOut = new float[2 * outSamples];
    }
    burstLength = channel.applyBurst(burst.iq(), 0, burst.samples(), burstOut, 0);
    device.burstApplied(burst.burstId(), channel);
    burstPos = 0;
    inBurst = burstLength > 0;
  }

  /** Skips {@code samples} samples the reader was too slow for (bursts in them are lost). */
  private void discard(long samples) {
    long left = samples;
    while (left > 0) {
      if (inBurst) {
        int count = (int) Math.min(left, burstLength - burstPos);
        burstPos += count;
        left -= count;
        nextIndex += count;
        if (burstPos == burstLength) {
          endBurst();
        }
        continue;
      }
      PendingBurst next = bursts.peek();
      if (next != null && next.earliestIndex() <= nextIndex) {
        startBurst(bursts.poll());
        continue;
      }
      long idle = left;
      if (next != null) {
        idle = Math.min(idle, next.earliestIndex() - nextIndex);
      }
      if (exactNoise) {
        // Keep the channel's clock (Doppler, carrier) running over the skipped stretch.
        idle = Math.min(idle, NOISE_TABLE_SAMPLES);
        if (discardScratch == null) {
          discardScratch = new float[2 * NOISE_TABLE_SAMPLES];
        }
        channel.noiseOnly(discardScratch, 0, (int) idle);
      }
      left -= idle;
      nextIndex += idle;
    }
  }

  private void fillNoise(float[] iq, int offset, int samples) {
    if (exactNoise) {
      channel.noiseOnly(iq, offset, samples);
      return;
    }
    int done = 0;
    while (done < samples) {
      if (noiseSegmentLeft == 0) {
        noiseTablePos = tableOffsets.nextInt(NOISE_TABLE_SAMPLES);
        noiseSegmentLeft = NOISE_TABLE_SAMPLES - noiseTablePos;
      }
      int count = Math.min(samples - done, noiseSegmentLeft);
      System.arraycopy(noiseTable, 2 * noiseTablePos, iq, 2 * (offset + done), 2 * count);
      noiseTablePos += count;
      noiseSegmentLeft -= count;
      done += count;
    }
  }

  /** After a burst the simulator's noise power follows that burst; refresh the table if so. */
  private void endBurst() {
    inBurst = false;
    if (!exactNoise
        && Math.abs(channel.currentNoisePower() - noiseTablePower) > 0.01 * noiseTablePower) {
      refillNoiseTable();
    }
  }

  private void refillNoiseTable() {
    channel.noiseOnly(noiseTable, 0, NOISE_TABLE_SAMPLES);
    noiseTablePower = channel.currentNoisePower();
    noiseSegmentLeft = 0;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Thread waiting = reader;
    if (waiting != null) {
      LockSupport.unpark(waiting);
    }
    device.receiveStopped(this);
  }
}
