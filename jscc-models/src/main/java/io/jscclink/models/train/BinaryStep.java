package io.jscclink.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import io.jscclink.models.block.BinaryJsccNet;
import io.jscclink.models.block.Channels;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.loss.Losses;
import io.jscclink.models.store.Scheme;

/**
 * NECST and BernST over the BSC (BernST paper): the decoder likelihood -log p(x | y_hat) with
 * Bernoulli pixels, y ~ Bernoulli(sigmoid(f(x))) and y_hat the BSC output.
 *
 * <ul>
 *   <li>BernST (eq. 20-21): y' = stopGradient(y - p) + p carries the path-wise gradient to the
 *       encoder through the BSC's y XOR e = e + (1 - 2e) y.
 *   <li>NECST: VIMCO with {@link #VIMCO_SAMPLES} codes per image (Mnih and Rezende 2016): the
 *       bound L = log mean_k p(x | y_hat_k); the encoder gets sum_k (L - L_{-k}) grad log q(y_k)
 *       with the leave-one-out baseline L_{-k} (y_k replaced by the mean of the others' log p).
 * </ul>
 * Reports the batch mean per-image squared error of the reconstruction sigmoid(decoder).
 */
final class BinaryStep implements TrainingStep {
  static final int VIMCO_SAMPLES = 5;

  private final BinaryJsccNet net;
  private final TrainConfig config;
  private final boolean vimco;

  BinaryStep(BinaryJsccNet net, TrainConfig config) {
    this.net = net;
    this.config = config;
    this.vimco = config.scheme() == Scheme.NECST;
  }

  @Override
  public int imagesPerStep() {
    return config.batchSize();
  }

  @Override
  public NDArray loss(ParameterStore ps, NDManager batch, float[] images, int[] labels,
      int count, StepStats stats) {
    NDArray x = batch.create(images, new Shape(count, DatasetName.PIXELS));
    NDArray logits = net.encodeLogits(ps, x, true);
    stats.rateName = "sse/img";
    return vimco ? vimcoLoss(ps, x, logits, count, stats) : straightThroughLoss(ps, x, logits,
        stats);
  }

  private NDArray straightThroughLoss(ParameterStore ps, NDArray x, NDArray logits,
      StepStats stats) {
    NDArray p = Activation.sigmoid(logits);
    NDArray y = Channels.bernoulli(p.stopGradient());
    NDArray ySt = y.sub(p).stopGradient().add(p);
    NDArray received = Channels.bsc(ySt, config.epsilon());
    NDArray pixelLogits = net.decodeLogits(ps, received, true);
    stats.rate = sse(pixelLogits, x);
    return Losses.bernoulliNllPerImage(pixelLogits, x).mean();
  }

  private NDArray vimcoLoss(ParameterStore ps, NDArray x, NDArray logits, int count,
      StepStats stats) {
    int k = VIMCO_SAMPLES;
    NDArray logitsK = logits.tile(new long[] {k, 1});
    NDArray xK = x.tile(new long[] {k, 1});
    NDArray y = Channels.bernoulli(Activation.sigmoid(logitsK).stopGradient());
    NDArray received = Channels.bsc(y, config.epsilon());
    NDArray pixelLogits = net.decodeLogits(ps, received, true);
    stats.rate = sse(pixelLogits, xK);
    NDArray logLik = Losses.bernoulliNllPerImage(pixelLogits, xK).neg().reshape(k, count);
    NDArray logQ = Losses.bernoulliLogProb(logitsK, y).reshape(k, count);
    NDArray bound = Losses.logMeanExp(logLik, 0); // (count)
    // Leave-one-out: sample j of row k replaced by the mean of the other samples when j == k.
    NDManager m = x.getManager();
    NDArray eye = m.eye(k).reshape(k, k, 1);
    NDArray others = logLik.sum(new int[] {0}, true).sub(logLik).div(k - 1f); // (k, count)
    NDArray replaced = logLik.reshape(1, k, count).mul(eye.neg().add(1f))
        .add(eye.mul(others.reshape(k, 1, count)));
    NDArray boundMinus = Losses.logMeanExp(replaced, 1); // (k, count)
    NDArray advantage = bound.reshape(1, count).sub(boundMinus).stopGradient();
    NDArray surrogate = bound.sum().add(advantage.mul(logQ).sum());
    return surrogate.neg().div(count);
  }

  private static double sse(NDArray pixelLogits, NDArray x) {
    NDArray xhat = Activation.sigmoid(pixelLogits.stopGradient());
    return Losses.squaredErrorPerImage(xhat, x).mean().getFloat();
  }
}
