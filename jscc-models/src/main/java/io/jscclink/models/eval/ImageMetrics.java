package io.jscclink.models.eval;

/**
 * Image quality on float grey-scale images with pixels in [0, 1] (peak 1), pure Java so that
 * the link runtime can use it without DJL. Images are row-major in a caller-owned array at an
 * offset; nothing is allocated per call except SSIM's scratch, which a caller can reuse through
 * an instance.
 */
public final class ImageMetrics {
  /** PSNR reported for a perfect reconstruction (an MSE below 1e-10). */
  public static final double MAX_PSNR_DB = 100.0;

  private static final int WINDOW = 11;
  private static final double SIGMA = 1.5;
  private static final double C1 = 0.01 * 0.01;
  private static final double C2 = 0.03 * 0.03;
  private static final double[] KERNEL = gaussianKernel();

  private final int width;
  private final int height;
  // Scratch for the separable filter: five horizontally filtered planes.
  private final double[][] rows;

  /** An SSIM calculator for images of the given size (at least 11x11). */
  public ImageMetrics(int width, int height) {
    if (width < WINDOW || height < WINDOW) {
      throw new IllegalArgumentException("SSIM needs images of at least 11x11, got "
          + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    int outW = width - WINDOW + 1;
    rows = new double[5][outW * height];
  }

  /** Sum of squared pixel differences of two images of {@code pixels} values. */
  public static double squaredError(float[] a, int aOffset, float[] b, int bOffset, int pixels) {
    double sum = 0;
    for (int i = 0; i < pixels; i++) {
      double d = a[aOffset + i] - b[bOffset + i];
      sum += d * d;
    }
    return sum;
  }

  /** PSNR in dB with peak 1: 10 log10(1 / MSE), capped at {@link #MAX_PSNR_DB}. */
  public static double psnrDb(float[] a, int aOffset, float[] b, int bOffset, int pixels) {
    double mse = squaredError(a, aOffset, b, bOffset, pixels) / pixels;
    return mse < 1e-10 ? MAX_PSNR_DB : Math.min(MAX_PSNR_DB, -10.0 * Math.log10(mse));
  }

  /**
   * Mean SSIM (Wang et al. 2004) over the valid region, 11x11 Gaussian window with sigma 1.5,
   * K1 = 0.01, K2 = 0.03, dynamic range 1.
   */
  public double ssim(float[] a, int aOffset, float[] b, int bOffset) {
    int outW = width - WINDOW + 1;
    int outH = height - WINDOW + 1;
    // Horizontal pass of mu_a, mu_b, E[a^2], E[b^2], E[ab].
    for (int y = 0; y < height; y++) {
      int row = y * width;
      for (int x = 0; x < outW; x++) {
        double sa = 0;
        double sb = 0;
        double saa = 0;
        double sbb = 0;
        double sab = 0;
        for (int k = 0; k < WINDOW; k++) {
          double w = KERNEL[k];
          double va = a[aOffset + row + x + k];
          double vb = b[bOffset + row + x + k];
          sa += w * va;
          sb += w * vb;
          saa += w * va * va;
          sbb += w * vb * vb;
          sab += w * va * vb;
        }
        int o = y * outW + x;
        rows[0][o] = sa;
        rows[1][o] = sb;
        rows[2][o] = saa;
        rows[3][o] = sbb;
        rows[4][o] = sab;
      }
    }
    double total = 0;
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        double ma = 0;
        double mb = 0;
        double eaa = 0;
        double ebb = 0;
        double eab = 0;
        for (int k = 0; k < WINDOW; k++) {
          double w = KERNEL[k];
          int o = (y + k) * outW + x;
          ma += w * rows[0][o];
          mb += w * rows[1][o];
          eaa += w * rows[2][o];
          ebb += w * rows[3][o];
          eab += w * rows[4][o];
        }
        double va = eaa - ma * ma;
        double vb = ebb - mb * mb;
        double cov = eab - ma * mb;
        total += ((2 * ma * mb + C1) * (2 * cov + C2))
            / ((ma * ma + mb * mb + C1) * (va + vb + C2));
      }
    }
    return total / (outW * outH);
  }

  private static double[] gaussianKernel() {
    double[] k = new double[WINDOW];
    double sum = 0;
    for (int i = 0; i < WINDOW; i++) {
      double d = i - WINDOW / 2;
      k[i] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
      sum += k[i];
    }
    for (int i = 0; i < WINDOW; i++) {
      k[i] /= sum;
    }
    return k;
  }
}
