package io.jscclink.models.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** The training losses, as differentiable NDArray functions (per image unless stated). */
public final class Losses {
  private Losses() {}

  /** ||x - xhat||^2 per image: (B, P), (B, P) -> (B). NECST's L2 measure and C-JSCC's eq. 3. */
  public static NDArray squaredErrorPerImage(NDArray reconstruction, NDArray target) {
    return reconstruction.sub(target).square().sum(new int[] {1});
  }

  /** log(1 + e^x), computed without overflow: max(x, 0) + log(1 + e^-|x|). */
  public static NDArray softplus(NDArray x) {
    return x.maximum(0f).add(x.abs().neg().exp().add(1f).log());
  }

  /**
   * -log p(x | logits) for Bernoulli pixels, summed per image: (B, P) logits, (B, P) targets in
   * [0,1] -> (B). The decoder likelihood that NECST and BernST maximise.
   */
  public static NDArray bernoulliNllPerImage(NDArray logits, NDArray target) {
    return softplus(logits).sub(logits.mul(target)).sum(new int[] {1});
  }

  /** Cross-entropy per row: (B, C) logits, (B, C) one-hot targets -> (B). */
  public static NDArray crossEntropy(NDArray logits, NDArray oneHot) {
    return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
  }

  /** One-hot rows for integer labels, built on the Java side (cheap, engine-independent). */
  public static NDArray oneHot(NDManager manager, int[] labels, int count, int classes) {
    float[] data = new float[count * classes];
    for (int i = 0; i < count; i++) {
      data[i * classes + labels[i]] = 1f;
    }
    return manager.create(data, new Shape(count, classes));
  }

  /**
   * Supervised contrastive loss, eq. 4 of the C-JSCC paper (Khosla et al.): for every anchor
   * i of the 2N-sample batch, -1/|Q(i)| sum over same-label q != i of
   * log(exp(z_i.z_q / tau) / sum_{a != i} exp(z_i.z_a / tau)), summed over anchors, with the
   * latents L2-normalised. Anchors without a positive contribute nothing.
   *
   * @param latents (M, D) received latents
   * @param labels M class labels
   */
  public static NDArray supervisedContrastive(NDArray latents, int[] labels, float temperature) {
    NDManager m = latents.getManager();
    int n = labels.length;
    // The 1e-2 under the root bounds the gradient of z / ||z|| near z = 0: MMSE-equalised
    // latents in a deep Rayleigh fade have ||z||^2 down to ~1e-3 (against K = 128 normally),
    // and with a negligible epsilon C-JSCC over Rayleigh hit NaN after 46 steps (measured).
    NDArray z = latents.div(latents.square().sum(new int[] {1}, true).add(1e-2f).sqrt());
    NDArray sim = z.matMul(z.transpose()).div(temperature);
    // Subtracting the (constant) row maximum keeps exp() finite at tau = 0.01.
    NDArray shifted = sim.sub(sim.max(new int[] {1}, true).stopGradient());
    NDArray notSelf = m.eye(n).neg().add(1f);
    NDArray logDenominator = shifted.exp().mul(notSelf).sum(new int[] {1}, true).log();
    NDArray logProb = shifted.sub(logDenominator);
    float[] positives = new float[n * n];
    for (int i = 0; i < n; i++) {
      int count = 0;
      for (int q = 0; q < n; q++) {
        if (q != i && labels[q] == labels[i]) {
          count++;
        }
      }
      for (int q = 0; q < n && count > 0; q++) {
        if (q != i && labels[q] == labels[i]) {
          positives[i * n + q] = 1f / count;
        }
      }
    }
    NDArray weights = m.create(positives, new Shape(n, n));
    return logProb.mul(weights).sum().neg();
  }

  /** log q(y | logits) per Bernoulli element: y log sigmoid(l) + (1 - y) log(1 - sigmoid(l)). */
  public static NDArray bernoulliLogProbElements(NDArray logits, NDArray y) {
    // log sigmoid(l) = -softplus(-l); log(1 - sigmoid(l)) = -softplus(l).
    return softplus(logits.neg()).mul(y).add(softplus(logits).mul(y.neg().add(1f))).neg();
  }

  /** log q(y | logits) of whole codes: (B, m), (B, m) -> (B). */
  public static NDArray bernoulliLogProb(NDArray logits, NDArray y) {
    return bernoulliLogProbElements(logits, y).sum(new int[] {1});
  }

  /** log(mean(exp(x))) along one axis, shifted by the (constant) maximum to stay finite. */
  public static NDArray logMeanExp(NDArray x, int axis) {
    NDArray max = x.max(new int[] {axis}, true).stopGradient();
    return x.sub(max).exp().mean(new int[] {axis}).log().add(max.squeeze(axis));
  }

  /** Fraction of rows whose arg-max is the label. */
  public static double accuracy(NDArray logits, int[] labels, int count) {
    long[] predicted = logits.argMax(1).toLongArray();
    int correct = 0;
    for (int i = 0; i < count; i++) {
      if (predicted[i] == labels[i]) {
        correct++;
      }
    }
    return (double) correct / count;
  }
}
