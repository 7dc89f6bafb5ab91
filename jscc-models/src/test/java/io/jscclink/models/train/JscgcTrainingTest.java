package io.jscclink.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jscclink.models.JsccModel;
import io.jscclink.models.eval.EvalPoint;
import io.jscclink.models.store.ModelCatalog;
import io.jscclink.models.store.ModelExpectation;
import io.jscclink.models.store.ModelFileException;
import io.jscclink.models.store.ModelMetadata;
import io.jscclink.models.store.Scheme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSCGC trained through the common trainer from a (tiny) C-JSCC model. */
class JscgcTrainingTest {
  @TempDir Path tmp;

  /** A tiny C-JSCC base model (1 epoch) in {@code tmp/cjscc}. */
  private Path tinyBase() throws IOException {
    Path base = tmp.resolve("cjscc");
    ModelTrainer.train(TrainingTest.tiny(Scheme.CJSCC, base, 1), new ModelTrainer.Listener() {});
    return base;
  }

  /** A tiny JSCGC model (2 epochs, 4 generator channels) from {@code base}. */
  private static ModelMetadata tinyJscgc(Path base, Path out, boolean joint) throws IOException {
    return tinyJscgc(base, out, joint, 1.0);
  }

  private static ModelMetadata tinyJscgc(Path base, Path out, boolean joint,
      double decoderWeight) throws IOException {
    TrainConfig c = TrainingTest.tiny(Scheme.JSCGC, out, 2)
        .withData(640, 100, 64, 2e-3)
        .withJscgc(new TrainConfig.JscgcSettings(base, 4, 5, joint, 2, decoderWeight));
    return ModelTrainer.train(c, new ModelTrainer.Listener() {});
  }

  /** Two 28×28 test images: a ramp repeating every {@code period} pixels. */
  private static float[] rampImages(int period) {
    float[] images = new float[2 * 784];
    for (int i = 0; i < images.length; i++) {
      images[i] = (i % period) / (float) period;
    }
    return images;
  }

  @Test
  void aFrozenEncoderGeneratorTrainsEvaluatesAndReloads() throws IOException {
    Path base = tinyBase();
    Path out = tmp.resolve("jscgc");
    ModelMetadata meta = tinyJscgc(base, out, false);

    assertTrue(meta.epochLoss.get(1) < meta.epochLoss.get(0), "losses " + meta.epochLoss);
    assertEquals("jscgc", meta.scheme);
    assertEquals("cjscc", meta.baseModel);
    assertEquals(5, meta.metrics.size());
    boolean classifierBundled = Files.isDirectory(
        ModelCatalog.modelsFolder().resolve("classifier-fashion-mnist"));
    for (EvalPoint p : meta.metrics) {
      assertNotNull(p.psnrDb);
      assertNotNull(p.diversity);
      assertTrue(p.diversity > 0, "samples for one ŷ must differ");
      assertEquals(classifierBundled, p.frechet != null, "Fréchet distance with the classifier");
      assertEquals(classifierBundled, p.semanticAccuracy != null);
    }

    try (JsccModel jscgc = JsccModel.open(out, new ModelExpectation(null, Scheme.JSCGC, null));
        JsccModel cjscc = JsccModel.open(base, ModelExpectation.ANY)) {
      float[] images = rampImages(29);
      float[] a = new float[2 * cjscc.latentFloatsPerImage()];
      float[] b = new float[a.length];
      cjscc.encodeLatents(images, 0, 2, a, 0);
      jscgc.encodeLatents(images, 0, 2, b, 0);
      assertArrayEquals(a, b, "a frozen encoder sends exactly the base model's latents");

      float[] x1 = new float[images.length];
      float[] x2 = new float[images.length];
      float[] x3 = new float[images.length];
      jscgc.generate(a, 0, 2, 10, 2, 42, x1, 0);
      jscgc.generate(a, 0, 2, 10, 2, 42, x2, 0);
      jscgc.generate(a, 0, 2, 10, 2, 43, x3, 0);
      assertArrayEquals(x1, x2, "sampling is deterministic per seed");
      assertFalse(Arrays.equals(x1, x3));
      assertThrows(IllegalStateException.class,
          () -> cjscc.generate(a, 0, 2, 10, 2, 1, x1, 0), "a C-JSCC model has no generator");
      float[] shortLatents = Arrays.copyOf(a, a.length - 2);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> jscgc.generate(shortLatents, 0, 2, 10, 2, 1, x1, 0));
      assertTrue(e.getMessage().contains("latent size K"), e.getMessage());
    }
  }

  @Test
  void jointTrainingMovesTheEncoderAwayFromItsBase() throws IOException {
    Path base = tinyBase();
    Path out = tmp.resolve("jscgc-joint");
    ModelMetadata meta = tinyJscgc(base, out, true);
    assertTrue(meta.jointTraining);
    assertTrue(meta.epochLoss.get(1) < meta.epochLoss.get(0), "losses " + meta.epochLoss);
    try (JsccModel jscgc = JsccModel.open(out, new ModelExpectation(null, Scheme.JSCGC, null));
        JsccModel cjscc = JsccModel.open(base, ModelExpectation.ANY)) {
      float[] images = rampImages(31);
      float[] a = new float[2 * cjscc.latentFloatsPerImage()];
      float[] b = new float[a.length];
      cjscc.encodeLatents(images, 0, 2, a, 0);
      jscgc.encodeLatents(images, 0, 2, b, 0);
      // The flow loss reached the encoder: the latents it sends are no longer the base's.
      double diff = largestDifference(a, b);
      assertTrue(diff > 1e-3, "largest latent change " + diff);
    }
  }

  private static double largestDifference(float[] a, float[] b) {
    double diff = 0;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
    }
    return diff;
  }

  /** Largest difference between the two models' decoder images for the same latents. */
  private static double decoderChange(Path base, Path jscgcDir) throws IOException {
    try (JsccModel jscgc = JsccModel.open(jscgcDir, new ModelExpectation(null, Scheme.JSCGC, null));
        JsccModel cjscc = JsccModel.open(base, ModelExpectation.ANY)) {
      float[] latents = new float[2 * cjscc.latentFloatsPerImage()];
      cjscc.encodeLatents(rampImages(31), 0, 2, latents, 0);
      float[] a = new float[2 * 784];
      float[] b = new float[a.length];
      cjscc.decodeLatents(latents, 0, 2, a, 0, null, 0);
      jscgc.decodeLatents(latents, 0, 2, b, 0, null, 0);
      return largestDifference(a, b);
    }
  }

  @Test
  void inJointTrainingOnlyTheReconstructionLossMovesTheDecoder() throws IOException {
    // The guide must stay the decoder's estimate of x_0: the flow loss does not reach it.
    Path base = tinyBase();
    Path unanchored = tmp.resolve("joint-w0");
    assertEquals(0.0, tinyJscgc(base, unanchored, true, 0.0).decoderWeight);
    assertEquals(0, decoderChange(base, unanchored), 1e-6);
    Path anchored = tmp.resolve("joint-w1");
    assertEquals(1.0, tinyJscgc(base, anchored, true, 1.0).decoderWeight);
    assertTrue(decoderChange(base, anchored) > 1e-4, "the decoder was trained");
  }

  @Test
  void aNegativeOrInfiniteDecoderWeightIsRefused() {
    for (double w : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new TrainConfig.JscgcSettings(null, 4, 5, true, 2, w));
      assertTrue(e.getMessage().contains("decoder weight"), e.getMessage());
    }
  }

  @Test
  void aBaseModelWithAnotherLatentSizeIsRefused() throws IOException {
    Path base = tmp.resolve("cjscc-k64");
    ModelTrainer.train(TrainingTest.tiny(Scheme.CJSCC, base, 1).withSizes(64, 100, 64, 64),
        new ModelTrainer.Listener() {});
    TrainConfig c = TrainingTest.tiny(Scheme.JSCGC, tmp.resolve("jscgc"), 1)
        .withJscgc(new TrainConfig.JscgcSettings(base, 4, 5, false, 2, 1.0));
    ModelFileException e = assertThrows(ModelFileException.class,
        () -> ModelTrainer.train(c, new ModelTrainer.Listener() {}));
    assertTrue(e.getMessage().contains("K = 64"), e.getMessage());
  }

  @Test
  void jscgcWithoutABaseModelIsRefused() {
    TrainConfig c = TrainingTest.tiny(Scheme.JSCGC, tmp.resolve("x"), 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::validate);
    assertTrue(e.getMessage().contains("--base"), e.getMessage());
  }
}
