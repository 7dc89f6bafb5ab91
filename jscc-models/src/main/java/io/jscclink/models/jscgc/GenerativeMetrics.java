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
 * several samples drawn for one received ŷ (mean pairwise per-pixel MSE). The C-JSCC
 * decoder's images from the same ŷ are scored alongside (the {@code decoder_*} keys), so the
 * generative receiver and the distortion-trained one are compared on identical channel draws.
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
    Scores generatedScores = new Scores(images, classifier != null);
    Scores decoderScores = new Scores(images, classifier != null);
    float[][] realFeatures = classifier == null ? null : new float[images][];
    Engine.getInstance().setRandomSeed((int) seed);
    for (int from = 0; from < images; from += BATCH) {
      int n = Math.min(BATCH, images - from);
      try (NDManager batch = manager.newSubManager()) {
        float[] px = new float[n * p];
        System.arraycopy(set.pixels(), from * p, px, 0, n * p);
        NDArray x = batch.create(px, new Shape(n, p));
        NDArray received = Channels.apply(channel, net.cjscc().encode(ps, x, false), snrDb);
        NDArray guide = net.guide(ps, received, false);
        NDArray generated = FlowMatching.sample(net.generator(), ps,
            JscgcNet.condition(received, (float) snrDb), guide, eulerSteps,
            seed * 1_000_003L + from);
        NDArray decoded = guide.add(1).div(2).reshape(n, p);
        generatedScores.add(generated, px, set.labels(), from, classifier, ps);
        decoderScores.add(decoded, px, set.labels(), from, classifier, ps);
        if (classifier != null) {
          rows(features(classifier, ps, x).get(0), realFeatures, from);
        }
      }
    }
    EvalPoint point = new EvalPoint();
    point.snrDb = snrDb;
    point.psnrDb = generatedScores.psnr / images;
    point.ssim = generatedScores.ssim / images;
    point.ssePerImage = generatedScores.sse / images;
    point.images = images;
    point.decoderPsnrDb = decoderScores.psnr / images;
    point.decoderSsim = decoderScores.ssim / images;
    if (classifier != null) {
      point.semanticAccuracy = (double) generatedScores.correct / images;
      point.decoderSemanticAccuracy = (double) decoderScores.correct / images;
      if (images >= 2) {
        point.frechet = FrechetDistance.of(generatedScores.features, realFeatures);
        point.decoderFrechet = FrechetDistance.of(decoderScores.features, realFeatures);
      }
    }
    point.diversity = diversity(net, set, Math.min(DIVERSITY_IMAGES, images), snrDb, channel,
        eulerSteps, seed, manager);
    return point;
  }

  /** Running sums over the images of one source (generator samples or decoder outputs). */
  private static final class Scores {
    private final ImageMetrics metrics = new ImageMetrics(DatasetName.SIDE, DatasetName.SIDE);
    final float[][] features;
    double psnr;
    double ssim;
    double sse;
    int correct;

    Scores(int images, boolean withFeatures) {
      features = withFeatures ? new float[images][] : null;
    }

    void add(NDArray produced, float[] sources, int[] labels, int from, Block classifier,
        ParameterStore ps) {
      int p = DatasetName.PIXELS;
      float[] out = produced.toFloatArray();
      int n = out.length / p;
      for (int i = 0; i < n; i++) {
        psnr += ImageMetrics.psnrDb(out, i * p, sources, i * p, p);
        ssim += metrics.ssim(out, i * p, sources, i * p);
        sse += ImageMetrics.squaredError(out, i * p, sources, i * p, p);
      }
      if (classifier != null) {
        NDList f = features(classifier, ps, produced);
        long[] predicted = f.get(1).argMax(1).toLongArray();
        for (int i = 0; i < n; i++) {
          if (predicted[i] == labels[from + i]) {
            correct++;
          }
        }
        rows(f.get(0), features, from);
      }
    }
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
      NDArray guide = net.guide(ps, received, false);
      float[][] samples = new float[DIVERSITY_SAMPLES][];
      for (int k = 0; k < DIVERSITY_SAMPLES; k++) {
        samples[k] = FlowMatching.sample(net.generator(), ps, condition, guide, eulerSteps,
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
