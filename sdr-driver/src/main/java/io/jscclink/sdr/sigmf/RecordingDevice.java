package io.jscclink.sdr.sigmf;

import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.proto.sdr.v1.DeviceInfo;
import io.jscclink.sdr.api.DeviceCounters;
import io.jscclink.sdr.api.DeviceException;
import io.jscclink.sdr.api.DeviceException.Reason;
import io.jscclink.sdr.api.DeviceFactory;
import io.jscclink.sdr.api.RxBlockInfo;
import io.jscclink.sdr.api.RxStream;
import io.jscclink.sdr.api.SdrDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Wraps any device so that everything it receives and transmits is also recorded as SigMF
 * (the sidecar's {@code --record DIR}). Each RX stream becomes {@code rx-TIME} (samples at their
 * device indices, gaps as capture segments) and each TX stream {@code tx-TIME} with one
 * annotation per burst. Recordings are cf32_le, so nothing is lost to quantisation.
 */
public final class RecordingDevice implements SdrDevice {
  private final SdrDevice device;
  private final Path directory;
  private SigMfRecorder tx; // owned by the transmitting thread
  private long txBurstStart;

  private RecordingDevice(SdrDevice device, Path directory) {
    this.device = device;
    this.directory = directory;
  }

  /** A factory whose devices record into {@code directory} (created if needed). */
  public static DeviceFactory factory(DeviceFactory inner, Path directory) throws IOException {
    Files.createDirectories(directory);
    return new DeviceFactory() {
      @Override
      public DeviceInfo info() {
        return inner.info();
      }

      @Override
      public SdrDevice open() throws DeviceException {
        return new RecordingDevice(inner.open(), directory);
      }
    };
  }

  private SigMfRecorder recorder(String direction) throws DeviceException {
    DeviceConfig config = device.config();
    String name = direction + "-" + Instant.now().toString().replace(':', '-');
    try {
      return new SigMfRecorder(directory.resolve(name), SigMfDatatype.CF32_LE,
          config.getSampleRateHz(), config.getCenterFrequencyHz(), device.info().getLabel(),
          direction.toUpperCase() + " stream of " + device.info().getId());
    } catch (IOException e) {
      throw new DeviceException(Reason.IO_ERROR, "cannot create a recording in " + directory
          + ": " + e.getMessage(), e);
    }
  }

  @Override
  public DeviceInfo info() {
    return device.info();
  }

  @Override
  public DeviceConfig configure(DeviceConfig config) throws DeviceException {
    return device.configure(config);
  }

  @Override
  public DeviceConfig config() {
    return device.config();
  }

  @Override
  public RxStream startReceive() throws DeviceException {
    RxStream stream = device.startReceive();
    SigMfRecorder recorder;
    try {
      recorder = recorder("rx");
    } catch (DeviceException e) {
      stream.close();
      throw e;
    }
    return new RxStream() {
      @Override
      public int read(float[] iq, int offset, int maxSamples, RxBlockInfo info)
          throws DeviceException, InterruptedException {
        int n = stream.read(iq, offset, maxSamples, info);
        if (n > 0) {
          try {
            recorder.write(iq, offset, n, info.firstSampleIndex);
          } catch (IOException e) {
            throw new DeviceException(Reason.IO_ERROR, "recording failed: " + e.getMessage(), e);
          }
        }
        return n;
      }

      @Override
      public void close() {
        stream.close();
        closeQuietly(recorder);
      }
    };
  }

  @Override
  public void transmit(float[] iq, int offset, int samples, boolean endOfBurst, long burstId)
      throws DeviceException, InterruptedException {
    device.transmit(iq, offset, samples, endOfBurst, burstId);
    if (tx == null) {
      tx = recorder("tx");
    }
    try {
      // TX has no device clock: samples are numbered as written.
      tx.write(iq, offset, samples, tx.samplesWritten());
    } catch (IOException e) {
      throw new DeviceException(Reason.IO_ERROR, "recording failed: " + e.getMessage(), e);
    }
    if (endOfBurst) {
      tx.annotate(txBurstStart, tx.samplesWritten() - txBurstStart, "tx burst",
          "burst_id " + burstId);
      txBurstStart = tx.samplesWritten();
    }
  }

  @Override
  public DeviceCounters counters() {
    return device.counters();
  }

  @Override
  public String lastError() {
    return device.lastError();
  }

  @Override
  public void close() {
    device.close();
    if (tx != null) {
      closeQuietly(tx);
    }
  }

  private static void closeQuietly(SigMfRecorder recorder) {
    try {
      recorder.close();
    } catch (IOException e) {
      java.util.logging.Logger.getLogger(RecordingDevice.class.getName())
          .warning("closing a SigMF recording failed: " + e.getMessage());
    }
  }
}
