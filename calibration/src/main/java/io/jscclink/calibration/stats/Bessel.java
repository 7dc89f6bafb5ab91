package io.jscclink.calibration.stats;

/**
 * Bessel functions needed by the fading fits: J0 (Clarke's autocorrelation) and the
 * exponentially scaled I0, I1 (the Rician density and its likelihood).
 *
 * <p>Polynomial approximations of Abramowitz and Stegun 9.4.1–9.4.3 and 9.8.1–9.8.4 (absolute
 * error below 1e-7 relative to the function's scale), which is far below the statistical error
 * of any fit made from a few thousand frames.
 */
public final class Bessel {
  private Bessel() {}

  /** Bessel function of the first kind, order 0. */
  public static double j0(double x) {
    double ax = Math.abs(x);
    if (ax <= 3.0) {
      double y = (x / 3.0) * (x / 3.0);
      return 1.0
          + y * (-2.2499997 + y * (1.2656208 + y * (-0.3163866
              + y * (0.0444479 + y * (-0.0039444 + y * 0.00021)))));
    }
    double y = 3.0 / ax;
    double f0 =
        0.79788456 + y * (-0.00000077 + y * (-0.00552740 + y * (-0.00009512
            + y * (0.00137237 + y * (-0.00072805 + y * 0.00014476)))));
    double theta0 =
        ax - 0.78539816 + y * (-0.04166397 + y * (-0.00003954 + y * (0.00262573
            + y * (-0.00054125 + y * (-0.00029333 + y * 0.00013558)))));
    return f0 * Math.cos(theta0) / Math.sqrt(ax);
  }

  /** e^{-|x|}·I0(x): modified Bessel function of order 0, scaled so it never overflows. */
  public static double i0e(double x) {
    double ax = Math.abs(x);
    if (ax < 3.75) {
      double y = (x / 3.75) * (x / 3.75);
      double i0 =
          1.0 + y * (3.5156229 + y * (3.0899424 + y * (1.2067492
              + y * (0.2659732 + y * (0.0360768 + y * 0.0045813)))));
      return i0 * Math.exp(-ax);
    }
    double y = 3.75 / ax;
    return (0.39894228 + y * (0.01328592 + y * (0.00225319 + y * (-0.00157565
            + y * (0.00916281 + y * (-0.02057706 + y * (0.02635537
                + y * (-0.01647633 + y * 0.00392377))))))))
        / Math.sqrt(ax);
  }

  /** e^{-|x|}·I1(x): modified Bessel function of order 1, scaled. */
  public static double i1e(double x) {
    double ax = Math.abs(x);
    double result;
    if (ax < 3.75) {
      double y = (x / 3.75) * (x / 3.75);
      result =
          ax * (0.5 + y * (0.87890594 + y * (0.51498869 + y * (0.15084934
              + y * (0.02658733 + y * (0.00301532 + y * 0.00032411))))));
      result *= Math.exp(-ax);
    } else {
      double y = 3.75 / ax;
      result =
          (0.39894228 + y * (-0.03988024 + y * (-0.00362018 + y * (0.00163801
                  + y * (-0.01031555 + y * (0.02282967 + y * (-0.02895312
                      + y * (0.01787654 - y * 0.00420059))))))))
              / Math.sqrt(ax);
    }
    return x < 0 ? -result : result;
  }

  /** I1(x)/I0(x), stable for any x. */
  public static double i1OverI0(double x) {
    return i1e(x) / i0e(x);
  }
}
