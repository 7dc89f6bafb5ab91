package io.jscclink.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.loss.Losses;

/** Plain classifier: mean cross-entropy; reports the batch accuracy. */
final class ClassifierStep implements TrainingStep {
  private final Block net;
  private final int batchSize;

  ClassifierStep(Block net, TrainConfig config) {
    this.net = net;
    this.batchSize = config.batchSize();
  }

  @Override
  public int imagesPerStep() {
    return batchSize;
  }

  @Override
  public NDArray loss(ParameterStore ps, NDManager batch, float[] images, int[] labels,
      int count, StepStats stats) {
    NDArray x = batch.create(images, new Shape(count, DatasetName.PIXELS));
    NDArray logits = net.forward(ps, new NDList(x), true).singletonOrThrow();
    NDArray oneHot = Losses.oneHot(batch, labels, count, DatasetName.CLASSES);
    stats.rateName = "acc";
    stats.rate = Losses.accuracy(logits, labels, count);
    return Losses.crossEntropy(logits, oneHot).mean();
  }
}
