package io.jscclink.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import io.jscclink.models.block.Channels;
import io.jscclink.models.block.E2ecNet;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.loss.Losses;

/**
 * E2EC (E2EC paper, eq. 7-10): sample a length l ~ q(l | x) and bits b ~ q(b | x), keep the
 * first l bits, send them through the BSC, decode with the bit embedding and classify. The
 * cost of a sample is cross-entropy + ratePenalty * l (nats; the Lagrangian of eq. 6). The
 * decoder gets the cross-entropy's gradient directly; the length and content networks get the
 * policy gradient (score function) of the cost, with {@link #SAMPLES} samples per image and the
 * leave-one-out mean of the other samples' costs as the baseline (variance reduction).
 *
 * <p>Warm-up: during the first {@link #FULL_LENGTH_EPOCHS} epoch every code has the full
 * length L and the length network does not learn. Without it the lengths collapsed to ~16
 * bits within 150 steps (measured): while the content is still uninformative, short codes give
 * the lowest cross-entropy (fewer random embeddings in the sum), and the length policy settled
 * there before the content became useful.
 *
 * <p>Known limitation (measured): q(l | x) still turns nearly deterministic, one length for
 * every image, within ~40 steps of the warm-up's end; Adam rescales the small, noisy
 * score-function gradient of the length logits to full-size steps. The length it settles at
 * follows the rate penalty (1e-3: 57 bits; 3e-3: 50 bits). An entropy bonus of 0.01 nats did
 * not prevent it and was removed.
 */
final class E2ecStep implements TrainingStep {
  static final int SAMPLES = 4;
  static final int FULL_LENGTH_EPOCHS = 1;

  private final E2ecNet net;
  private final TrainConfig config;
  private boolean fullLength;

  E2ecStep(E2ecNet net, TrainConfig config) {
    this.net = net;
    this.config = config;
  }

  @Override
  public void startEpoch(int epoch) {
    fullLength = epoch < FULL_LENGTH_EPOCHS;
  }

  @Override
  public int imagesPerStep() {
    return config.batchSize();
  }

  @Override
  public NDArray loss(ParameterStore ps, NDManager batch, float[] images, int[] labels,
      int count, StepStats stats) {
    int s = SAMPLES;
    int maxLength = net.maxLength();
    NDArray x = batch.create(images, new Shape(count, DatasetName.PIXELS));
    NDArray lengthLogits = net.lengthLogits(ps, x, true).tile(new long[] {s, 1});
    NDArray contentLogits = net.contentLogits(ps, x, true).tile(new long[] {s, 1});
    int rows = s * count;

    // Length by the Gumbel-max trick: argmax(logits + Gumbel noise) ~ Categorical(softmax).
    NDArray u = batch.randomUniform(1e-6f, 1f - 1e-6f, new Shape(rows, maxLength));
    NDArray gumbel = u.log().neg().log().neg();
    NDArray index = fullLength ? batch.full(new Shape(rows, 1), maxLength - 1)
        .toType(DataType.INT64, false)
        : lengthLogits.stopGradient().add(gumbel).argMax(1).reshape(rows, 1);
    NDArray positions = batch.arange(maxLength).reshape(1, maxLength)
        .toType(DataType.INT64, false);
    NDArray chosen = positions.eq(index).toType(DataType.FLOAT32, false);
    NDArray mask = positions.lte(index).toType(DataType.FLOAT32, false);
    NDArray length = mask.sum(new int[] {1}); // (rows)

    NDArray bits = Channels.bernoulli(Activation.sigmoid(contentLogits).stopGradient());
    NDArray received = Channels.bsc(bits, config.epsilon());
    NDArray classLogits = net.decode(ps, received, mask, true);
    int[] labelsS = new int[rows];
    for (int i = 0; i < rows; i++) {
      labelsS[i] = labels[i % count];
    }
    NDArray ce = Losses.crossEntropy(classLogits,
        Losses.oneHot(batch, labelsS, rows, DatasetName.CLASSES));

    NDArray logQLength = lengthLogits.logSoftmax(1).mul(chosen).sum(new int[] {1});
    NDArray logQBits = Losses.bernoulliLogProbElements(contentLogits, bits).mul(mask)
        .sum(new int[] {1});
    NDArray cost = ce.add(length.mul((float) config.ratePenalty())).stopGradient()
        .reshape(s, count);
    NDArray baseline = cost.sum(new int[] {0}, true).sub(cost).div(s - 1f);
    NDArray advantage = cost.sub(baseline).reshape(rows);
    NDArray logQ = fullLength ? logQBits : logQLength.add(logQBits);
    NDArray policy = advantage.mul(logQ).mean();
    stats.rateName = "bits";
    stats.rate = length.mean().getFloat();
    return ce.mean().add(policy);
  }
}
