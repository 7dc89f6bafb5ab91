package io.jscclink.calibration.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jscclink.calibration.stats.Bessel;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FadingFitTest {
  private static final int FRAMES = 2000;

  /** Rician gains with unit mean power: ν² = K/(K+1), 2σ² = 1/(K+1). */
  static void rician(double k, long seed, double[] re, double[] im) {
    SplittableRandom rng = new SplittableRandom(seed);
    double nu = Math.sqrt(k / (k + 1));
    double sigma = Math.sqrt(0.5 / (k + 1));
    double theta = rng.nextDouble() * 2 * Math.PI;
    for (int i = 0; i < re.length; i++) {
      re[i] = nu * Math.cos(theta) + sigma * gaussian(rng);
      im[i] = nu * Math.sin(theta) + sigma * gaussian(rng);
    }
  }

  static double gaussian(SplittableRandom rng) {
    double u = rng.nextDouble();
    double v = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * Cramér–Rao standard deviation of K̂ from n envelopes: Fisher information of (ν, σ) by
   * numerical integration of the score's outer product over the Rician density, then the delta
   * method with ∇K = (ν/σ², −ν²/σ³).
   */
  static double crbStdK(double k, int n) {
    double nu = Math.sqrt(k / (k + 1));
    double sigma = Math.sqrt(0.5 / (k + 1));
    double s2 = sigma * sigma;
    double fnn = 0;
    double fns = 0;
    double fss = 0;
    double hi = nu + 12 * sigma;
    int steps = 20000;
    double dr = hi / steps;
    for (int i = 1; i <= steps; i++) {
      double r = (i - 0.5) * dr;
      double a = Bessel.i1OverI0(r * nu / s2);
      double dNu = -nu / s2 + r / s2 * a;
      double dSigma = -2 / sigma + (r * r + nu * nu) / (s2 * sigma) - 2 * r * nu * a / (s2 * sigma);
      double p = FadingFit.ricianPdf(r, nu, sigma) * dr;
      fnn += dNu * dNu * p;
      fns += dNu * dSigma * p;
      fss += dSigma * dSigma * p;
    }
    double det = fnn * fss - fns * fns;
    double gN = nu / s2;
    double gS = -nu * nu / (s2 * sigma);
    // ∇ᵀ F⁻¹ ∇ with F⁻¹ = [fss, −fns; −fns, fnn]/det
    double var = (gN * gN * fss - 2 * gN * gS * fns + gS * gS * fnn) / det;
    return Math.sqrt(var / n);
  }

  @ParameterizedTest
  @ValueSource(doubles = {3, 10})
  void ricianKFactorWithin15PercentOver2000Frames(double k) {
    double[] re = new double[FRAMES];
    double[] im = new double[FRAMES];
    rician(k, 42 + (long) k, re, im);
    FadingFit fit = FadingFit.of(re, im, FRAMES);
    double crb = crbStdK(k, FRAMES);
    System.out.printf(
        "K=%.0f: ML %.3f, moments %.3f, CRB std %.3f (%.1f%%), KS Rician %.4f Rayleigh %.4f%n",
        k, fit.kMaximumLikelihood, fit.kMoments, crb, 100 * crb / k, fit.ksRician, fit.ksRayleigh);
    // The 15% is wider than 3 CRB standard deviations at these K (≈ 4–7% of K), so a
    // failure here is a broken estimator, not bad luck.
    assertTrue(3 * crb < 0.15 * k, "target tighter than the bound allows: " + crb);
    assertEquals(k, fit.kMaximumLikelihood, 0.15 * k, "ML K-factor");
    assertEquals(k, fit.kMoments, 0.15 * k, "moment K-factor");
    assertEquals(1.0, fit.meanPower, 4 / Math.sqrt(FRAMES), "mean power");
    // KS distance to the right family stays under its 1% critical value 1.63/√n.
    assertTrue(fit.ksRician < 1.63 / Math.sqrt(FRAMES), "KS Rician " + fit.ksRician);
  }

  @Test
  void rayleighIsRecognisedAsRayleigh() {
    double[] re = new double[FRAMES];
    double[] im = new double[FRAMES];
    rician(0, 7, re, im);
    FadingFit fit = FadingFit.of(re, im, FRAMES);
    // K = 0 is the boundary of the Rician family: the Fisher information of K vanishes there
    // and K̂ converges only as n^(-1/4), so "15% of 0" cannot be met by any estimator. What
    // can be tested: (1) the likelihood-ratio test does not reject Rayleigh (a 5% test: with
    // this fixed seed it either passes or the estimator is broken), and (2) K̂ stays within
    // the spread the moments predict: under Rayleigh, ν̂⁴ = Ga² − Gv² has standard deviation
    // √(8/n)·Ω² (sample variance of an exponential variable), so at 3σ ν̂²/Ω ≤ (3√(8/n))^½
    // and K̂ ≤ x/(1 − x) with x that bound.
    double x = Math.sqrt(3 * Math.sqrt(8.0 / FRAMES));
    double kBound = x / (1 - x);
    System.out.printf("K=0: ML %.4f, moments %.4f (3σ bound %.3f), LR %.3f, KS Rayleigh %.4f%n",
        fit.kMaximumLikelihood, fit.kMoments, kBound, fit.likelihoodRatio, fit.ksRayleigh);
    assertTrue(fit.rayleighPlausible(), "likelihood ratio " + fit.likelihoodRatio);
    assertTrue(fit.kMaximumLikelihood < kBound, "ML K " + fit.kMaximumLikelihood);
    assertTrue(fit.kMoments < kBound, "moment K " + fit.kMoments);
    assertTrue(fit.ksRayleigh < 1.63 / Math.sqrt(FRAMES), "KS Rayleigh " + fit.ksRayleigh);
    assertEquals(Math.sqrt(0.5), fit.rayleighSigma, 0.05);
  }

  @Test
  void strongLineOfSightIsNotMistakenForRayleigh() {
    double[] re = new double[FRAMES];
    double[] im = new double[FRAMES];
    rician(10, 11, re, im);
    FadingFit fit = FadingFit.of(re, im, FRAMES);
    assertTrue(fit.ksRayleigh > 1.63 / Math.sqrt(FRAMES), "KS Rayleigh " + fit.ksRayleigh);
    assertTrue(!fit.rayleighPlausible(), "likelihood ratio " + fit.likelihoodRatio);
  }

  @Test
  void ricianDensityIntegratesToOne() {
    for (double k : new double[] {0, 1, 10, 100}) {
      double nu = Math.sqrt(k / (k + 1));
      double sigma = Math.sqrt(0.5 / (k + 1));
      assertEquals(1.0, FadingFit.ricianCdf(nu + 12 * sigma, nu, sigma), 1e-4, "K=" + k);
    }
  }

  @Test
  void badInputIsRefused() {
    double[] re = new double[20];
    double[] im = new double[20];
    assertThrows(IllegalArgumentException.class, () -> FadingFit.of(re, im, 20));
    re[3] = Double.NaN;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FadingFit.of(re, im, 20));
    assertTrue(e.getMessage().contains("gain 3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FadingFit.of(re, im, 5));
  }
}
