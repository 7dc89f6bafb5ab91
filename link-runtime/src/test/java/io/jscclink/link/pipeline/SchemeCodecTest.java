package io.jscclink.link.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jscclink.models.store.Scheme;
import io.jscclink.models.store.ModelCatalog;
import org.junit.jupiter.api.Test;

/** Which bundled model the link picks for the channel the receiver measured. */
class SchemeCodecTest {
  @Test
  void amongE2ecModelsForTheSameCrossoverTheLargestCodeBudgetIsPicked() throws Exception {
    long bundled = ModelCatalog.list().stream()
        .filter(e -> "e2ec".equals(e.metadata().scheme)).count();
    assumeTrue(bundled >= 2, "needs several bundled E2EC models");
    try (SchemeCodec codec = SchemeCodec.open(Scheme.E2EC, "bsc", null,
        ai.djl.Device.cpu())) {
      assertEquals(bundled, codec.modelCount());
      int largest = 0;
      for (int i = 0; i < codec.modelCount(); i++) {
        largest = Math.max(largest, codec.model(i).metadata().maxLength);
      }
      // All trained at ε = 0.1: a measured ε near it, or none at all, takes the largest L.
      assertEquals(largest, codec.model(codec.modelFor(10, 0.09)).metadata().maxLength);
      assertEquals(largest,
          codec.model(codec.modelFor(Double.NaN, Double.NaN)).metadata().maxLength);
    }
  }
}
