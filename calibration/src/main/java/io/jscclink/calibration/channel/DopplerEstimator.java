package io.jscclink.calibration.channel;

import io.jscclink.calibration.stats.Bessel;

/**
 * Maximum Doppler frequency and coherence time from the autocorrelation of channel gains
 * sampled at a fixed interval (one per frame or per pilot group).
 *
 * <p>Under Clarke's isotropic scattering the normalised autocorrelation of the gain is
 * R(τ) = J0(2π·fD·τ). The estimate is the fD whose J0 curve is closest, in least squares, to
 * the measured autocorrelation over the lags up to its first zero — the part of the curve the
 * data actually resolves (past it, the estimate of R is mostly noise).
 */
public final class DopplerEstimator {
  /** First zero of J0. */
  private static final double J0_FIRST_ZERO = 2.404825557695773;

  private DopplerEstimator() {}

  /** Result of a fit. */
  public static final class Result {
    /** Estimated maximum Doppler frequency, Hz. */
    public final double dopplerHz;
    /** Coherence time 0.423/fD (50% correlation, Rappaport), seconds. */
    public final double coherenceTimeS;
    /** Normalised autocorrelation R(k·intervalS), k = 0 … length−1 (real part). */
    public final double[] autocorrelation;
    /** Sampling interval of the gains, seconds. */
    public final double intervalS;

    Result(double dopplerHz, double[] autocorrelation, double intervalS) {
      this.dopplerHz = dopplerHz;
      this.coherenceTimeS = dopplerHz > 0 ? 0.423 / dopplerHz : Double.POSITIVE_INFINITY;
      this.autocorrelation = autocorrelation;
      this.intervalS = intervalS;
    }
  }

  /**
   * Estimates fD from {@code count} complex gains sampled every {@code intervalS} seconds;
   * {@code maxLag} bounds the lags examined. The gains' mean (a line-of-sight part) is removed
   * first, so the fit sees the scattered component only.
   */
  public static Result estimate(
      double[] gainRe, double[] gainIm, int count, double intervalS, int maxLag) {
    if (!(intervalS > 0)) {
      throw new IllegalArgumentException("gain interval must be > 0 s, got " + intervalS);
    }
    if (maxLag < 2 || count < 4 * maxLag) {
      throw new IllegalArgumentException(
          "need maxLag >= 2 and at least 4·maxLag gains; got maxLag " + maxLag + ", "
              + count + " gains");
    }
    double meanRe = 0;
    double meanIm = 0;
    for (int k = 0; k < count; k++) {
      meanRe += gainRe[k];
      meanIm += gainIm[k];
    }
    meanRe /= count;
    meanIm /= count;
    double[] acf = new double[maxLag + 1];
    for (int lag = 0; lag <= maxLag; lag++) {
      double sum = 0;
      for (int k = 0; k + lag < count; k++) {
        // Re{x[k+lag]·conj(x[k])}
        double aRe = gainRe[k + lag] - meanRe;
        double aIm = gainIm[k + lag] - meanIm;
        double bRe = gainRe[k] - meanRe;
        double bIm = gainIm[k] - meanIm;
        sum += aRe * bRe + aIm * bIm;
      }
      acf[lag] = sum / (count - lag);
    }
    double power = acf[0];
    if (!(power > 0)) {
      throw new IllegalArgumentException("the gains do not vary: no Doppler to measure");
    }
    for (int lag = 0; lag <= maxLag; lag++) {
      acf[lag] /= power;
    }
    int fitLags = maxLag;
    for (int lag = 1; lag <= maxLag; lag++) {
      if (acf[lag] <= 0) {
        fitLags = lag;
        break;
      }
    }
    // fD beyond which J0's first zero falls before lag 1 is not resolvable at this interval.
    double fMax = J0_FIRST_ZERO / (2 * Math.PI * intervalS);
    double best = goldenSection(acf, fitLags, intervalS, 0, fMax);
    return new Result(best, acf, intervalS);
  }

  private static double misfit(double[] acf, int lags, double intervalS, double fd) {
    double err = 0;
    for (int lag = 1; lag <= lags; lag++) {
      double d = acf[lag] - Bessel.j0(2 * Math.PI * fd * lag * intervalS);
      err += d * d;
    }
    return err;
  }

  /** Coarse grid then golden-section refinement: J0 misfit can have shallow side minima. */
  private static double goldenSection(
      double[] acf, int lags, double intervalS, double lo, double hi) {
    int grid = 200;
    double bestF = lo;
    double bestErr = Double.POSITIVE_INFINITY;
    for (int k = 0; k <= grid; k++) {
      double f = lo + (hi - lo) * k / grid;
      double e = misfit(acf, lags, intervalS, f);
      if (e < bestErr) {
        bestErr = e;
        bestF = f;
      }
    }
    double step = (hi - lo) / grid;
    double a = Math.max(lo, bestF - step);
    double b = Math.min(hi, bestF + step);
    double phi = (Math.sqrt(5) - 1) / 2;
    double c = b - phi * (b - a);
    double d = a + phi * (b - a);
    for (int it = 0; it < 60; it++) {
      if (misfit(acf, lags, intervalS, c) < misfit(acf, lags, intervalS, d)) {
        b = d;
      } else {
        a = c;
      }
      c = b - phi * (b - a);
      d = a + phi * (b - a);
    }
    return (a + b) / 2;
  }
}
