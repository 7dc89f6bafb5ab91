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
  private double sumRatio;
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
    sumRatio += Math.pow(10, e / 10);
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

  /**
   * 10·log10 of the mean linear estimate over the truth, dB: the bias of the average SNR. Under
   * fading each frame's estimate is that frame's SNR, which scatters around the average by
   * several dB; the mean of dB values then sits below the truth by Jensen's inequality (−2.5 dB
   * for Rayleigh block fading) even for a perfect estimator, while this figure stays at 0.
   */
  public double powerBiasDb() {
    return 10 * Math.log10(sumRatio / count);
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
