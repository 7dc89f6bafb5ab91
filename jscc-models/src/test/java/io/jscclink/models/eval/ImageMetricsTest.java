package io.jscclink.models.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageMetricsTest {
  private static final int P = 28 * 28;

  @Test
  void psnrOfAConstantOffsetIsExact() {
    float[] a = new float[P];
    float[] b = new float[2 * P];
    for (int i = 0; i < P; i++) {
      a[i] = 0.3f;
      b[P + i] = 0.4f; // at an offset: MSE = 0.01 -> 20 dB
    }
    assertEquals(0.01 * P, ImageMetrics.squaredError(a, 0, b, P, P), 1e-4);
    assertEquals(20.0, ImageMetrics.psnrDb(a, 0, b, P, P), 1e-4);
    assertEquals(ImageMetrics.MAX_PSNR_DB, ImageMetrics.psnrDb(a, 0, a, 0, P));
  }

  @Test
  void ssimMatchesTheClosedFormForConstantImages() {
    // Constant images: variances and covariance are 0, so SSIM = (2 ma mb + C1) / (ma^2 + mb^2
    // + C1) exactly, with C1 = 0.01^2.
    float[] a = new float[P];
    float[] b = new float[P];
    java.util.Arrays.fill(a, 0.5f);
    java.util.Arrays.fill(b, 0.6f);
    double c1 = 1e-4;
    double expected = (2 * 0.5 * 0.6 + c1) / (0.25 + 0.36 + c1);
    ImageMetrics m = new ImageMetrics(28, 28);
    assertEquals(expected, m.ssim(a, 0, b, 0), 1e-6);
  }

  @Test
  void ssimIsOneForIdenticalImagesAndFallsWithNoise() {
    Random r = new Random(1);
    float[] a = new float[P];
    for (int i = 0; i < P; i++) {
      a[i] = r.nextFloat();
    }
    ImageMetrics m = new ImageMetrics(28, 28);
    assertEquals(1.0, m.ssim(a, 0, a, 0), 1e-9);
    float[] small = a.clone();
    float[] large = a.clone();
    for (int i = 0; i < P; i++) {
      double n = r.nextGaussian();
      small[i] += (float) (0.02 * n);
      large[i] += (float) (0.2 * n);
    }
    double s = m.ssim(a, 0, small, 0);
    double l = m.ssim(a, 0, large, 0);
    assertTrue(s < 1 && l < s, "ssim small noise " + s + ", large noise " + l);
    assertEquals(s, m.ssim(small, 0, a, 0), 1e-12); // symmetric
  }

  @Test
  void rejectsImagesSmallerThanTheWindow() {
    assertThrows(IllegalArgumentException.class, () -> new ImageMetrics(10, 28));
  }
}
