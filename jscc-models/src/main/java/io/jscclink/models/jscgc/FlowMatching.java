package io.jscclink.models.jscgc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import java.util.Random;

/**
 * Conditional flow matching as in the JSCGC paper. Time runs from 0 (data x_0) to 1 (noise
 * x_T ~ N(0, I)); x_t = (1 − t)·x_0 + t·x_T and the generator learns the velocity x_T − x_0
 * (eq. 3/10). Sampling integrates the ODE backwards from t = 1 with Euler steps (eq. 14).
 *
 * <p>Images are in [0, 1] outside and [−1, 1] inside, so that data and noise have comparable
 * scale.
 */
public final class FlowMatching {
  private static final int PIXELS = 28 * 28;

  private FlowMatching() {}

  /**
   * One training step of the generator on a batch: draws t ~ U(0, 1) and x_T ~ N(0, I) from
   * the engine's (seeded) generator, regresses the velocity, steps the optimiser.
   *
   * @param images (B, 784) in [0, 1], attached to a per-batch manager
   * @param condition (B, conditionSize)
   * @param guide (B, 1, 28, 28) in [−1, 1]
   * @return the batch loss (mean squared velocity error)
   */
  public static float trainStep(Trainer trainer, NDArray images, NDArray condition,
      NDArray guide) {
    NDManager m = images.getManager();
    long b = images.getShape().get(0);
    NDArray x0 = images.reshape(b, 1, 28, 28).mul(2).sub(1);
    NDArray xT = m.randomNormal(x0.getShape());
    NDArray t = m.randomUniform(0f, 1f, new Shape(b));
    NDArray tb = t.reshape(b, 1, 1, 1);
    NDArray xt = x0.mul(tb.neg().add(1)).add(xT.mul(tb));
    NDArray target = xT.sub(x0);
    try (GradientCollector gc = trainer.newGradientCollector()) {
      NDArray v = trainer.forward(new NDList(xt, t, condition, guide)).singletonOrThrow();
      NDArray loss = v.sub(target).square().mean();
      gc.backward(loss);
      trainer.step();
      return loss.getFloat();
    }
  }

  /**
   * Draws one image per row of {@code condition} (and of {@code guide}) by Euler integration
   * of the learned ODE from t = 1 to 0 in {@code steps} steps. Deterministic given {@code
   * seed}: the starting noise comes from {@link Random}, not the engine.
   *
   * @return (B, 784) in [0, 1]
   */
  public static NDArray sample(FlowGenerator generator, ParameterStore ps, NDArray condition,
      NDArray guide, int steps, long seed) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, got " + steps);
    }
    NDManager m = condition.getManager();
    int b = Math.toIntExact(condition.getShape().get(0));
    float[] noise = new float[b * PIXELS];
    Random random = new Random(seed);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) random.nextGaussian();
    }
    NDArray x = m.create(noise, new Shape(b, 1, 28, 28));
    float dt = 1f / steps;
    for (int k = steps; k >= 1; k--) {
      // Each step's intermediates (the U-Net's activations) are freed with its scope; on the
      // caller's manager they piled up until the batch ended, growing with the steps: an
      // evaluation at 40 steps was killed for memory at 19–24 GB (now ~1 GB, flat).
      try (NDManager scope = m.newSubManager()) {
        x.tempAttach(scope);
        condition.tempAttach(scope);
        guide.tempAttach(scope);
        NDArray t = scope.full(new Shape(b), k * dt);
        NDArray v = generator.velocity(ps, x, t, condition, guide, false);
        NDArray next = x.sub(v.mul(dt));
        next.attach(m);
        x = next;
      }
    }
    try (NDManager scope = m.newSubManager()) {
      x.tempAttach(scope);
      NDArray image = x.add(1).div(2).clip(0f, 1f).reshape(b, PIXELS);
      image.attach(m);
      return image;
    }
  }
}
