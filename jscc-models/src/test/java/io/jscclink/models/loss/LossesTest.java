package io.jscclink.models.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LossesTest {
  /** Eq. 4 of the C-JSCC paper evaluated directly in double precision, mean over anchors. */
  private static double sclByHand(float[][] z, int[] labels, double tau) {
    int n = labels.length;
    double[][] u = new double[n][];
    for (int i = 0; i < n; i++) {
      double norm = 0;
      for (float v : z[i]) {
        norm += v * v;
      }
      norm = Math.sqrt(norm + 1e-2); // the implementation's guard for z near 0
      u[i] = new double[z[i].length];
      for (int d = 0; d < z[i].length; d++) {
        u[i][d] = z[i][d] / norm;
      }
    }
    double total = 0;
    for (int i = 0; i < n; i++) {
      double denominator = 0;
      for (int a = 0; a < n; a++) {
        if (a != i) {
          denominator += Math.exp(dot(u[i], u[a]) / tau);
        }
      }
      int positives = 0;
      double sum = 0;
      for (int q = 0; q < n; q++) {
        if (q != i && labels[q] == labels[i]) {
          positives++;
          sum += Math.log(Math.exp(dot(u[i], u[q]) / tau) / denominator);
        }
      }
      if (positives > 0) {
        total += -sum / positives;
      }
    }
    return total;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void supervisedContrastiveMatchesEquationFour() {
    Random r = new Random(2);
    int n = 8;
    int d = 6;
    float[][] z = new float[n][d];
    float[] flat = new float[n * d];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        z[i][k] = (float) r.nextGaussian();
        flat[i * d + k] = z[i][k];
      }
    }
    int[] labels = {0, 1, 0, 2, 1, 0, 3, 2}; // label 3 has no positive: contributes nothing
    // tau = 0.5 keeps exp() within double range for the reference; the implementation's
    // max-shift is checked at tau = 0.01 by the training test.
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray lat = m.create(flat, new Shape(n, d));
      double got = Losses.supervisedContrastive(lat, labels, 0.5f).getFloat();
      assertEquals(sclByHand(z, labels, 0.5), got, 1e-4 * Math.abs(got));
    }
  }

  @Test
  void bernoulliTermsMatchTheirDefinitions() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] l = {-30f, -1f, 0f, 2f, 30f};
      float[] y = {0f, 1f, 1f, 0f, 1f};
      NDArray logits = m.create(l, new Shape(1, 5));
      NDArray bits = m.create(y, new Shape(1, 5));
      double expected = 0;
      for (int i = 0; i < 5; i++) {
        double p = 1 / (1 + Math.exp(-l[i]));
        expected += y[i] == 1 ? Math.log(p) : Math.log1p(-p);
      }
      assertEquals(expected, Losses.bernoulliLogProb(logits, bits).getFloat(0), 1e-5);
      // Decoder likelihood: -log p(x | logits) for targets in [0, 1].
      assertEquals(-expected, Losses.bernoulliNllPerImage(logits, bits).getFloat(0), 1e-5);
    }
  }

  @Test
  void logMeanExpIsStableForLargeNegativeValues() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {-1000f, -1001f, -1002f, -1003f}, new Shape(4, 1));
      double expected = -1000 + Math.log((1 + Math.exp(-1) + Math.exp(-2) + Math.exp(-3)) / 4);
      assertEquals(expected, Losses.logMeanExp(x, 0).getFloat(0), 1e-3);
    }
  }
}
