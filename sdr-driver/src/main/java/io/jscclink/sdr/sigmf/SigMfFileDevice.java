package io.jscclink.sdr.sigmf;

import io.jscclink.proto.SampleCodec;
import io.jscclink.proto.sdr.v1.Capabilities;
import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.proto.sdr.v1.DeviceInfo;
import io.jscclink.proto.sdr.v1.Direction;
import io.jscclink.sdr.api.ConfigValidator;
import io.jscclink.sdr.api.DeviceCounters;
import io.jscclink.sdr.api.DeviceException;
import io.jscclink.sdr.api.DeviceException.Reason;
import io.jscclink.sdr.api.DeviceFactory;
import io.jscclink.sdr.api.RxBlockInfo;
import io.jscclink.sdr.api.RxStream;
import io.jscclink.sdr.api.SdrDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * A receive-only device that replays a SigMF recording (cf32_le, ci16_le, ci8), so lab captures
 * go through the same receiver as live radio. Its capabilities are the recording's: one sample
 * rate and one centre frequency. Paced, it delivers samples no faster than the sample rate;
 * unpaced, as fast as they are read. The last block carries end-of-burst, then the stream
 * ends. Sample indices are the recorded device's ({@code core:global_index} of each capture
 * segment), so samples lost while recording come back as lost-before counts.
 */
public final class SigMfFileDevice implements SdrDevice {
  private final Path base;
  private final SigMfMetadata metadata;
  private final DeviceInfo info;
  private final DeviceCounters counters = new DeviceCounters();
  private volatile DeviceConfig config;
  private volatile Replay replay;

  private SigMfFileDevice(Path base, SigMfMetadata metadata, DeviceInfo info) {
    this.base = base;
    this.metadata = metadata;
    this.info = info;
  }

  /**
   * A factory serving the recording at {@code base}; reads and validates its metadata now.
   *
   * @throws IllegalArgumentException when the files are missing or the metadata is invalid
   */
  public static DeviceFactory factory(Path base) {
    SigMfMetadata metadata;
    try {
      if (!Files.isReadable(SigMfMetadata.dataPath(base))) {
        throw new IllegalArgumentException("cannot read " + SigMfMetadata.dataPath(base));
      }
      metadata = SigMfMetadata.read(base);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read SigMF recording " + base + ": " + e);
    }
    double rate = metadata.sampleRateHz();
    double frequency = metadata.frequencyHz();
    DeviceInfo info = DeviceInfo.newBuilder()
        .setId("sigmf:" + base)
        .setDriver("sigmf")
        .setLabel("SigMF recording " + base.getFileName() + " (" + metadata.datatype()
            .sigmfName() + ", " + rate + " samples/s)")
        .setCapabilities(Capabilities.newBuilder()
            .setFrequencyHz(ConfigValidator.range(frequency, frequency, 0))
            .setSampleRateHz(ConfigValidator.range(rate, rate, 0))
            .setBandwidthHz(ConfigValidator.range(0, rate, 0))
            .setCanRx(true)
            .addRxFormats(metadata.datatype().format())
            .setHardwareTimestamps(false))
        .build();
    return new DeviceFactory() {
      @Override
      public DeviceInfo info() {
        return info;
      }

      @Override
      public SdrDevice open() {
        return new SigMfFileDevice(base, metadata, info);
      }
    };
  }

  /** The recording's validated metadata. */
  public SigMfMetadata metadata() {
    return metadata;
  }

  @Override
  public DeviceInfo info() {
    return info;
  }

  @Override
  public DeviceConfig configure(DeviceConfig requested) throws DeviceException {
    ConfigValidator.validate(requested, info.getCapabilities());
    if (replay != null) {
      throw new DeviceException(Reason.FAILED_PRECONDITION,
          "cannot configure while replaying; stop the receive stream first");
    }
    config = requested;
    return requested;
  }

  @Override
  public DeviceConfig config() {
    return config;
  }

  @Override
  public synchronized RxStream startReceive() throws DeviceException {
    if (config == null || config.getDirection() != Direction.DIRECTION_RX) {
      throw new DeviceException(Reason.FAILED_PRECONDITION,
          "configure the recording with direction DIRECTION_RX before receiving");
    }
    if (replay != null) {
      throw new DeviceException(Reason.FAILED_PRECONDITION, "already replaying");
    }
    try {
      replay = new Replay(FileChannel.open(SigMfMetadata.dataPath(base),
          StandardOpenOption.READ), config.getPaced());
    } catch (IOException e) {
      throw new DeviceException(Reason.NOT_FOUND, "cannot open " + SigMfMetadata.dataPath(base)
          + ": " + e.getMessage(), e);
    }
    return replay;
  }

  @Override
  public void transmit(float[] iq, int offset, int samples, boolean endOfBurst, long burstId)
      throws DeviceException {
    throw new DeviceException(Reason.FAILED_PRECONDITION,
        "a SigMF recording is receive only; record TX with SigMfRecorder instead");
  }

  @Override
  public DeviceCounters counters() {
    return counters;
  }

  @Override
  public void close() {
    Replay current = replay;
    if (current != null) {
      current.close();
    }
  }

  /** The RX stream over the data file; one reader thread. */
  private final class Replay implements RxStream {
    private final FileChannel file;
    private final boolean paced;
    private final int bytesPerSample = metadata.datatype().bytesPerSample();
    private final long totalSamples;
    private final long startNanos = System.nanoTime();
    private ByteBuffer buffer = ByteBuffer.allocate(0); // reused, grown as needed
    private long nextIndex; // position in the file, samples
    private long indexOffset; // device sample index minus file position (capture segments)
    private volatile boolean closed;

    Replay(FileChannel file, boolean paced) throws IOException {
      this.file = file;
      this.paced = paced;
      this.totalSamples = file.size() / bytesPerSample;
    }

    @Override
    public int read(float[] iq, int offset, int maxSamples, RxBlockInfo info)
        throws DeviceException, InterruptedException {
      if (maxSamples <= 0 || offset < 0 || 2L * (offset + (long) maxSamples) > iq.length) {
        throw new IndexOutOfBoundsException("room for " + maxSamples + " samples at offset "
            + offset + " needs " + 2L * (offset + (long) maxSamples) + " floats, array holds "
            + iq.length);
      }
      info.clear();
      if (closed || nextIndex >= totalSamples) {
        return -1;
      }
      // Capture segments: a block never spans a segment start; a segment whose global index
      // jumps (samples lost while recording) reports the jump as lost-before.
      long blockEnd = totalSamples;
      for (SigMfMetadata.Capture capture : metadata.captures()) {
        if (capture.sampleStart() == nextIndex && capture.globalIndex() >= 0) {
          long offsetNow = capture.globalIndex() - capture.sampleStart();
          if (nextIndex > 0 && offsetNow > indexOffset) {
            info.samplesLostBefore = offsetNow - indexOffset;
          }
          indexOffset = offsetNow;
        } else if (capture.sampleStart() > nextIndex) {
          blockEnd = Math.min(blockEnd, capture.sampleStart());
          break;
        }
      }
      int samples = (int) Math.min(maxSamples, blockEnd - nextIndex);
      if (paced) {
        // Wait until the clock has reached the end of this block.
        long dueNanos = startNanos
            + (long) ((nextIndex + samples) / metadata.sampleRateHz() * 1e9);
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0 && !closed) {
          LockSupport.parkNanos(this, wait);
          if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while pacing the replay");
          }
        }
      }
      int bytes = samples * bytesPerSample;
      if (buffer.capacity() < bytes) {
        buffer = ByteBuffer.allocate(bytes);
      }
      buffer.clear().limit(bytes);
      try {
        long position = nextIndex * bytesPerSample;
        while (buffer.hasRemaining()) {
          int n = file.read(buffer, position + buffer.position());
          if (n < 0) {
            throw new IOException("file ended early");
          }
        }
      } catch (IOException e) {
        counters.transferErrors.incrementAndGet();
        throw new DeviceException(Reason.IO_ERROR, "reading " + SigMfMetadata.dataPath(base)
            + " failed: " + e.getMessage(), e);
      }
      SampleCodec.decode(com.google.protobuf.UnsafeByteOperations.unsafeWrap(buffer.array(),
          0, bytes), metadata.datatype().format(), iq, 2 * offset);
      info.firstSampleIndex = nextIndex + indexOffset;
      nextIndex += samples;
      info.endOfBurst = nextIndex == totalSamples;
      counters.samplesReceived.addAndGet(samples);
      return samples;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        file.close();
      } catch (IOException e) {
        counters.transferErrors.incrementAndGet();
      }
      synchronized (SigMfFileDevice.this) {
        replay = null;
      }
    }
  }
}
