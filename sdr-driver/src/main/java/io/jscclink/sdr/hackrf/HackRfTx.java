package io.jscclink.sdr.hackrf;

import io.jscclink.sdr.api.DeviceCounters;
import io.jscclink.sdr.api.DeviceException;
import io.jscclink.sdr.api.DeviceException.Reason;
import io.jscclink.sdr.usb.UsbTransport;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * One HackRF transmission: the writer converts floats to int8 (×127, clipped) into a byte
 * ring; bulk OUT transfers take from it on the USB event thread. The end of the burst is
 * padded with zeros to a whole 512-byte packet. A transfer that finds the ring empty inside a
 * burst is an underflow (counted); it goes out once data arrives.
 */
final class HackRfTx implements UsbTransport.BulkHandler {
  private static final int RING_BYTES = 1 << 23; // 8 MiB: 0.2 s at 20 Msamples/s

  private final byte[] ring = new byte[RING_BYTES];
  private final int mask = RING_BYTES - 1;
  private final DeviceCounters counters;
  private final Object signal = new Object();
  private volatile long writePos; // writer only
  private volatile long readPos; // USB thread only
  private volatile boolean burstEnded;
  private volatile boolean drained;
  private volatile DeviceException failure;
  private UsbTransport.BulkStream bulk;
  private boolean sending; // USB thread: the burst's first bytes went out
  private boolean dry; // USB thread: ran dry inside the burst, underflow already counted
  private byte[] scratch = new byte[0]; // writer's int8 conversion buffer, reused

  HackRfTx(DeviceCounters counters) {
    this.counters = counters;
  }

  void start(UsbTransport.BulkStream stream) {
    this.bulk = stream;
  }

  /** Bytes written and not yet sent. */
  long queuedBytes() {
    return writePos - readPos;
  }

  /** Converts and queues samples; waits for room while the ring is full. */
  void write(float[] iq, int offset, int samples) throws DeviceException, InterruptedException {
    int values = 2 * samples;
    if (scratch.length < values) {
      scratch = new byte[values];
    }
    for (int k = 0; k < values; k++) {
      float v = iq[2 * offset + k] * 127f;
      scratch[k] = (byte) Math.round(Math.max(-127f, Math.min(127f, v)));
    }
    int done = 0;
    while (done < values) {
      if (failure != null) {
        throw failure;
      }
      long write = writePos;
      int room = (int) Math.min(values - done, RING_BYTES - (write - readPos));
      if (room == 0) {
        synchronized (signal) {
          signal.wait(10);
        }
        continue;
      }
      int start = (int) (write & mask);
      int first = Math.min(room, RING_BYTES - start);
      System.arraycopy(scratch, done, ring, start, first);
      System.arraycopy(scratch, done + first, ring, 0, room - first);
      writePos = write + room;
      done += room;
    }
  }

  /** Marks the end of the burst and waits until it has gone out; stops the transfers. */
  void finishBurst(long timeoutMs) throws DeviceException, InterruptedException {
    burstEnded = true;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    synchronized (signal) {
      while (!drained && failure == null && System.nanoTime() - deadline < 0) {
        signal.wait(10);
      }
    }
    // The ring is empty, but the last transfers may still be on their way to the device.
    boolean sent = drained && bulk.awaitIdle(HackRfDevice.STOP_TIMEOUT_MS);
    bulk.stop(HackRfDevice.STOP_TIMEOUT_MS);
    if (failure != null) {
      throw failure;
    }
    if (!sent) {
      throw new DeviceException(Reason.IO_ERROR, "the HackRF did not take the burst within "
          + timeoutMs + " ms; check the USB connection");
    }
  }

  /** Stops at once, dropping what is queued. */
  void abort() {
    failure = new DeviceException(Reason.FAILED_PRECONDITION, "transmission aborted");
    try {
      if (bulk != null) {
        bulk.stop(HackRfDevice.STOP_TIMEOUT_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Fills an OUT transfer, on the USB event thread. Transfers are whole 512-byte packets: inside
   * a burst a partial packet waits for more data; the burst's last one is padded with zeros.
   */
  @Override
  public int onTransfer(ByteBuffer buffer, int capacity) {
    boolean ending = burstEnded; // read before writePos: once ended, writePos is final
    long read = readPos;
    long queued = writePos - read;
    int take = (int) Math.min(capacity, queued);
    if (!ending) {
      take -= take % HackRfProtocol.PACKET_BYTES;
    }
    if (take == 0) {
      if (ending) {
        drained = true;
        synchronized (signal) {
          signal.notifyAll();
        }
      } else if (sending && !dry) {
        dry = true; // one underflow per episode of running dry inside the burst
        counters.underflows.incrementAndGet();
      }
      return 0;
    }
    sending = true;
    dry = false;
    int start = (int) (read & mask);
    int first = Math.min(take, RING_BYTES - start);
    buffer.put(ring, start, first);
    buffer.put(ring, 0, take - first);
    readPos = read + take;
    synchronized (signal) {
      signal.notifyAll();
    }
    int bytes = take;
    while (bytes % HackRfProtocol.PACKET_BYTES != 0) { // only at the end of the burst
      buffer.put((byte) 0);
      bytes++;
    }
    return bytes;
  }

  @Override
  public void onError(DeviceException error) {
    failure = error;
    counters.transferErrors.incrementAndGet();
    synchronized (signal) {
      signal.notifyAll();
    }
  }
}
