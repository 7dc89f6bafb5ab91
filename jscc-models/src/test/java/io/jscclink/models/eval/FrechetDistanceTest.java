package io.jscclink.models.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {
  private static float[][] gaussian(int n, double[] mean, double[] std, double rotation, long seed) {
    Random r = new Random(seed);
    float[][] x = new float[n][mean.length];
    double c = Math.cos(rotation);
    double s = Math.sin(rotation);
    for (float[] row : x) {
      for (int j = 0; j < mean.length; j++) {
        row[j] = (float) (std[j] * r.nextGaussian());
      }
      // Rotate the first two axes so the covariance is not diagonal.
      float u = row[0];
      float v = row[1];
      row[0] = (float) (c * u - s * v);
      row[1] = (float) (s * u + c * v);
      for (int j = 0; j < mean.length; j++) {
        row[j] += (float) mean[j];
      }
    }
    return x;
  }

  @Test
  void matchesTheClosedFormForGaussiansWithCommutingCovariances() {
    // Same rotation on both sides: the covariances commute, so
    // FD = |μ₁ − μ₂|² + Σ (σ₁ᵢ − σ₂ᵢ)² exactly; n = 200 000 puts the sample error well below
    // the tolerance (covariance entries have relative error ~ sqrt(2/n) ≈ 0.3%).
    double[] mu1 = {0, 0, 0, 0};
    double[] mu2 = {1, -1, 0.5, 0};
    double[] s1 = {1, 2, 0.5, 1};
    double[] s2 = {2, 1, 0.5, 3};
    float[][] a = gaussian(200_000, mu1, s1, 0.7, 1);
    float[][] b = gaussian(200_000, mu2, s2, 0.7, 2);
    double expected = 1 + 1 + 0.25 + 1 + 1 + 0 + 4; // 2.25 + 6
    assertEquals(expected, FrechetDistance.of(a, b), 0.05 * expected);
  }

  @Test
  void isNearZeroForTwoSamplesOfOneDistributionAndSymmetric() {
    double[] mu = {3, -2, 1};
    double[] s = {1, 0.3, 2};
    float[][] a = gaussian(50_000, mu, s, 0.4, 3);
    float[][] b = gaussian(50_000, mu, s, 0.4, 4);
    double ab = FrechetDistance.of(a, b);
    // Sample noise of the estimate: mean term ≈ d·tr(Σ)/n-scale ≈ 1e-4; trace term similar.
    assertEquals(0, ab, 0.01);
    assertEquals(ab, FrechetDistance.of(b, a), 1e-6);
  }

  @Test
  void rejectsTooFewRowsOrMismatchedWidths() {
    assertThrows(IllegalArgumentException.class,
        () -> FrechetDistance.of(new float[1][3], new float[5][3]));
    assertThrows(IllegalArgumentException.class,
        () -> FrechetDistance.of(new float[5][3], new float[5][4]));
  }
}
