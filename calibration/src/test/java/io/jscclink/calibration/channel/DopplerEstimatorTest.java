package io.jscclink.calibration.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jscclink.calibration.stats.Bessel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DopplerEstimatorTest {
  /**
   * Clarke fading by the sum of sinusoids of Zheng and Xiao (2003): random arrival angles and
   * phases; its autocorrelation tends to J0(2π·fD·τ).
   */
  static void clarke(double fdTs, int count, long seed, double[] re, double[] im) {
    SplittableRandom rng = new SplittableRandom(seed);
    int paths = 64;
    double[] w = new double[paths];
    double[] phiI = new double[paths];
    double[] phiQ = new double[paths];
    double theta = (rng.nextDouble() * 2 - 1) * Math.PI;
    for (int n = 0; n < paths; n++) {
      double alpha = (2 * Math.PI * (n + 1) - Math.PI + theta) / (4 * paths);
      w[n] = 2 * Math.PI * fdTs * Math.cos(alpha);
      phiI[n] = (rng.nextDouble() * 2 - 1) * Math.PI;
      phiQ[n] = (rng.nextDouble() * 2 - 1) * Math.PI;
    }
    double scale = Math.sqrt(1.0 / paths);
    for (int k = 0; k < count; k++) {
      double i = 0;
      double q = 0;
      for (int n = 0; n < paths; n++) {
        i += Math.cos(w[n] * k + phiI[n]);
        q += Math.cos(w[n] * k + phiQ[n]);
      }
      re[k] = scale * i;
      im[k] = scale * q;
    }
  }

  /**
   * Relative standard deviation of the fD estimate from n gains: Bartlett's formula for the
   * variance of the sample autocorrelation at lag τ,
   * var R̂(τ) ≈ (1/n)·Σ_m [R(m)² + R(m+τ)R(m−τ) − 4R(τ)R(m)R(m−τ) + 2R(m)²R(τ)²],
   * taken at the lag where R = 0.5 and propagated through the slope of J0 there:
   * δR = J1(x)·x·δfD/fD with x = 2π·fD·τ.
   */
  static double relativeStd(double fdTs, int n) {
    double x = 1.5213; // J0(x) = 0.5
    double tau = x / (2 * Math.PI * fdTs);
    double rt = 0.5;
    double sum = 0;
    for (int m = -n / 2; m <= n / 2; m++) {
      double rm = r(fdTs, m);
      double rp = r(fdTs, m + tau);
      double rn = r(fdTs, m - tau);
      sum += rm * rm + rp * rn - 4 * rt * rm * rn + 2 * rm * rm * rt * rt;
    }
    double varR = Math.max(sum, 0) / n;
    double j1 = (Bessel.j0(x - 1e-6) - Bessel.j0(x + 1e-6)) / 2e-6; // J1 = −J0'
    return Math.sqrt(varR) / (j1 * x);
  }

  private static double r(double fdTs, double lag) {
    return Bessel.j0(2 * Math.PI * fdTs * lag);
  }

  @ParameterizedTest
  @CsvSource({"0.005, 1e-3", "0.02, 1e-3", "0.05, 5e-4"})
  void dopplerWithinTenPercent(double fdTs, double intervalS) {
    // About 500 Doppler periods of gains: enough for 3σ of the estimate to fit inside 10%.
    int count = (int) Math.round(500 / fdTs);
    double[] re = new double[count];
    double[] im = new double[count];
    clarke(fdTs, count, 99, re, im);
    int maxLag = (int) Math.ceil(0.6 / fdTs); // past J0's first zero at fD·τ = 0.383
    DopplerEstimator.Result r = DopplerEstimator.estimate(re, im, count, intervalS, maxLag);
    double truth = fdTs / intervalS;
    double rel = relativeStd(fdTs, count);
    System.out.printf("fD·Ts=%.3f: fD %.2f Hz (truth %.2f), Bartlett rel. std %.1f%%%n",
        fdTs, r.dopplerHz, truth, 100 * rel);
    assertTrue(3 * rel < 0.10, "10% target is under 3σ of the estimator: " + rel);
    assertEquals(truth, r.dopplerHz, 0.10 * truth);
    assertEquals(0.423 / r.dopplerHz, r.coherenceTimeS, 1e-12);
    assertEquals(1.0, r.autocorrelation[0], 1e-12);
  }

  @Test
  void constantGainsAreRefused() {
    double[] re = new double[100];
    double[] im = new double[100];
    java.util.Arrays.fill(re, 1);
    assertThrows(
        IllegalArgumentException.class, () -> DopplerEstimator.estimate(re, im, 100, 1e-3, 10));
    assertThrows(
        IllegalArgumentException.class, () -> DopplerEstimator.estimate(re, im, 100, 0, 10));
  }
}
