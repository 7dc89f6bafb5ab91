package io.jscclink.calibration.channel;

import io.jscclink.calibration.stats.Bessel;

/**
 * Fits of the envelope r = |h| of per-frame complex channel gains: Rayleigh, and Rician with
 * its K-factor by the method of moments and by maximum likelihood.
 *
 * <p>Rician model: h = ν·e^{jθ} + CN(0, 2σ²), K = ν²/(2σ²) (linear), Ω = E[r²] = ν² + 2σ².
 * Rayleigh is K = 0.
 */
public final class FadingFit {
  /** Sample size the fit was made from. */
  public final int samples;
  /** Mean power Ω = E[|h|²]. */
  public final double meanPower;
  /** Rayleigh scale σ (per component), ML: σ² = Ω/2. */
  public final double rayleighSigma;
  /** K-factor (linear) by the moment method of Greenstein et al. (second and fourth moments). */
  public final double kMoments;
  /** K-factor (linear) by maximum likelihood. */
  public final double kMaximumLikelihood;
  /** ML line-of-sight amplitude ν. */
  public final double ricianNu;
  /** ML scatter scale σ (per component). */
  public final double ricianSigma;
  /** Kolmogorov–Smirnov distance of the sample to the fitted Rayleigh CDF. */
  public final double ksRayleigh;
  /** Kolmogorov–Smirnov distance of the sample to the fitted (ML) Rician CDF. */
  public final double ksRician;
  /**
   * Generalised likelihood ratio 2·(ln L_Rician − ln L_Rayleigh) ≥ 0. Rayleigh sits on the
   * boundary K = 0 of the Rician family, so under Rayleigh the statistic follows
   * ½χ²₀ + ½χ²₁ (Self and Liang, 1987).
   */
  public final double likelihoodRatio;

  /**
   * Threshold of {@link #likelihoodRatio} at the 5% level: P(½χ²₀ + ½χ²₁ > 2.706) = 0.05.
   */
  public static final double RAYLEIGH_REJECT_THRESHOLD = 2.706;

  private FadingFit(
      int samples, double meanPower, double kMoments, double nu, double sigma,
      double ksRayleigh, double ksRician, double likelihoodRatio) {
    this.samples = samples;
    this.meanPower = meanPower;
    this.rayleighSigma = Math.sqrt(meanPower / 2);
    this.kMoments = kMoments;
    this.ricianNu = nu;
    this.ricianSigma = sigma;
    this.kMaximumLikelihood = nu * nu / (2 * sigma * sigma);
    this.ksRayleigh = ksRayleigh;
    this.ksRician = ksRician;
    this.likelihoodRatio = likelihoodRatio;
  }

  /** Whether Rayleigh fading explains the data (not rejected at the 5% level). */
  public boolean rayleighPlausible() {
    return likelihoodRatio <= RAYLEIGH_REJECT_THRESHOLD;
  }

  /**
   * Fits the envelopes of {@code count} complex gains given as separate real and imaginary
   * arrays. Needs at least 10 gains, all finite, not all zero.
   */
  public static FadingFit of(double[] gainRe, double[] gainIm, int count) {
    if (count < 10 || count > gainRe.length || count > gainIm.length) {
      throw new IllegalArgumentException(
          "need 10 or more gains (and arrays that hold them), got " + count);
    }
    double[] r = new double[count];
    for (int k = 0; k < count; k++) {
      double re = gainRe[k];
      double im = gainIm[k];
      if (!Double.isFinite(re) || !Double.isFinite(im)) {
        throw new IllegalArgumentException("gain " + k + " is not finite: " + re + ", " + im);
      }
      r[k] = Math.hypot(re, im);
    }
    return ofEnvelopes(r);
  }

  /** Fits envelopes r ≥ 0 (the array is sorted in place). */
  public static FadingFit ofEnvelopes(double[] r) {
    int n = r.length;
    double m2 = 0;
    double m4 = 0;
    for (double v : r) {
      double p = v * v;
      m2 += p;
      m4 += p * p;
    }
    m2 /= n;
    m4 /= n;
    if (!(m2 > 0)) {
      throw new IllegalArgumentException("all gains are zero: nothing was received");
    }
    double kMoments = momentK(m2, m4);
    double[] nuSigma = maximumLikelihood(r, m2, kMoments);
    double sigmaRayleighSq = m2 / 2;
    double llRatio = 0;
    for (double v : r) {
      llRatio += logRicianPdf(v, nuSigma[0], nuSigma[1]) - logRicianPdf(v, 0, Math.sqrt(sigmaRayleighSq));
    }
    llRatio = Math.max(0, 2 * llRatio);
    java.util.Arrays.sort(r);
    double sigmaRayleigh = Math.sqrt(m2 / 2);
    double ksRayleigh = 0;
    double ksRician = 0;
    for (int k = 0; k < n; k++) {
      double cdfRayleigh = 1 - Math.exp(-r[k] * r[k] / (2 * sigmaRayleigh * sigmaRayleigh));
      double cdfRician = ricianCdf(r[k], nuSigma[0], nuSigma[1]);
      ksRayleigh = Math.max(ksRayleigh, ksGap(cdfRayleigh, k, n));
      ksRician = Math.max(ksRician, ksGap(cdfRician, k, n));
    }
    return new FadingFit(n, m2, kMoments, nuSigma[0], nuSigma[1], ksRayleigh, ksRician, llRatio);
  }

  /**
   * Moment estimate: with Ga = E[r²] and Gv² = Var(r²) = E[r⁴] − Ga², a Rician envelope has
   * Ga² − Gv² = ν⁴, so K = √(Ga² − Gv²)/(Ga − √(Ga² − Gv²)). Sampling noise can make Gv > Ga;
   * the estimate is then 0 (Rayleigh or worse).
   */
  static double momentK(double m2, double m4) {
    double gv2 = m4 - m2 * m2;
    double los2 = m2 * m2 - gv2;
    if (los2 <= 0) {
      return 0;
    }
    double los = Math.sqrt(los2);
    return los / (m2 - los);
  }

  /**
   * Maximum likelihood by the fixed point of the score equations: ∂/∂ν gives
   * ν = mean(r·A(rν/σ²)) with A = I1/I0, and ∂/∂σ² gives σ² = (E[r²] − ν²)/2. Started from the
   * moment estimate; monotone in the likelihood, so it converges (slowly near K = 0).
   */
  static double[] maximumLikelihood(double[] r, double m2, double kStart) {
    double nu = Math.sqrt(m2 * kStart / (kStart + 1));
    double sigma2 = Math.max((m2 - nu * nu) / 2, m2 * 1e-6);
    if (nu == 0) {
      nu = 0.1 * Math.sqrt(m2); // a zero start is a fixed point; leave it
    }
    for (int iteration = 0; iteration < 5000; iteration++) {
      double sum = 0;
      for (double v : r) {
        sum += v * Bessel.i1OverI0(v * nu / sigma2);
      }
      double nextNu = sum / r.length;
      double nextSigma2 = Math.max((m2 - nextNu * nextNu) / 2, m2 * 1e-6);
      boolean converged =
          Math.abs(nextNu - nu) < 1e-10 * Math.sqrt(m2)
              && Math.abs(nextSigma2 - sigma2) < 1e-10 * m2;
      nu = nextNu;
      sigma2 = nextSigma2;
      if (converged) {
        break;
      }
    }
    return new double[] {nu, Math.sqrt(sigma2)};
  }

  private static double ksGap(double cdf, int index, int n) {
    return Math.max(Math.abs(cdf - (double) index / n), Math.abs(cdf - (double) (index + 1) / n));
  }

  /** Rician probability density of the envelope. */
  public static double ricianPdf(double r, double nu, double sigma) {
    if (r < 0) {
      return 0;
    }
    double s2 = sigma * sigma;
    double x = r * nu / s2;
    // I0(x)·e^{-(r²+ν²)/2σ²} = i0e(x)·e^{x − (r²+ν²)/2σ²} = i0e(x)·e^{−(r−ν)²/2σ²}
    return r / s2 * Math.exp(-(r - nu) * (r - nu) / (2 * s2)) * Bessel.i0e(x);
  }

  private static double logRicianPdf(double r, double nu, double sigma) {
    double s2 = sigma * sigma;
    return Math.log(r / s2) - (r - nu) * (r - nu) / (2 * s2) + Math.log(Bessel.i0e(r * nu / s2));
  }

  /** Rayleigh probability density of the envelope. */
  public static double rayleighPdf(double r, double sigma) {
    return r < 0 ? 0 : r / (sigma * sigma) * Math.exp(-r * r / (2 * sigma * sigma));
  }

  /** Rician CDF by Simpson integration of the density (Marcum-Q without special functions). */
  static double ricianCdf(double r, double nu, double sigma) {
    if (r <= 0) {
      return 0;
    }
    int steps = 200; // even; the density is smooth on [0, r]
    double h = r / steps;
    double sum = ricianPdf(0, nu, sigma) + ricianPdf(r, nu, sigma);
    for (int k = 1; k < steps; k++) {
      sum += (k % 2 == 1 ? 4 : 2) * ricianPdf(k * h, nu, sigma);
    }
    return Math.min(1, sum * h / 3);
  }
}
