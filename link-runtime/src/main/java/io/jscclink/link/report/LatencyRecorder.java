package io.jscclink.link.report;

import java.util.Arrays;

/**
 * Per-image latencies in nanoseconds, kept in a growable primitive array (no boxing on the
 * hot path), with nearest-rank percentiles computed once at report time.
 */
public final class LatencyRecorder {
  private long[] nanos = new long[1024];
  private int count;

  /** Records one latency; negative values are a caller bug. */
  public void record(long latencyNanos) {
    if (latencyNanos < 0) {
      throw new IllegalArgumentException("latency must be >= 0 ns, got " + latencyNanos);
    }
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = latencyNanos;
  }

  public int count() {
    return count;
  }

  /**
   * Nearest-rank percentile in milliseconds (the smallest recorded value with at least p% of
   * the values at or below it); NaN when nothing was recorded.
   */
  public double percentileMs(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * count);
    return sorted[Math.max(rank, 1) - 1] / 1e6;
  }
}
