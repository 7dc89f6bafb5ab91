package io.jscclink.sdr.api;

/**
 * The receive side of an open device: fills caller-owned interleaved float buffers
 * ({@code [i0, q0, i1, q1, ...]}, full scale ±1).
 *
 * <p>Threading: one reader thread calls {@link #read}; {@link #close} may come from any thread
 * and makes a blocked read return {@code -1}.
 */
public interface RxStream extends AutoCloseable {
  /**
   * Blocks until at least one sample is available, then copies up to {@code maxSamples}
   * complex samples to {@code iq[2·offset...]} ({@code offset} counts complex samples).
   *
   * @return complex samples delivered (at least 1), or -1 when the stream is closed or the
   *     source has ended
   * @throws DeviceException when the device failed (unplugged, transfer error)
   * @throws InterruptedException when the reader thread was interrupted
   */
  int read(float[] iq, int offset, int maxSamples, RxBlockInfo info)
      throws DeviceException, InterruptedException;

  /** Stops streaming; idempotent and bounded in time. */
  @Override
  void close();
}
