package io.jscclink.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.jscclink.models.block.ChannelModel;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.data.Datasets;
import io.jscclink.models.data.ImageSet;
import io.jscclink.models.data.Split;
import io.jscclink.models.store.ModelMetadata;
import io.jscclink.models.store.ModelStore;
import io.jscclink.models.store.Networks;
import io.jscclink.models.store.Scheme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tiny configurations, a few steps each: losses fall, gradients reach the encoders. */
class TrainingTest {
  @TempDir Path tmp;

  @BeforeAll
  static void oneThread() {
    EngineThreads.singleThreadedUnlessConfigured();
  }

  static TrainConfig tiny(Scheme scheme, Path out, int epochs) {
    DatasetName data = scheme.family() == Scheme.Family.ANALOG
        || scheme.family() == Scheme.Family.GENERATIVE ? DatasetName.FASHION_MNIST
        : DatasetName.MNIST;
    TrainConfig c = TrainConfig.defaults(scheme, data, out);
    // 640 images: 10 steps of 64 (20 of 32 image pairs for the analog schemes) per epoch.
    return c.withData(640, 100, 64, 2e-3).withRun(epochs, 7, "test", false);
  }

  @ParameterizedTest
  @EnumSource(value = Scheme.class, mode = EnumSource.Mode.EXCLUDE, names = "JSCGC")
  void lossFallsAndTheModelDirectoryIsComplete(Scheme scheme) throws IOException {
    Path out = tmp.resolve(scheme.cliName());
    ModelMetadata meta = ModelTrainer.train(tiny(scheme, out, 3), new ModelTrainer.Listener() {});
    double first = meta.epochLoss.get(0);
    double last = meta.epochLoss.get(2);
    assertTrue(last < first, scheme + " epoch losses " + meta.epochLoss);
    assertEquals(3, meta.epochs);
    assertTrue(meta.trainingSeconds > 0);
    assertEquals("test", meta.trainingCommand);
    assertFalse(Files.exists(out.resolve(ModelTrainer.CHECKPOINT_DIR)));
    ModelMetadata read = ModelStore.readMetadata(out);
    assertEquals(meta.paramsSha256, read.paramsSha256);
    assertNotNull(read.subsetCheck);
    int gridPoints = scheme == Scheme.CLASSIFIER ? 1 : 5;
    assertEquals(gridPoints, read.metrics.size());
  }

  @Test
  void gradientClippingScalesToTheGlobalNormLimit() {
    try (NDManager m = NDManager.newBaseManager()) {
      Parameter a = Parameter.builder().setName("a").setType(Parameter.Type.WEIGHT).build();
      Parameter b = Parameter.builder().setName("b").setType(Parameter.Type.WEIGHT).build();
      a.setArray(m.create(new float[] {3f, 0f}));
      b.setArray(m.create(new float[] {0f, 4f}));
      a.getArray().setRequiresGradient(true);
      b.getArray().setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        // (|a|^2 + |b|^2) / 2: the gradients are a and b, global norm 5.
        collector.backward(a.getArray().square().sum().add(b.getArray().square().sum())
            .div(2f));
      }
      java.util.List<Parameter> params = java.util.List.of(a, b);
      assertEquals(0.5f, ModelTrainer.gradientScale(params, m, 2.5), 1e-6f);
      assertEquals(1f, ModelTrainer.gradientScale(params, m, 5.5));
      assertEquals(1f, ModelTrainer.gradientScale(params, m, 0)); // off
    }
  }

  @Test
  void clippedStepsAreCountedAndTheLimitRecorded() throws IOException {
    Path out = tmp.resolve("clipped");
    // A limit far below any gradient norm clips every step: 640 images / 64 = 10 steps.
    ModelMetadata meta = ModelTrainer.train(
        tiny(Scheme.BERNST, out, 1).withClipGradNorm(1e-6), new ModelTrainer.Listener() {});
    assertEquals(java.util.List.of(10), meta.epochClippedSteps);
    assertEquals(1e-6, ModelStore.readMetadata(out).clipGradNorm);
    ModelMetadata plain = ModelTrainer.train(tiny(Scheme.BERNST, tmp.resolve("plain"), 1),
        new ModelTrainer.Listener() {});
    assertEquals(null, plain.epochClippedSteps);
  }

  @Test
  void resumeContinuesAfterTheCheckpointedEpoch() throws IOException {
    Path out = tmp.resolve("resume");
    ModelMetadata one = ModelTrainer.train(tiny(Scheme.BERNST, out, 1),
        new ModelTrainer.Listener() {});
    // Turn the finished one-epoch model into the checkpoint of a two-epoch run.
    Path checkpoint = Files.createDirectories(out.resolve(ModelTrainer.CHECKPOINT_DIR));
    Files.copy(out.resolve(ModelMetadata.FILE_NAME), checkpoint.resolve(ModelMetadata.FILE_NAME));
    Files.copy(out.resolve(one.paramsFile), checkpoint.resolve(one.paramsFile));
    AtomicInteger firstEpoch = new AtomicInteger(-1);
    TrainConfig two = tiny(Scheme.BERNST, out, 1).withRun(2, 7, "test", true);
    ModelMetadata resumed = ModelTrainer.train(two, new ModelTrainer.Listener() {
      @Override
      public void started(TrainConfig config, int stepsPerEpoch, int first) {
        firstEpoch.set(first);
      }
    });
    assertEquals(1, firstEpoch.get());
    assertEquals(2, resumed.epochLoss.size());
    assertEquals(one.epochLoss.get(0), resumed.epochLoss.get(0));
  }

  /** Sum of |gradient| over the parameters of one child block of the network. */
  private static double gradientMass(Block net, String child) {
    double mass = 0;
    // DJL names child blocks "NNname" (NN its position).
    Block block = net.getChildren().stream().filter(c -> c.getKey().endsWith(child))
        .findFirst().orElseThrow().getValue();
    for (Pair<String, Parameter> p : block.getParameters()) {
      mass += p.getValue().getArray().getGradient().abs().sum().getFloat();
    }
    return mass;
  }

  private static double[] encoderGradients(Scheme scheme, String... encoderChildren)
      throws IOException {
    ImageSet train = Datasets.load(DatasetName.MNIST, Split.VALIDATION);
    TrainConfig config = tiny(scheme, Path.of("unused"), 1);
    Engine.getInstance().setRandomSeed(11);
    try (NDManager root = NDManager.newBaseManager()) {
      Block net = Networks.build(ModelTrainer.metadataFor(config, 640));
      net.initialize(root, DataType.FLOAT32, Networks.INPUT_SHAPE);
      TrainingStep step = ModelTrainer.stepFor(net, config);
      int n = step.imagesPerStep();
      float[] images = java.util.Arrays.copyOf(train.pixels(), n * DatasetName.PIXELS);
      int[] labels = java.util.Arrays.copyOf(train.labels(), n);
      ParameterStore ps = new ParameterStore(root, false);
      try (NDManager batch = root.newSubManager();
          GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss = step.loss(ps, batch, images, labels, n, new TrainingStep.StepStats());
        gc.backward(loss);
      }
      double[] mass = new double[encoderChildren.length];
      for (int i = 0; i < mass.length; i++) {
        mass[i] = gradientMass(net, encoderChildren[i]);
      }
      return mass;
    }
  }

  @Test
  void straightThroughCarriesGradientToTheBernstEncoder() throws IOException {
    // The sampled bits are constants; only y' = stopGradient(y - p) + p links the loss to the
    // encoder, so a non-zero encoder gradient proves the estimator is wired.
    double mass = encoderGradients(Scheme.BERNST, "encoder")[0];
    assertTrue(mass > 0 && Double.isFinite(mass), "encoder gradient mass " + mass);
  }

  @Test
  void scoreFunctionCarriesGradientToTheNecstEncoder() throws IOException {
    double mass = encoderGradients(Scheme.NECST, "encoder")[0];
    assertTrue(mass > 0 && Double.isFinite(mass), "encoder gradient mass " + mass);
  }

  @Test
  void policyGradientReachesBothE2ecEncoders() throws IOException {
    // Length and bits are sampled (no path-wise gradient); only the score-function terms of
    // the policy gradient reach the length and content networks.
    double[] mass = encoderGradients(Scheme.E2EC, "length", "content");
    assertTrue(mass[0] > 0 && Double.isFinite(mass[0]), "length net gradient " + mass[0]);
    assertTrue(mass[1] > 0 && Double.isFinite(mass[1]), "content net gradient " + mass[1]);
  }

  @Test
  void rayleighCjsccWithTemperatureOneHundredthStaysFinite() throws IOException {
    Path out = tmp.resolve("cj");
    TrainConfig c = tiny(Scheme.CJSCC, out, 1).withChannel(ChannelModel.RAYLEIGH, 0);
    ModelMetadata meta = ModelTrainer.train(c, new ModelTrainer.Listener() {});
    assertTrue(Double.isFinite(meta.epochLoss.get(0)));
    assertEquals("rayleigh", meta.channel);
  }
}
