package io.jscclink.sdr.hackrf;

import static io.jscclink.sdr.hackrf.HackRfProtocol.CONTROL_TIMEOUT_MS;

import io.jscclink.proto.sdr.v1.Capabilities;
import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.proto.sdr.v1.DeviceInfo;
import io.jscclink.proto.sdr.v1.Direction;
import io.jscclink.proto.sdr.v1.GainStage;
import io.jscclink.proto.sdr.v1.SampleFormat;
import io.jscclink.sdr.api.ConfigValidator;
import io.jscclink.sdr.api.DeviceCounters;
import io.jscclink.sdr.api.DeviceException;
import io.jscclink.sdr.api.DeviceException.Reason;
import io.jscclink.sdr.api.DeviceFactory;
import io.jscclink.sdr.api.RxStream;
import io.jscclink.sdr.api.SdrDevice;
import io.jscclink.sdr.usb.UsbConnector;
import io.jscclink.sdr.usb.UsbTransport;
import java.util.Map;

/**
 * HackRF One (half duplex, 8-bit I/Q) over a {@link UsbTransport}. Requests and their byte
 * layout follow libhackrf; see {@link HackRfRequest} and {@link HackRfProtocol}.
 *
 * <p>Configure sends, in order: SAMPLE_RATE_SET, BASEBAND_FILTER_BANDWIDTH_SET, SET_FREQ,
 * AMP_ENABLE, then the gains of the chosen direction (LNA and VGA for RX, TX VGA for TX).
 * Streaming sets the transceiver mode and runs asynchronous bulk transfers.
 */
public final class HackRfDevice implements SdrDevice {
  /** Bytes per bulk transfer (libhackrf's 256 KiB). */
  public static final int TRANSFER_BYTES = 256 * 1024;
  /** Bulk transfers in flight. */
  public static final int TRANSFERS = 4;
  /** Bound on stopping a stream, ms. */
  static final long STOP_TIMEOUT_MS = 1_000;

  static final Capabilities CAPABILITIES = Capabilities.newBuilder()
      .setFrequencyHz(ConfigValidator.range(1e6, 6e9, 0))
      .setSampleRateHz(ConfigValidator.range(2e6, 20e6, 0))
      .setBandwidthHz(ConfigValidator.range(1.75e6, 28e6, 0))
      .addAllBandwidthStepsHz(java.util.Arrays.stream(HackRfProtocol.FILTER_BANDWIDTHS_HZ)
          .boxed().toList())
      .addGains(stage("lna", 0, 40, 8, true))
      .addGains(stage("vga", 0, 62, 2, true))
      .addGains(stage("txvga", 0, 47, 1, false))
      .setCanRx(true)
      .setCanTx(true)
      .setFullDuplex(false)
      .addRxFormats(SampleFormat.SAMPLE_FORMAT_CS8)
      .addRxFormats(SampleFormat.SAMPLE_FORMAT_CS16)
      .addRxFormats(SampleFormat.SAMPLE_FORMAT_CF32)
      .addTxFormats(SampleFormat.SAMPLE_FORMAT_CS8)
      .addTxFormats(SampleFormat.SAMPLE_FORMAT_CS16)
      .addTxFormats(SampleFormat.SAMPLE_FORMAT_CF32)
      .setHardwareTimestamps(false)
      .build();

  private final UsbTransport usb;
  private final DeviceInfo info;
  private final int rxBufferBytes;
  private final DeviceCounters counters = new DeviceCounters();
  private final byte[] gainReply = new byte[1];
  private final Object lock = new Object();
  private volatile DeviceConfig config;
  private HackRfRxStream receiving; // guarded by lock
  private HackRfTx transmitting; // guarded by lock
  private volatile String lastError = "";
  private boolean closed;

  /**
   * Takes the device on an opened transport: configuration 1 (set only when another is
   * active, as libhackrf does), then interface 0.
   *
   * @param rxBufferBytes RX ring between the USB thread and the reader, a power of two ≥ 2
   *     transfers; a reader further behind loses whole transfers (counted)
   */
  public HackRfDevice(UsbTransport usb, DeviceInfo info, int rxBufferBytes)
      throws DeviceException {
    if (Integer.bitCount(rxBufferBytes) != 1 || rxBufferBytes < 2 * TRANSFER_BYTES) {
      throw new IllegalArgumentException("rxBufferBytes must be a power of 2 and at least "
          + 2 * TRANSFER_BYTES + ", got " + rxBufferBytes);
    }
    this.usb = usb;
    this.info = info;
    this.rxBufferBytes = rxBufferBytes;
    try {
      if (usb.configuration() != HackRfProtocol.CONFIGURATION) {
        usb.setConfiguration(HackRfProtocol.CONFIGURATION);
      }
      usb.claimInterface(HackRfProtocol.INTERFACE);
    } catch (DeviceException e) {
      usb.close();
      throw e;
    }
  }

  /**
   * The factory the sidecar serves: opens the HackRF One with this serial (or the first one
   * when empty) when a client takes the lease.
   */
  public static DeviceFactory factory(UsbConnector connector, String serial) {
    DeviceInfo info = DeviceInfo.newBuilder()
        .setId(serial.isEmpty() ? "hackrf" : "hackrf:" + serial)
        .setDriver("hackrf")
        .setSerial(serial)
        .setLabel("HackRF One" + (serial.isEmpty() ? "" : " (serial …" + serial + ")"))
        .setCapabilities(CAPABILITIES)
        .build();
    return new DeviceFactory() {
      @Override
      public DeviceInfo info() {
        return info;
      }

      @Override
      public SdrDevice open() throws DeviceException {
        UsbTransport usb = connector.open(HackRfProtocol.VENDOR_ID, HackRfProtocol.PRODUCT_ID,
            serial);
        return new HackRfDevice(usb, info, 1 << 24); // 16 MiB: 0.4 s at 20 Msamples/s
      }
    };
  }

  @Override
  public DeviceInfo info() {
    return info;
  }

  @Override
  public DeviceConfig configure(DeviceConfig requested) throws DeviceException {
    ConfigValidator.validate(requested, CAPABILITIES);
    synchronized (lock) {
      checkOpen();
      if (receiving != null || transmitting != null) {
        throw new DeviceException(Reason.FAILED_PRECONDITION,
            "cannot configure while streaming; stop the stream first");
      }
      double rateHz = requested.getSampleRateHz();
      double bandwidthHz = requested.getBandwidthHz() == 0
          ? HackRfProtocol.defaultFilterBandwidthHz(rateHz) : requested.getBandwidthHz();
      control(HackRfRequest.SAMPLE_RATE_SET, 0, 0, HackRfProtocol.sampleRatePayload(rateHz));
      long bandwidth = (long) bandwidthHz;
      control(HackRfRequest.BASEBAND_FILTER_BANDWIDTH_SET, (int) (bandwidth & 0xFFFF),
          (int) (bandwidth >>> 16), new byte[0]);
      control(HackRfRequest.SET_FREQ, 0, 0,
          HackRfProtocol.frequencyPayload(Math.round(requested.getCenterFrequencyHz())));
      control(HackRfRequest.AMP_ENABLE, requested.getAmpEnable() ? 1 : 0, 0, new byte[0]);
      Map<String, Double> gains = requested.getGainsDbMap();
      if (requested.getDirection() == Direction.DIRECTION_RX) {
        gain(HackRfRequest.SET_LNA_GAIN, gains.getOrDefault("lna", 16.0));
        gain(HackRfRequest.SET_VGA_GAIN, gains.getOrDefault("vga", 20.0));
      } else {
        gain(HackRfRequest.SET_TXVGA_GAIN, gains.getOrDefault("txvga", 0.0));
      }
      // Hardware is always paced; emulation settings are for the simulated device (contract).
      DeviceConfig applied = requested.toBuilder().setBandwidthHz(bandwidthHz).setPaced(true)
          .build();
      config = applied;
      return applied;
    }
  }

  private void control(HackRfRequest request, int value, int index, byte[] data)
      throws DeviceException {
    try {
      usb.controlOut(request.code(), value, index, data, CONTROL_TIMEOUT_MS);
    } catch (DeviceException e) {
      lastError = e.getMessage();
      throw e;
    }
  }

  /** Gain requests are IN and answer one byte; 0 means the firmware refused the value. */
  private void gain(HackRfRequest request, double gainDb) throws DeviceException {
    int read = usb.controlIn(request.code(), 0, (int) gainDb, gainReply, 1, CONTROL_TIMEOUT_MS);
    if (read != 1 || gainReply[0] == 0) {
      throw new DeviceException(Reason.INVALID_ARGUMENT, "the HackRF refused " + request
          + " = " + (int) gainDb + " dB; check the firmware version (hackrf_info)");
    }
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
      if (current == null || current.getDirection() != Direction.DIRECTION_RX) {
        throw new DeviceException(Reason.FAILED_PRECONDITION,
            "configure the HackRF with direction DIRECTION_RX before receiving (half duplex)");
      }
      if (receiving != null) {
        throw new DeviceException(Reason.FAILED_PRECONDITION, "already receiving");
      }
      control(HackRfRequest.SET_TRANSCEIVER_MODE, HackRfProtocol.MODE_RX, 0, new byte[0]);
      HackRfRxStream stream = new HackRfRxStream(this, rxBufferBytes,
          current.getSampleRateHz(), counters);
      try {
        stream.start(usb.startBulk(HackRfProtocol.RX_ENDPOINT, TRANSFER_BYTES, TRANSFERS,
            stream));
      } catch (DeviceException e) {
        control(HackRfRequest.SET_TRANSCEIVER_MODE, HackRfProtocol.MODE_OFF, 0, new byte[0]);
        throw e;
      }
      receiving = stream;
      return stream;
    }
  }

  /** Called by the RX stream once its transfers have stopped. */
  void receiveStopped(HackRfRxStream stream) {
    synchronized (lock) {
      if (receiving == stream) {
        receiving = null;
        modeOffQuietly();
      }
    }
  }

  @Override
  public void transmit(float[] iq, int offset, int samples, boolean endOfBurst, long burstId)
      throws DeviceException, InterruptedException {
    HackRfTx tx;
    synchronized (lock) {
      checkOpen();
      DeviceConfig current = config;
      if (current == null || current.getDirection() != Direction.DIRECTION_TX) {
        throw new DeviceException(Reason.FAILED_PRECONDITION,
            "configure the HackRF with direction DIRECTION_TX before transmitting (half duplex)");
      }
      if (transmitting == null) {
        control(HackRfRequest.SET_TRANSCEIVER_MODE, HackRfProtocol.MODE_TX, 0, new byte[0]);
        HackRfTx started = new HackRfTx(counters);
        try {
          started.start(usb.startBulk(HackRfProtocol.TX_ENDPOINT, TRANSFER_BYTES, TRANSFERS,
              started));
        } catch (DeviceException e) {
          modeOffQuietly();
          throw e;
        }
        transmitting = started;
      }
      tx = transmitting;
    }
    tx.write(iq, offset, samples);
    counters.samplesTransmitted.addAndGet(samples);
    if (endOfBurst) {
      try {
        tx.finishBurst(STOP_TIMEOUT_MS + (long) (1000.0 * tx.queuedBytes() / 2
            / config.getSampleRateHz()));
        counters.burstsTransmitted.incrementAndGet();
      } finally {
        synchronized (lock) {
          transmitting = null;
          modeOffQuietly();
        }
      }
    }
  }

  private void modeOffQuietly() {
    try {
      usb.controlOut(HackRfRequest.SET_TRANSCEIVER_MODE.code(), HackRfProtocol.MODE_OFF, 0,
          new byte[0], CONTROL_TIMEOUT_MS);
    } catch (DeviceException e) {
      lastError = e.getMessage();
    }
  }

  void failed(DeviceException error) {
    counters.transferErrors.incrementAndGet();
    lastError = error.getMessage();
  }

  @Override
  public DeviceCounters counters() {
    return counters;
  }

  @Override
  public String lastError() {
    return lastError;
  }

  @Override
  public void close() {
    HackRfRxStream rx;
    HackRfTx tx;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      rx = receiving;
      tx = transmitting;
    }
    if (rx != null) {
      rx.close();
    }
    if (tx != null) {
      tx.abort();
      modeOffQuietly();
    }
    usb.close();
  }

  private void checkOpen() throws DeviceException {
    if (closed) {
      throw new DeviceException(Reason.FAILED_PRECONDITION, "the HackRF is closed");
    }
  }

  private static GainStage stage(String name, double min, double max, double step, boolean rx) {
    return GainStage.newBuilder().setName(name).setGainDb(ConfigValidator.range(min, max, step))
        .setRx(rx).build();
  }
}
