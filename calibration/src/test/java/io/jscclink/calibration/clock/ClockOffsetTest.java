package io.jscclink.calibration.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClockOffsetTest {
  @Test
  void recoversSampleRateOffsetAndCfoWithinTheirStandardErrors() {
    int frames = 500;
    double spacing = 20_000;
    double ppm = 12.5;
    double jitter = 0.05; // samples rms of the preamble timing estimate
    SplittableRandom rng = new SplittableRandom(3);
    long[] index = new long[frames];
    double[] arrival = new double[frames];
    double[] cfo = new double[frames];
    int n = 0;
    for (int k = 0; k < frames + 20; k++) {
      if (k % 37 == 5) {
        continue; // lost frames leave gaps
      }
      if (n == frames) {
        break;
      }
      index[n] = k;
      arrival[n] = 1234.5 + k * spacing * (1 + ppm * 1e-6) + jitter * gaussian(rng);
      cfo[n] = 850 + 20 * gaussian(rng);
      n++;
    }
    ClockOffset c = ClockOffset.estimate(index, arrival, cfo, n, spacing);
    // Theory: σ_ppm = 1e6·σ_t/(spacing·√Σ(k−k̄)²) ≈ 1e6·0.05/(2e4·√(n³/12)) ≈ 2.4e-4 ppm.
    double sumSq = 0;
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += index[i];
    }
    mean /= n;
    for (int i = 0; i < n; i++) {
      sumSq += (index[i] - mean) * (index[i] - mean);
    }
    double theory = 1e6 * jitter / (spacing * Math.sqrt(sumSq));
    assertEquals(theory, c.sampleRateOffsetPpmStdErr, 0.2 * theory);
    assertEquals(ppm, c.sampleRateOffsetPpm, 4 * theory);
    assertEquals(850, c.cfoHz, 4 * 20 / Math.sqrt(n));
    assertEquals(20 / Math.sqrt(n), c.cfoHzStdErr, 0.2 * 20 / Math.sqrt(n));
  }

  @Test
  void tooFewFramesAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ClockOffset.estimate(new long[2], new double[2], new double[2], 2, 100));
  }

  static double gaussian(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
