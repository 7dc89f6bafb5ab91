package io.jscclink.sdr.hackrf;

import io.jscclink.sdr.api.DeviceCounters;
import io.jscclink.sdr.api.DeviceException;
import io.jscclink.sdr.api.RxBlockInfo;
import io.jscclink.sdr.api.RxStream;
import io.jscclink.sdr.usb.UsbTransport;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

/**
 * HackRF receive: bulk IN transfers (int8 I/Q) land in a power-of-two byte ring on the USB
 * event thread; the reader converts them to floats (÷127, see {@link #SCALE}) in its own
 * array. Single producer, single consumer, no allocation per transfer.
 *
 * <p>When the ring has no room for a transfer, the whole transfer is dropped and counted: a
 * gap marker records where in the stream it was lost, so the reader reports it as
 * samples-lost-before at exactly the right sample and the sample index stays true (HackRF has
 * no hardware timestamps; indices count samples from the start of streaming).
 */
final class HackRfRxStream implements RxStream, UsbTransport.BulkHandler {
  /** Gap markers that may wait for the reader; more gaps merge into the last one. */
  private static final int MAX_GAPS = 256;
  /**
   * int8 → float: ÷127, the contract's CS8 full scale, so a CS8 stream re-encodes every HackRF
   * sample to itself (only −128 becomes −127).
   */
  private static final float SCALE = 1f / 127f;

  private final HackRfDevice device;
  private final byte[] ring;
  private final int mask;
  private final double sampleRateHz;
  private final DeviceCounters counters;
  private final long startEpochNs = System.currentTimeMillis() * 1_000_000L;
  private volatile long writePos; // bytes written, producer only
  private volatile long readPos; // bytes consumed, reader only
  // Gap markers: stream byte position before which `lostSamples` were dropped. Guarded by gaps.
  private final long[] gapPos = new long[MAX_GAPS];
  private final long[] gapLost = new long[MAX_GAPS];
  private int gapHead;
  private int gapCount;
  private final Object gaps = new Object();
  private UsbTransport.BulkStream bulk;
  private volatile DeviceException failure;
  private volatile boolean closed;
  private volatile Thread reader;
  private long nextIndex; // reader: sample index of the next sample

  HackRfRxStream(HackRfDevice device, int ringBytes, double sampleRateHz,
      DeviceCounters counters) {
    this.device = device;
    this.ring = new byte[ringBytes];
    this.mask = ringBytes - 1;
    this.sampleRateHz = sampleRateHz;
    this.counters = counters;
  }

  void start(UsbTransport.BulkStream stream) {
    this.bulk = stream;
  }

  /** A completed IN transfer, on the USB event thread. */
  @Override
  public int onTransfer(ByteBuffer buffer, int length) {
    int bytes = length & ~1; // whole I/Q pairs
    long write = writePos;
    if (closed || bytes == 0) {
      return 0;
    }
    if (ring.length - (write - readPos) < bytes) {
      synchronized (gaps) {
        int last = (gapHead + gapCount - 1) % MAX_GAPS;
        if (gapCount > 0 && (gapPos[last] == write || gapCount == MAX_GAPS)) {
          gapLost[last] += bytes / 2; // same position (or no room): merge
        } else {
          int slot = (gapHead + gapCount) % MAX_GAPS;
          gapPos[slot] = write;
          gapLost[slot] = bytes / 2;
          gapCount++;
        }
      }
      counters.overflows.incrementAndGet();
      counters.samplesLost.addAndGet(bytes / 2);
      return 0;
    }
    int start = (int) (write & mask);
    int first = Math.min(bytes, ring.length - start);
    buffer.get(ring, start, first);
    if (first < bytes) {
      buffer.get(ring, 0, bytes - first);
    }
    writePos = write + bytes;
    Thread waiting = reader;
    if (waiting != null) {
      LockSupport.unpark(waiting);
    }
    return 0;
  }

  @Override
  public void onError(DeviceException error) {
    failure = error;
    device.failed(error);
    Thread waiting = reader;
    if (waiting != null) {
      LockSupport.unpark(waiting);
    }
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
    reader = Thread.currentThread();
    long read = readPos;
    long limit;
    while (true) {
      if (closed) {
        return -1;
      }
      if (failure != null) {
        throw failure;
      }
      limit = writePos;
      synchronized (gaps) {
        if (gapCount > 0 && gapPos[gapHead] == read) {
          info.samplesLostBefore = gapLost[gapHead];
          nextIndex += gapLost[gapHead];
          gapHead = (gapHead + 1) % MAX_GAPS;
          gapCount--;
        }
        if (gapCount > 0) {
          limit = Math.min(limit, gapPos[gapHead]); // a block never spans a gap
        }
      }
      if (limit > read) {
        break;
      }
      LockSupport.parkNanos(this, 10_000_000L);
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for HackRF samples");
      }
    }
    int samples = (int) Math.min(maxSamples, (limit - read) / 2);
    int values = 2 * samples;
    int start = (int) (read & mask);
    int first = Math.min(values, ring.length - start);
    int out = 2 * offset;
    for (int k = 0; k < first; k++) {
      iq[out + k] = ring[start + k] * SCALE;
    }
    for (int k = first; k < values; k++) {
      iq[out + k] = ring[k - first] * SCALE;
    }
    readPos = read + values;
    info.firstSampleIndex = nextIndex;
    info.hostTimeNs = startEpochNs + (long) (nextIndex / sampleRateHz * 1e9);
    nextIndex += samples;
    counters.samplesReceived.addAndGet(samples);
    return samples;
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
    try {
      if (bulk != null) {
        bulk.stop(HackRfDevice.STOP_TIMEOUT_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      device.receiveStopped(this);
    }
  }
}
