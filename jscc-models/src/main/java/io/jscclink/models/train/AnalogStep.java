package io.jscclink.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.jscclink.models.block.Channels;
import io.jscclink.models.block.DeepJsccNet;
import io.jscclink.models.data.Augmentation;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.loss.Losses;

/**
 * D-JSCC and C-JSCC (C-JSCC paper, eq. 2): every image of the step gives two augmented views
 * (the positive pair), so a step of {@code batchSize} samples holds batchSize / 2 images. Loss
 * = (1 - lambda) * mean per-image squared error + lambda * SCL of the received latents (mean
 * over anchors) + cross-entropy of the classifier head. D-JSCC is the same with lambda = 0, so
 * the two see identical data, augmentation and steps.
 *
 * <p>The head reads the received latent through a stop-gradient: it measures how separable the
 * latent is without shaping it, so accuracy differences come from the SCL term alone.
 */
final class AnalogStep implements TrainingStep {
  private final DeepJsccNet net;
  private final TrainConfig config;
  private final Augmentation augmentation;
  private final float[] views;
  private final int[] viewLabels;

  AnalogStep(DeepJsccNet net, TrainConfig config) {
    if (config.batchSize() % 2 != 0) {
      throw new IllegalArgumentException("D-JSCC/C-JSCC batch size counts two views per image,"
          + " so it must be even; got " + config.batchSize());
    }
    this.net = net;
    this.config = config;
    this.augmentation = new Augmentation(config.seed() * 31 + 7, config.dataset());
    this.views = new float[config.batchSize() * DatasetName.PIXELS];
    this.viewLabels = new int[config.batchSize()];
  }

  @Override
  public int imagesPerStep() {
    return config.batchSize() / 2;
  }

  @Override
  public NDArray loss(ParameterStore ps, NDManager batch, float[] images, int[] labels,
      int count, StepStats stats) {
    int n = 2 * count;
    for (int i = 0; i < count; i++) {
      augmentation.augment(images, views, i, i, DatasetName.SIDE);
      augmentation.augment(images, views, i, count + i, DatasetName.SIDE);
      viewLabels[i] = labels[i];
      viewLabels[count + i] = labels[i];
    }
    float[] data = n == views.length ? views : java.util.Arrays.copyOf(views,
        n * DatasetName.PIXELS);
    NDArray x = batch.create(data, new Shape(n, DatasetName.PIXELS));
    NDArray z = net.encode(ps, x, true);
    NDArray received = Channels.apply(config.channel(), z, config.snrDb());
    NDArray xhat = net.decode(ps, received, true);
    NDArray mse = Losses.squaredErrorPerImage(xhat, x).mean();
    int[] used = n == viewLabels.length ? viewLabels : java.util.Arrays.copyOf(viewLabels, n);
    NDArray logits = net.classify(ps, received.stopGradient(), true);
    NDArray ce = Losses.crossEntropy(logits, Losses.oneHot(batch, used, n,
        DatasetName.CLASSES)).mean();
    float lambda = (float) config.lambda();
    NDArray loss = mse.mul(1f - lambda).add(ce);
    if (lambda > 0) {
      NDArray scl = Losses.supervisedContrastive(received, used, (float) config.tau()).div(n);
      loss = loss.add(scl.mul(lambda));
    }
    stats.rateName = "mse/px";
    stats.rate = mse.getFloat() / DatasetName.PIXELS;
    return loss;
  }
}
