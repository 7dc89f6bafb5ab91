package io.jscclink.models.eval;

/**
 * Fréchet distance between two sets of feature vectors, each summarised by a Gaussian (the
 * FID recipe of Heusel et al., here in the feature space of the project's own classifier):
 * ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½).
 *
 * <p>Tr((Σ₁Σ₂)^½) is the sum of the square roots of the eigenvalues of Σ₁Σ₂, which equal
 * those of the symmetric PSD matrix Σ₁^½ Σ₂ Σ₁^½; both square roots come from a Jacobi
 * eigen-decomposition, so the result is real by construction (no complex sqrtm residue).
 */
public final class FrechetDistance {
  private FrechetDistance() {}

  /**
   * @param a n₁ × d features (row per image), n₁ ≥ 2
   * @param b n₂ × d features, n₂ ≥ 2
   */
  public static double of(float[][] a, float[][] b) {
    if (a.length < 2 || b.length < 2 || a[0].length != b[0].length) {
      throw new IllegalArgumentException("need >= 2 feature rows of equal width on each side, got "
          + a.length + "×" + (a.length > 0 ? a[0].length : 0) + " and " + b.length + "×"
          + (b.length > 0 ? b[0].length : 0));
    }
    int d = a[0].length;
    double[] muA = mean(a);
    double[] muB = mean(b);
    double[][] covA = covariance(a, muA);
    double[][] covB = covariance(b, muB);
    double meanTerm = 0;
    for (int i = 0; i < d; i++) {
      meanTerm += (muA[i] - muB[i]) * (muA[i] - muB[i]);
    }
    double trace = 0;
    for (int i = 0; i < d; i++) {
      trace += covA[i][i] + covB[i][i];
    }
    double[][] rootA = sqrtPsd(covA);
    double[][] inner = multiply(multiply(rootA, covB), rootA);
    double[] eig = jacobiEigenvalues(inner);
    double crossTrace = 0;
    for (double e : eig) {
      crossTrace += Math.sqrt(Math.max(e, 0)); // tiny negatives are rounding
    }
    return meanTerm + trace - 2 * crossTrace;
  }

  static double[] mean(float[][] x) {
    double[] mu = new double[x[0].length];
    for (float[] row : x) {
      for (int j = 0; j < mu.length; j++) {
        mu[j] += row[j];
      }
    }
    for (int j = 0; j < mu.length; j++) {
      mu[j] /= x.length;
    }
    return mu;
  }

  /** Unbiased sample covariance. */
  static double[][] covariance(float[][] x, double[] mu) {
    int d = mu.length;
    double[][] c = new double[d][d];
    double[] centred = new double[d];
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        centred[j] = row[j] - mu[j];
      }
      for (int i = 0; i < d; i++) {
        for (int j = i; j < d; j++) {
          c[i][j] += centred[i] * centred[j];
        }
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        c[i][j] /= x.length - 1;
        c[j][i] = c[i][j];
      }
    }
    return c;
  }

  /** Square root of a symmetric PSD matrix through its eigen-decomposition. */
  static double[][] sqrtPsd(double[][] m) {
    int d = m.length;
    double[][] vectors = new double[d][d];
    double[] values = jacobi(copy(m), vectors);
    double[][] r = new double[d][d];
    for (int k = 0; k < d; k++) {
      double s = Math.sqrt(Math.max(values[k], 0));
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          r[i][j] += vectors[i][k] * s * vectors[j][k];
        }
      }
    }
    return r;
  }

  static double[] jacobiEigenvalues(double[][] m) {
    return jacobi(copy(m), new double[m.length][m.length]);
  }

  /**
   * Cyclic Jacobi rotations on a symmetric matrix (destroyed); eigenvectors go to the columns
   * of {@code vectors}. Converges quadratically; 50 sweeps is far beyond what d ≤ 512 needs.
   */
  private static double[] jacobi(double[][] a, double[][] vectors) {
    int d = a.length;
    for (int i = 0; i < d; i++) {
      vectors[i][i] = 1;
    }
    for (int sweep = 0; sweep < 50; sweep++) {
      double off = 0;
      double diag = 0;
      for (int i = 0; i < d; i++) {
        diag += a[i][i] * a[i][i];
        for (int j = i + 1; j < d; j++) {
          off += a[i][j] * a[i][j];
        }
      }
      if (off <= 1e-22 * Math.max(diag, 1e-300)) {
        break;
      }
      for (int p = 0; p < d; p++) {
        for (int q = p + 1; q < d; q++) {
          if (a[p][q] == 0) {
            continue;
          }
          double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < d; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
          }
          for (int k = 0; k < d; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
          }
          for (int k = 0; k < d; k++) {
            double vkp = vectors[k][p];
            double vkq = vectors[k][q];
            vectors[k][p] = c * vkp - s * vkq;
            vectors[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    double[] values = new double[d];
    for (int i = 0; i < d; i++) {
      values[i] = a[i][i];
    }
    return values;
  }

  private static double[][] multiply(double[][] x, double[][] y) {
    int d = x.length;
    double[][] r = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int k = 0; k < d; k++) {
        double xik = x[i][k];
        for (int j = 0; j < d; j++) {
          r[i][j] += xik * y[k][j];
        }
      }
    }
    return r;
  }

  private static double[][] copy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }
}
