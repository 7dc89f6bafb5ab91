package io.jscclink.models.jscgc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FlowMatchingTest {
  private static final int PIXELS = 784;

  /** Two images the condition must choose between: left half lit, or right half lit. */
  private static float[] pattern(int which) {
    float[] p = new float[PIXELS];
    for (int r = 0; r < 28; r++) {
      for (int c = 0; c < 28; c++) {
        p[r * 28 + c] = (which == 0) == (c < 14) ? 0.9f : 0.1f;
      }
    }
    return p;
  }

  private static Trainer trainer(Model model, float learningRate) {
    DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build());
    return model.newTrainer(config);
  }

  /** A batch alternating the two patterns, with condition +1 for pattern 0 and −1 for 1. */
  private static float[][] batch(int size, int phase, boolean swapConditions) {
    float[] p0 = pattern(0);
    float[] p1 = pattern(1);
    float[] images = new float[size * PIXELS];
    float[] cond = new float[size];
    for (int i = 0; i < size; i++) {
      int which = (i + phase) % 2;
      System.arraycopy(which == 0 ? p0 : p1, 0, images, i * PIXELS, PIXELS);
      cond[i] = (which == 0) != swapConditions ? 1f : -1f;
    }
    return new float[][] {images, cond};
  }

  /**
   * Mean squared velocity error on a fixed batch at t = 1, where x_t is pure noise: only the
   * condition can tell which image the flow must head for.
   */
  private static double velocityError(FlowGenerator g, NDManager m, boolean swap) {
    int n = 16;
    float[][] data = batch(n, 0, swap);
    NDArray x0 = m.create(data[0], new Shape(n, 1, 28, 28)).mul(2).sub(1);
    NDArray xT = m.randomNormal(0f, 1f, x0.getShape(), ai.djl.ndarray.types.DataType.FLOAT32);
    NDArray t = m.full(new Shape(n), 1f);
    NDArray v = g.velocity(new ParameterStore(m, false), xT, t,
        m.create(data[1], new Shape(n, 1)), m.zeros(x0.getShape()), false);
    return v.sub(xT.sub(x0)).square().mean().getFloat();
  }

  @Test
  void theGeneratorLearnsToUseItsCondition() {
    Engine.getInstance().setRandomSeed(7);
    int batch = 16;
    try (Model model = Model.newInstance("flow-test")) {
      FlowGenerator generator = new FlowGenerator(1, 8);
      model.setBlock(generator);
      try (Trainer trainer = trainer(model, 3e-3f)) {
        trainer.initialize(new Shape(batch, 1, 28, 28), new Shape(batch), new Shape(batch, 1),
            new Shape(batch, 1, 28, 28));
        float first = Float.NaN;
        float last = Float.NaN;
        for (int step = 0; step < 200; step++) {
          try (NDManager m = trainer.getManager().newSubManager()) {
            float[][] data = batch(batch, step, false);
            // The guide is blank, so only the vector condition can tell the patterns apart.
            float loss = FlowMatching.trainStep(trainer,
                m.create(data[0], new Shape(batch, PIXELS)), m.create(data[1], new Shape(batch, 1)),
                m.zeros(new Shape(batch, 1, 28, 28)));
            if (step == 0) {
              first = loss;
            }
            last = loss;
          }
        }
        assertTrue(last < 0.5f * first, "loss did not fall: " + first + " -> " + last);
      }
      try (NDManager m = model.getNDManager().newSubManager()) {
        Engine.getInstance().setRandomSeed(5);
        double right = velocityError(generator, m, false);
        Engine.getInstance().setRandomSeed(5);
        double swapped = velocityError(generator, m, true);
        // At t = 1 the best velocity is x_T − E[x_0 | c]. The patterns differ by 1.6 per pixel
        // in [−1, 1]: ignoring c costs 0.8² = 0.64 per pixel with either condition, while a
        // generator that uses c pays nearly 0 with its own and up to 1.6² = 2.56 with the other.
        System.out.printf("flow matching: velocity error at t=1 with own condition %.3f,"
            + " swapped %.3f%n", right, swapped);
        assertTrue(swapped > right + 0.3,
            "velocity error with its own condition " + right + ", with the swapped one " + swapped);
      }
    }
  }

  @Test
  void samplingIsDeterministicPerSeedAndSurvivesSaveAndLoad() throws Exception {
    Engine.getInstance().setRandomSeed(11);
    try (Model model = Model.newInstance("flow-seed");
        NDManager m = NDManager.newBaseManager()) {
      FlowGenerator generator = new FlowGenerator(5, 4);
      model.setBlock(generator);
      generator.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 1, 28, 28),
          new Shape(2), new Shape(2, 5), new Shape(2, 1, 28, 28));
      NDArray cond = m.randomNormal(new Shape(2, 5));
      NDArray guide = m.randomUniform(-1f, 1f, new Shape(2, 1, 28, 28));
      ParameterStore ps = new ParameterStore(m, false);
      float[] a = FlowMatching.sample(generator, ps, cond, guide, 4, 99).toFloatArray();
      float[] b = FlowMatching.sample(generator, ps, cond, guide, 4, 99).toFloatArray();
      float[] c = FlowMatching.sample(generator, ps, cond, guide, 4, 100).toFloatArray();
      assertArrayEquals(a, b);
      assertFalse(Arrays.equals(a, c));
      assertEquals(2 * PIXELS, a.length);

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      generator.saveParameters(new DataOutputStream(bytes));
      FlowGenerator reloaded = new FlowGenerator(5, 4);
      reloaded.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 1, 28, 28),
          new Shape(2), new Shape(2, 5), new Shape(2, 1, 28, 28));
      reloaded.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      assertArrayEquals(a, FlowMatching.sample(reloaded, ps, cond, guide, 4, 99).toFloatArray());
    }
  }

  @Test
  void eulerSamplingIntegratesAKnownFieldExactly() {
    // With every parameter zero the network's residual vanishes and the velocity is the skip
    // alone, v(x, t) = x − g for a constant guide g. Euler from t = 1 to 0 in N steps shrinks
    // x − g by (1 − 1/N) each step, so the sample is g + (1 − 1/N)^N · (x_T − g) exactly, and
    // the output (x + 1)/2 clipped to [0, 1].
    int steps = 5;
    long seed = 42;
    float guide = 0.2f;
    try (NDManager m = NDManager.newBaseManager()) {
      FlowGenerator generator = new FlowGenerator(3, 4);
      generator.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 1, 28, 28),
          new Shape(1), new Shape(1, 3), new Shape(1, 1, 28, 28));
      generator.getParameters().values().forEach(p -> p.getArray().set(
          new float[Math.toIntExact(p.getArray().size())]));
      ParameterStore ps = new ParameterStore(m, false);
      float[] sample = FlowMatching.sample(generator, ps, m.ones(new Shape(1, 3)),
          m.full(new Shape(1, 1, 28, 28), guide), steps, seed).toFloatArray();
      java.util.Random noise = new java.util.Random(seed);
      float shrink = 1;
      for (int k = 0; k < steps; k++) {
        shrink *= 1 - 1f / steps;
      }
      for (int i = 0; i < PIXELS; i++) {
        float expected = Math.min(1f, Math.max(0f,
            (guide + ((float) noise.nextGaussian() - guide) * shrink + 1) / 2));
        assertEquals(expected, sample[i], 1e-5f, "pixel " + i);
      }
    }
  }
}
