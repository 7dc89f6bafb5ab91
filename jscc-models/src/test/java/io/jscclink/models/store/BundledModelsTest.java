package io.jscclink.models.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jscclink.models.JsccModel;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.data.Datasets;
import io.jscclink.models.data.ImageSet;
import io.jscclink.models.data.Split;
import io.jscclink.models.eval.EvalPoint;
import io.jscclink.models.train.EngineThreads;
import io.jscclink.models.train.ModelTrainer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every bundled model still reaches the metrics its model.json records on the fixed subset
 * (the first checkImages test images, at the training point, noise seed 1). The evaluation is
 * deterministic given the seed, so the tolerances only absorb floating-point reordering across
 * thread counts and platforms: 0.01 dB PSNR, 1e-3 SSIM, 0.1% squared error, one image of
 * accuracy (1/500), 0.1 bit of average length.
 */
class BundledModelsTest {
  @BeforeAll
  static void oneThread() {
    EngineThreads.singleThreadedUnlessConfigured();
  }

  @Test
  void bundledModelsReachTheirRecordedMetrics() throws IOException {
    List<ModelCatalog.Entry> entries = ModelCatalog.list();
    assertFalse(entries.isEmpty(), "no bundled models in " + ModelCatalog.modelsFolder());
    for (ModelCatalog.Entry e : entries) {
      ModelMetadata meta = e.metadata();
      try (JsccModel model = JsccModel.open(e.name())) {
        ImageSet test = Datasets.load(DatasetName.fromCliName(meta.dataset), Split.TEST);
        double point = meta.trainSnrDb != null ? meta.trainSnrDb
            : meta.trainEpsilon != null ? meta.trainEpsilon : Double.NaN;
        EvalPoint got = model.evaluate(test, meta.checkImages, new double[] {point}, null,
            ModelTrainer.EVAL_SEED).get(0);
        EvalPoint want = meta.subsetCheck;
        String what = e.name() + ": got " + got + ", recorded " + want;
        close(want.psnrDb, got.psnrDb, 0.01, what);
        close(want.ssim, got.ssim, 1e-3, what);
        close(want.ssePerImage, got.ssePerImage,
            want.ssePerImage == null ? 0 : 1e-3 * want.ssePerImage, what);
        close(want.accuracy, got.accuracy, 1.0 / meta.checkImages + 1e-9, what);
        close(want.avgBits, got.avgBits, 0.1, what);
      }
    }
  }

  private static void close(Double want, Double got, double tolerance, String what) {
    if (want == null) {
      assertEquals(null, got, what);
    } else {
      assertEquals(want, got, tolerance, what);
    }
  }

  @Test
  void unknownNamesListTheBundledModels() {
    ModelFileException e = assertThrows(ModelFileException.class,
        () -> ModelCatalog.resolve("no-such-model"));
    assertTrue(e.getMessage().contains("bundled:"), e.getMessage());
  }
}
