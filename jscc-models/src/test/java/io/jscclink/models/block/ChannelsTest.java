package io.jscclink.models.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ChannelsTest {
  private static final int B = 64;
  private static final int K = 128;

  @Test
  void powerNormalisationGivesEveryImageKUnitsOfEnergy() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray z = Channels.normalisePower(m.randomNormal(0f, 3f, new Shape(B, 2 * K),
          DataType.FLOAT32));
      float[] energy = z.square().sum(new int[] {1}).toFloatArray();
      for (float e : energy) {
        assertEquals(K, e, 1e-3 * K);
      }
    }
  }

  @Test
  void awgnHasNoiseVarianceOneOverSnr() {
    // 2BK = 16384 real noise samples of variance s2 = 1/(2 SNR): the sample variance has a
    // relative standard deviation of sqrt(2 / 16384) = 1.1%; 5 sigma = 5.5%.
    Engine.getInstance().setRandomSeed(3);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray z = m.zeros(new Shape(B, 2 * K));
      double snrDb = 7;
      float[] y = Channels.awgn(z, snrDb).toFloatArray();
      double var = 0;
      for (float v : y) {
        var += v * v;
      }
      var /= y.length;
      double expected = Math.pow(10, -snrDb / 10) / 2;
      assertEquals(expected, var, 0.055 * expected);
    }
  }

  @Test
  void rayleighMmseRecoversSymbolsAtHighSnrExceptInDeepFades() {
    // At 40 dB the MMSE output is z |h|^2 / (|h|^2 + 1e-4) + noise: for |h|^2 > 0.01 (99% of
    // images for |h|^2 ~ Exp(1)) the bias is under 1% and the noise 0.1 / |h| <= 10% per
    // symbol; averaged over 128 symbols the relative error is below 5% for those images.
    Engine.getInstance().setRandomSeed(4);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray z = Channels.normalisePower(m.randomNormal(new Shape(1000, 2 * K)));
      float[] zin = z.toFloatArray();
      float[] out = Channels.rayleighEqualised(z, 40).toFloatArray();
      int good = 0;
      for (int i = 0; i < 1000; i++) {
        double err = 0;
        for (int k = 0; k < 2 * K; k++) {
          double d = out[i * 2 * K + k] - zin[i * 2 * K + k];
          err += d * d;
        }
        if (err / K < 0.05) {
          good++;
        }
      }
      // Binomial(1000, >= 0.99): at least 970 with a margin of over 3 sigma (sigma ~ 3.1).
      assertTrue(good >= 970, "images recovered: " + good);
    }
  }

  @Test
  void bscFlipsAtTheCrossoverRate() {
    // 200k bits, eps 0.1: standard deviation of the flip fraction sqrt(0.09 / 2e5) = 6.7e-4;
    // tolerance 5 sigma = 3.4e-3.
    Engine.getInstance().setRandomSeed(5);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray bits = Channels.bernoulli(m.full(new Shape(2000, 100), 0.5f));
      NDArray out = Channels.bsc(bits, 0.1);
      double flipped = out.sub(bits).abs().mean().getFloat();
      assertEquals(0.1, flipped, 3.4e-3);
      float[] values = out.toFloatArray();
      for (float v : values) {
        assertTrue(v == 0f || v == 1f);
      }
    }
  }
}
