package io.jscclink.models.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.jscclink.models.JsccModel;
import io.jscclink.models.block.DeepJsccNet;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.train.EngineThreads;
import io.jscclink.models.train.ModelTrainer;
import io.jscclink.models.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
  @TempDir Path tmp;

  @BeforeAll
  static void oneThread() {
    EngineThreads.singleThreadedUnlessConfigured();
  }

  private static float[] images(int n) {
    Random r = new Random(9);
    float[] x = new float[n * DatasetName.PIXELS];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    return x;
  }

  /** Saves a freshly initialised network and returns its metadata. */
  private static ModelMetadata saveFresh(Scheme scheme, Path dir, NDManager m, float[] x,
      float[] expectedOut) throws IOException {
    ModelMetadata meta = ModelTrainer.metadataFor(
        TrainConfig.defaults(scheme, DatasetName.FASHION_MNIST, dir), 0);
    Block block = Networks.build(meta);
    block.initialize(m, DataType.FLOAT32, Networks.INPUT_SHAPE);
    ParameterStore ps = new ParameterStore(m, false);
    if (expectedOut != null) {
      float[] z = ((DeepJsccNet) block).encode(ps, m.create(x, new Shape(4, 784)), false)
          .toFloatArray();
      System.arraycopy(z, 0, expectedOut, 0, z.length);
    }
    ModelStore.save(dir, block, meta);
    return meta;
  }

  @Test
  void saveThenLoadReproducesOutputsExactly() throws IOException {
    Engine.getInstance().setRandomSeed(21);
    Path dir = tmp.resolve("m");
    float[] x = images(4);
    float[] expected = new float[4 * 256];
    try (NDManager m = NDManager.newBaseManager()) {
      saveFresh(Scheme.DJSCC, dir, m, x, expected);
    }
    try (JsccModel model = JsccModel.open(dir, ModelExpectation.ANY)) {
      assertEquals(256, model.latentFloatsPerImage());
      float[] z = new float[4 * 256];
      model.encodeLatents(x, 0, 4, z, 0);
      assertArrayEquals(expected, z); // bit-exact
      // Unit average power per complex symbol, per image.
      for (int i = 0; i < 4; i++) {
        double e = 0;
        for (int k = 0; k < 256; k++) {
          e += z[i * 256 + k] * z[i * 256 + k];
        }
        assertEquals(1.0, e / 128, 1e-4);
      }
    }
  }

  @Test
  void truncatedCorruptAndMismatchedModelsFailClearly() throws IOException {
    Path dir = tmp.resolve("m");
    try (NDManager m = NDManager.newBaseManager()) {
      saveFresh(Scheme.CJSCC, dir, m, null, null);
    }
    ModelFileException wrong = assertThrows(ModelFileException.class, () -> JsccModel.open(dir,
        new ModelExpectation(null, Scheme.BERNST, null)));
    assertTrue(wrong.getMessage().contains("expected bernst"), wrong.getMessage());
    ModelFileException data = assertThrows(ModelFileException.class, () -> JsccModel.open(dir,
        new ModelExpectation(null, null, DatasetName.MNIST)));
    assertTrue(data.getMessage().contains("trained on fashion-mnist"), data.getMessage());

    Path params = dir.resolve("params.bin");
    byte[] good = Files.readAllBytes(params);
    Files.write(params, java.util.Arrays.copyOf(good, good.length - 10));
    ModelFileException cut = assertThrows(ModelFileException.class,
        () -> JsccModel.open(dir, ModelExpectation.ANY));
    assertTrue(cut.getMessage().contains("truncated"), cut.getMessage());

    byte[] flipped = good.clone();
    flipped[flipped.length / 2] ^= 0x40;
    Files.write(params, flipped);
    ModelFileException sum = assertThrows(ModelFileException.class,
        () -> JsccModel.open(dir, ModelExpectation.ANY));
    assertTrue(sum.getMessage().contains("SHA-256"), sum.getMessage());

    Files.write(params, good);
    String json = Files.readString(dir.resolve("model.json"));
    Files.writeString(dir.resolve("model.json"), json.replace("\"formatVersion\": 1",
        "\"formatVersion\": 9"));
    ModelFileException version = assertThrows(ModelFileException.class,
        () -> JsccModel.open(dir, ModelExpectation.ANY));
    assertTrue(version.getMessage().contains("format version 9"), version.getMessage());

    // A parameter file that does not fit the network model.json describes.
    Files.writeString(dir.resolve("model.json"), json.replace("\"latentSymbols\": 128",
        "\"latentSymbols\": 64"));
    ModelFileException shape = assertThrows(ModelFileException.class,
        () -> JsccModel.open(dir, ModelExpectation.ANY));
    assertTrue(shape.getMessage().contains("does not fit"), shape.getMessage());
  }

  @Test
  void e2ecBitsApiSendsOnlyTheLengthAndSoftDecodingAgreesWithHard() throws IOException {
    Engine.getInstance().setRandomSeed(22);
    Path dir = tmp.resolve("e");
    try (NDManager m = NDManager.newBaseManager()) {
      saveFresh(Scheme.E2EC, dir, m, null, null);
    }
    int n = 16;
    float[] x = images(n);
    try (JsccModel model = JsccModel.open(dir, ModelExpectation.family(Scheme.Family
        .VARIABLE_LENGTH))) {
      int l = model.codeBitsPerImage();
      assertEquals(64, l);
      byte[] bits = new byte[n * l];
      int[] lengths = new int[n];
      model.encodeBits(x, 0, n, bits, 0, lengths);
      float[] llrs = new float[n * l];
      for (int i = 0; i < n; i++) {
        assertTrue(lengths[i] >= 1 && lengths[i] <= l);
        for (int k = lengths[i]; k < l; k++) {
          assertEquals(0, bits[i * l + k]);
        }
        for (int k = 0; k < l; k++) {
          // LLR = log P(0)/P(1): very confident hard decisions.
          llrs[i * l + k] = bits[i * l + k] == 1 ? -40f : 40f;
        }
      }
      int[] hard = new int[n];
      int[] soft = new int[n];
      model.decodeBits(bits, 0, lengths, n, null, 0, hard, 0);
      model.decodeLlrs(llrs, 0, lengths, n, null, 0, soft, 0);
      assertArrayEquals(hard, soft);
      lengths[0] = 0;
      assertThrows(IllegalArgumentException.class,
          () -> model.decodeBits(bits, 0, lengths, n, null, 0, hard, 0));
    }
  }
}
