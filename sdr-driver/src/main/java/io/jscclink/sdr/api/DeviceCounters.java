package io.jscclink.sdr.api;

import io.jscclink.proto.sdr.v1.Counters;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-safe counters of one open device. Drivers add to them on their streaming threads;
 * the sidecar reads {@link #snapshot()} for status replies.
 */
public final class DeviceCounters {
  public final AtomicLong samplesReceived = new AtomicLong();
  public final AtomicLong samplesTransmitted = new AtomicLong();
  /** Samples lost on RX and reported to a reader (in a block's lost-before field). */
  public final AtomicLong samplesLost = new AtomicLong();
  public final AtomicLong overflows = new AtomicLong();
  public final AtomicLong underflows = new AtomicLong();
  public final AtomicLong transferErrors = new AtomicLong();
  public final AtomicLong blocksSent = new AtomicLong();
  public final AtomicLong burstsTransmitted = new AtomicLong();

  /** A consistent-enough copy for status replies (each field read once). */
  public Counters snapshot() {
    return Counters.newBuilder()
        .setSamplesReceived(samplesReceived.get())
        .setSamplesTransmitted(samplesTransmitted.get())
        .setSamplesLost(samplesLost.get())
        .setOverflows(overflows.get())
        .setUnderflows(underflows.get())
        .setTransferErrors(transferErrors.get())
        .setBlocksSent(blocksSent.get())
        .setBurstsTransmitted(burstsTransmitted.get())
        .build();
  }
}
