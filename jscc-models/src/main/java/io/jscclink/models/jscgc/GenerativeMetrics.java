package io.jscclink.models.jscgc;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import io.jscclink.models.block.ChannelModel;
import io.jscclink.models.block.Channels;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.data.ImageSet;
import io.jscclink.models.eval.EvalPoint;
import io.jscclink.models.eval.FrechetDistance;
import io.jscclink.models.eval.ImageMetrics;
import java.util.List;

/**
 * JSCGC's metrics at one SNR: PSNR and SSIM of the generated images against the sources; and,
 * with the data set's own classifier, the semantic accuracy (the classifier's class of each
 * generated image against the source label), the Fréchet distance between generated and real
 * images in the classifier's penultimate feature space (FID-style), and the diversity of
 * several samples drawn for one received ŷ (mean pairwise per-pixel MSE).
 */
public final class GenerativeMetrics {
  private static final int BATCH = 250;
  /** Received ŷ used for diversity, and samples per ŷ. */
  private static final int DIVERSITY_IMAGES = 100;
  private static final int DIVERSITY_SAMPLES = 4;

  private GenerativeMetrics() {}

  /**
   * @param classifier the data set's classifier (a SequentialBlock ending in its logits
   *     layer), or null: then only PSNR and SSIM are filled
   */
  public static EvalPoint evaluate(JscgcNet net, ImageSet set, int images, double snrDb,
      ChannelModel channel, int eulerSteps, long seed, Block classifier, NDManager manager) {
    int p = DatasetName.PIXELS;
    ParameterStore ps = new ParameterStore(manager, false);
    ImageMetrics metrics = new ImageMetrics(DatasetName.SIDE, DatasetName.SIDE);
    float[][] realFeatures = classifier == null ? null : new float[images][];
    float[][] fakeFeatures = classifier == null ? null : new float[images][];
    double psnr = 0;
    double ssim = 0;
    double sse = 0;
    int correct = 0;
    Engine.getInstance().setRandomSeed((int) seed);
    for (int from = 0; from < images; from += BATCH) {
      int n = Math.min(BATCH, images - from);
      try (NDManager batch = manager.newSubManager()) {
        float[] px = new float[n * p];
        System.arraycopy(set.pixels(), from * p, px, 0, n * p);
        NDArray x = batch.create(px, new Shape(n, p));
        NDArray received = Channels.apply(channel, net.cjscc().encode(ps, x, false), snrDb);
        NDArray generated = FlowMatching.sample(net.generator(), ps,
            JscgcNet.condition(received, (float) snrDb), eulerSteps, seed * 1_000_003L + from);
        float[] out = generated.toFloatArray();
        for (int i = 0; i < n; i++) {
          psnr += ImageMetrics.psnrDb(out, i * p, px, i * p, p);
          ssim += metrics.ssim(out, i * p, px, i * p);
          sse += ImageMetrics.squaredError(out, i * p, px, i * p, p);
        }
        if (classifier != null) {
          NDList fake = features(classifier, ps, generated);
          NDList real = features(classifier, ps, x);
          long[] predicted = fake.get(1).argMax(1).toLongArray();
          for (int i = 0; i < n; i++) {
            if (predicted[i] == set.labels()[from + i]) {
              correct++;
            }
          }
          rows(fake.get(0), fakeFeatures, from);
          rows(real.get(0), realFeatures, from);
        }
      }
    }
    EvalPoint point = new EvalPoint();
    point.snrDb = snrDb;
    point.psnrDb = psnr / images;
    point.ssim = ssim / images;
    point.ssePerImage = sse / images;
    point.images = images;
    if (classifier != null) {
      point.semanticAccuracy = (double) correct / images;
      point.frechet = images >= 2 ? FrechetDistance.of(fakeFeatures, realFeatures) : null;
    }
    point.diversity = diversity(net, set, Math.min(DIVERSITY_IMAGES, images), snrDb, channel,
        eulerSteps, seed, manager);
    return point;
  }

  /** Mean per-pixel MSE between pairs of samples drawn for the same received ŷ. */
  static double diversity(JscgcNet net, ImageSet set, int images, double snrDb,
      ChannelModel channel, int eulerSteps, long seed, NDManager manager) {
    int p = DatasetName.PIXELS;
    ParameterStore ps = new ParameterStore(manager, false);
    try (NDManager batch = manager.newSubManager()) {
      float[] px = new float[images * p];
      System.arraycopy(set.pixels(), 0, px, 0, images * p);
      Engine.getInstance().setRandomSeed((int) seed + 17);
      NDArray received = Channels.apply(channel,
          net.cjscc().encode(ps, batch.create(px, new Shape(images, p)), false), snrDb);
      NDArray condition = JscgcNet.condition(received, (float) snrDb);
      float[][] samples = new float[DIVERSITY_SAMPLES][];
      for (int k = 0; k < DIVERSITY_SAMPLES; k++) {
        samples[k] = FlowMatching.sample(net.generator(), ps, condition, eulerSteps,
            seed * 31 + k).toFloatArray();
      }
      double sum = 0;
      int pairs = 0;
      for (int a = 0; a < DIVERSITY_SAMPLES; a++) {
        for (int b = a + 1; b < DIVERSITY_SAMPLES; b++) {
          sum += ImageMetrics.squaredError(samples[a], 0, samples[b], 0, images * p)
              / (images * (double) p);
          pairs++;
        }
      }
      return sum / pairs;
    }
  }

  /** (penultimate features, logits) of the classifier for images (B, 784). */
  private static NDList features(Block classifier, ParameterStore ps, NDArray images) {
    List<Block> layers = ((SequentialBlock) classifier).getChildren().values();
    NDList h = new NDList(images);
    for (int i = 0; i < layers.size() - 1; i++) {
      h = layers.get(i).forward(ps, h, false);
    }
    NDArray features = h.singletonOrThrow();
    NDArray logits = layers.get(layers.size() - 1).forward(ps, h, false).singletonOrThrow();
    return new NDList(features, logits);
  }

  private static void rows(NDArray matrix, float[][] into, int from) {
    long[] shape = matrix.getShape().getShape();
    float[] flat = matrix.toFloatArray();
    int width = (int) shape[1];
    for (int i = 0; i < shape[0]; i++) {
      into[from + i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
    }
  }
}
