package io.jscclink.sdr.sim;

import io.jscclink.phy.channel.ChannelConfig;
import io.jscclink.proto.sdr.v1.Capabilities;
import io.jscclink.proto.sdr.v1.GainStage;
import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.proto.sdr.v1.DeviceInfo;
import io.jscclink.proto.sdr.v1.Direction;
import io.jscclink.proto.sdr.v1.SampleFormat;
import io.jscclink.sdr.api.ConfigValidator;
import io.jscclink.sdr.api.DeviceCounters;
import io.jscclink.sdr.api.DeviceException;
import io.jscclink.sdr.api.DeviceException.Reason;
import io.jscclink.sdr.api.DeviceFactory;
import io.jscclink.sdr.api.RxStream;
import io.jscclink.sdr.api.SdrDevice;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A full-duplex radio in software: what it transmits goes through phy's channel model
 * (fading, RF impairments, noise; seeded) and comes out of its receive stream, surrounded by
 * receiver noise.
 *
 * <p>Paced ({@code DeviceConfig.paced}): the sample clock runs at the configured rate against
 * the host clock, samples a reader does not take in time fall out of a bounded buffer and are
 * counted as overflow. Unpaced: samples are made as fast as the reader takes them.
 *
 * <p>A burst waits in a bounded queue until the receive stream reaches it; bursts sent while
 * nobody receives go out "on air" unheard (counted as transmitted).
 *
 * <p>Gains: the emulation's {@code snr_db} holds at the reference gains. Stage {@code tx}
 * (0–47 dB) scales the transmitted burst relative to {@value #TX_REFERENCE_DB} dB while the
 * receiver's noise stays, so each dB moves the SNR by a dB — and too much drives the receiver
 * into clipping at full scale, as on hardware. Stage {@code rx} (0–62 dB) scales signal and
 * noise ahead of the ADC, relative to {@value #RX_REFERENCE_DB} dB: it changes the SNR only
 * through clipping and quantisation, as a real receive chain's gain does once its noise
 * figure is set.
 */
public final class SimulatedDevice implements SdrDevice {
  /** The device id the sidecar serves it under. */
  public static final String ID = "sim";
  /** Largest TX burst, complex samples (32 MiB of floats). */
  public static final int MAX_BURST_SAMPLES = 1 << 22;
  /** Bursts that may wait for the receive stream before transmit blocks. */
  static final int BURST_QUEUE = 64;
  /** How long transmit waits for room in the burst queue before giving up. */
  static final long TX_QUEUE_TIMEOUT_MS = 5_000;

  /** TX gain at which the emulation's SNR and noise power hold, dB. */
  public static final double TX_REFERENCE_DB = 20;
  /** RX gain at which the received samples have the emulation's level, dB. */
  public static final double RX_REFERENCE_DB = 30;

  private static final DeviceInfo INFO = DeviceInfo.newBuilder()
      .setId(ID)
      .setDriver("sim")
      .setLabel("Simulated radio (phy channel models)")
      .setCapabilities(Capabilities.newBuilder()
          .setFrequencyHz(ConfigValidator.range(0, 100e9, 0))
          .setSampleRateHz(ConfigValidator.range(1e3, 1e9, 0))
          .setBandwidthHz(ConfigValidator.range(0, 1e9, 0))
          .setCanRx(true)
          .setCanTx(true)
          .setFullDuplex(true)
          .addGains(GainStage.newBuilder().setName("tx").setRx(false)
              .setGainDb(ConfigValidator.range(0, 47, 1)))
          .addGains(GainStage.newBuilder().setName("rx").setRx(true)
              .setGainDb(ConfigValidator.range(0, 62, 2)))
          .addRxFormats(SampleFormat.SAMPLE_FORMAT_CF32)
          .addRxFormats(SampleFormat.SAMPLE_FORMAT_CS16)
          .addRxFormats(SampleFormat.SAMPLE_FORMAT_CS8)
          .addTxFormats(SampleFormat.SAMPLE_FORMAT_CF32)
          .addTxFormats(SampleFormat.SAMPLE_FORMAT_CS16)
          .addTxFormats(SampleFormat.SAMPLE_FORMAT_CS8)
          .setHardwareTimestamps(false))
      .build();

  /**
   * The channel's truth for each burst, told on the receiving thread as the burst enters the
   * channel: its SNR over the full band (dB), fading gain at its first sample, and the noise
   * power added. In-process users record it beside the receiver's estimates.
   */
  @FunctionalInterface
  public interface BurstObserver {
    void burstApplied(long burstId, double snrDb, double gainRe, double gainIm,
        double noisePower);
  }

  private volatile BurstObserver burstObserver;
  private final double bufferSeconds;
  private final DeviceCounters counters = new DeviceCounters();
  private final BlockingQueue<PendingBurst> bursts = new ArrayBlockingQueue<>(BURST_QUEUE);
  private final Object lock = new Object();
  private volatile DeviceConfig config;
  private ChannelConfig channelConfig;
  private volatile SimRxStream receiving;
  private volatile boolean closed;
  // TX assembly: owned by the one transmitting thread (the sidecar runs one TX stream).
  private float[] burstIq = new float[2 * 4096];
  /** Amplitude of the TX gain stage relative to its reference. */
  private volatile float txAmplitude = 1f;
  private int burstSamples;

  /**
   * @param bufferSeconds receive buffer of the paced device, in seconds of samples; a reader
   *     that falls further behind loses samples (counted)
   */
  public SimulatedDevice(double bufferSeconds) {
    if (!(bufferSeconds >= 1e-3 && bufferSeconds <= 60)) {
      throw new IllegalArgumentException(
          "bufferSeconds must be in [0.001, 60] s, got " + bufferSeconds);
    }
    this.bufferSeconds = bufferSeconds;
  }

  /** A factory opening a fresh simulated device per lease. */
  public static DeviceFactory factory(double bufferSeconds) {
    new SimulatedDevice(bufferSeconds); // reject a bad buffer when the sidecar starts
    return new DeviceFactory() {
      @Override
      public DeviceInfo info() {
        return INFO;
      }

      @Override
      public SdrDevice open() {
        return new SimulatedDevice(bufferSeconds);
      }
    };
  }

  @Override
  public DeviceInfo info() {
    return INFO;
  }

  /**
   * The channel as the gain stages leave it (see the class comment): the burst's power grows
   * by the TX gain step, and its SNR with it, so that the noise it gets stays the reference's.
   */
  static ChannelConfig withGains(ChannelConfig channel, java.util.Map<String, Double> gains)
      throws DeviceException {
    double tx = txGainStepDb(gains);
    double rx = gains.getOrDefault("rx", RX_REFERENCE_DB) - RX_REFERENCE_DB;
    try {
      ChannelConfig.Builder b = channel.toBuilder().rxGainDb(rx);
      if (Double.isFinite(channel.snrDb())) {
        b.snrDb(channel.snrDb() + tx);
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw DeviceException.invalid("emulation with gains tx " + (tx + TX_REFERENCE_DB)
          + " dB, rx " + (rx + RX_REFERENCE_DB) + " dB: " + e.getMessage());
    }
  }

  private static double txGainStepDb(java.util.Map<String, Double> gains) {
    return gains.getOrDefault("tx", TX_REFERENCE_DB) - TX_REFERENCE_DB;
  }

  @Override
  public DeviceConfig configure(DeviceConfig requested) throws DeviceException {
    ConfigValidator.validate(requested, INFO.getCapabilities());
    ChannelConfig channel = withGains(SimChannels.toChannelConfig(requested.getEmulation()),
        requested.getGainsDbMap());
    try {
      // Constructing the simulator checks rate-dependent limits (CFO, Doppler ≤ rate/2).
      new io.jscclink.phy.channel.ChannelSimulator(channel, requested.getSampleRateHz());
    } catch (IllegalArgumentException e) {
      throw DeviceException.invalid("emulation: " + e.getMessage());
    }
    synchronized (lock) {
      if (receiving != null) {
        throw new DeviceException(Reason.FAILED_PRECONDITION,
            "cannot configure while receiving; stop the receive stream first");
      }
      channelConfig = channel;
      config = requested;
      txAmplitude = (float) Math.pow(10, txGainStepDb(requested.getGainsDbMap()) / 20);
      bursts.clear();
      burstSamples = 0;
    }
    return requested;
  }

  @Override
  public DeviceConfig config() {
    return config;
  }

  @Override
  public RxStream startReceive() throws DeviceException {
    synchronized (lock) {
      checkOpen();
      DeviceConfig current = config;
      if (current == null || current.getDirection() == Direction.DIRECTION_TX) {
        throw new DeviceException(Reason.FAILED_PRECONDITION,
            "configure the device with direction DIRECTION_RX or DIRECTION_RX_TX before receiving");
      }
      if (receiving != null) {
        throw new DeviceException(Reason.FAILED_PRECONDITION, "already receiving; one RX stream "
            + "at a time");
      }
      bursts.clear();
      SimRxStream stream = new SimRxStream(this, channelConfig, current, bufferSeconds, bursts,
          counters);
      receiving = stream;
      return stream;
    }
  }

  /** Called by the stream when it closes. */
  void receiveStopped(SimRxStream stream) {
    synchronized (lock) {
      if (receiving == stream) {
        receiving = null;
        bursts.clear();
      }
    }
  }

  @Override
  public void transmit(float[] iq, int offset, int samples, boolean endOfBurst, long burstId)
      throws DeviceException, InterruptedException {
    checkOpen();
    DeviceConfig current = config;
    if (current == null || current.getDirection() == Direction.DIRECTION_RX) {
      throw new DeviceException(Reason.FAILED_PRECONDITION,
          "configure the device with direction DIRECTION_TX or DIRECTION_RX_TX before transmitting");
    }
    for (int k = 2 * offset; k < 2 * (offset + samples); k++) {
      if (!Float.isFinite(iq[k])) {
        burstSamples = 0;
        throw DeviceException.invalid("TX sample " + (k / 2 - offset) + " is " + iq[k]
            + "; samples must be finite (full scale ±1)");
      }
    }
    if (samples > MAX_BURST_SAMPLES - burstSamples) {
      burstSamples = 0;
      throw new DeviceException(Reason.RESOURCE_EXHAUSTED, "TX burst longer than "
          + MAX_BURST_SAMPLES + " samples; split it into bursts of at most that length");
    }
    if (2 * (burstSamples + samples) > burstIq.length) {
      burstIq = java.util.Arrays.copyOf(burstIq,
          Math.max(2 * (burstSamples + samples), 2 * burstIq.length));
    }
    float scale = txAmplitude;
    if (scale == 1f) {
      System.arraycopy(iq, 2 * offset, burstIq, 2 * burstSamples, 2 * samples);
    } else {
      for (int i = 0; i < 2 * samples; i++) {
        burstIq[2 * burstSamples + i] = scale * iq[2 * offset + i];
      }
    }
    burstSamples += samples;
    counters.samplesTransmitted.addAndGet(samples);
    if (!endOfBurst) {
      return;
    }
    int length = burstSamples;
    burstSamples = 0;
    counters.burstsTransmitted.incrementAndGet();
    SimRxStream listener = receiving;
    if (listener == null || length == 0) {
      return; // on air with nobody listening
    }
    float[] copy = java.util.Arrays.copyOf(burstIq, 2 * length);
    PendingBurst burst = new PendingBurst(copy, length, listener.earliestStartIndex(), burstId);
    if (!bursts.offer(burst, TX_QUEUE_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
      throw new DeviceException(Reason.RESOURCE_EXHAUSTED, "the simulated channel holds "
          + BURST_QUEUE + " bursts the receive stream has not reached for "
          + TX_QUEUE_TIMEOUT_MS + " ms; read the RX stream faster or transmit less");
    }
  }

  /** Sets the observer of each burst's channel truth (null: none). */
  public void observeBursts(BurstObserver observer) {
    this.burstObserver = observer;
  }

  void burstApplied(long burstId, io.jscclink.phy.channel.ChannelSimulator channel) {
    BurstObserver o = burstObserver;
    if (o != null) {
      // The TX gain is part of the path a receiver sees: fold it into the reported gain.
      float g = txAmplitude;
      o.burstApplied(burstId, channel.lastBurstSnrDb(), g * channel.lastBurstGainRe(),
          g * channel.lastBurstGainIm(), channel.lastBurstNoisePower());
    }
  }

  @Override
  public DeviceCounters counters() {
    return counters;
  }

  @Override
  public void close() {
    SimRxStream stream;
    synchronized (lock) {
      closed = true;
      stream = receiving;
    }
    if (stream != null) {
      stream.close();
    }
  }

  private void checkOpen() throws DeviceException {
    if (closed) {
      throw new DeviceException(Reason.FAILED_PRECONDITION, "the simulated device is closed");
    }
  }

  /** A transmitted burst waiting for the receive stream to reach {@code earliestIndex}. */
  record PendingBurst(float[] iq, int samples, long earliestIndex, long burstId) {}
}
