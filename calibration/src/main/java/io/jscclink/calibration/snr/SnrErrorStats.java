package io.jscclink.calibration.snr;

/**
 * Bias and RMSE of one SNR estimator at one true SNR, accumulated estimate by estimate
 * without storing them.
 */
public final class SnrErrorStats {
  private final double trueSnrDb;
  private long count;
  private double sumError;
  private double sumSquaredError;
  private long rejected;

  public SnrErrorStats(double trueSnrDb) {
    this.trueSnrDb = trueSnrDb;
  }

  /** Adds one estimate in dB; a non-finite estimate is counted as rejected, not averaged. */
  public void add(double estimateDb) {
    if (!Double.isFinite(estimateDb)) {
      rejected++;
      return;
    }
    double e = estimateDb - trueSnrDb;
    count++;
    sumError += e;
    sumSquaredError += e * e;
  }

  public double trueSnrDb() {
    return trueSnrDb;
  }

  public long count() {
    return count;
  }

  /** Estimates that were not finite (e.g. an estimator that failed on this frame). */
  public long rejected() {
    return rejected;
  }

  /** Mean of estimate − truth, dB. */
  public double biasDb() {
    return sumError / count;
  }

  /** Mean estimate, dB. */
  public double meanEstimateDb() {
    return trueSnrDb + biasDb();
  }

  /** Root mean squared error against the truth, dB. */
  public double rmseDb() {
    return Math.sqrt(sumSquaredError / count);
  }

  /** Standard deviation of the estimates, dB. */
  public double stdDb() {
    double mean = biasDb();
    return Math.sqrt(Math.max(0, sumSquaredError / count - mean * mean));
  }
}
