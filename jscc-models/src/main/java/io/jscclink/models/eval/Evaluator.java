package io.jscclink.models.eval;

import io.jscclink.models.jscgc.GenerativeMetrics;
import io.jscclink.models.jscgc.JscgcNet;
import io.jscclink.models.store.ModelCatalog;
import io.jscclink.models.store.ModelExpectation;
import io.jscclink.models.store.ModelFileException;
import io.jscclink.models.store.ModelStore;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.jscclink.models.block.ChannelModel;
import io.jscclink.models.block.Channels;
import io.jscclink.models.block.BinaryJsccNet;
import io.jscclink.models.block.DeepJsccNet;
import io.jscclink.models.block.E2ecNet;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.data.ImageSet;
import io.jscclink.models.store.ModelMetadata;
import io.jscclink.models.store.Scheme;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a network over a grid of channel points on the first {@code images} images of a
 * set. Encoders are deterministic at test time (the mode: thresholded bits, the most likely
 * E2EC length), as the link runtime uses them; channel noise is drawn from the engine seeded
 * with {@code seed} before each point, so a (model, set, grid, seed) gives the same figures.
 */
public final class Evaluator {
  /** The grids of the issue: SNR in dB for analog schemes, crossover for the BSC ones. */
  public static final double[] STANDARD_SNR_DB = {0, 5, 10, 15, 20};
  public static final double[] STANDARD_EPSILON = {0, 0.1, 0.2, 0.3, 0.4};

  private static final int BATCH = 500;

  private Evaluator() {}

  /** The standard grid of a scheme (empty for a classifier, which has no channel). */
  public static double[] standardGrid(Scheme scheme) {
    return switch (scheme.family()) {
      case ANALOG, GENERATIVE -> STANDARD_SNR_DB;
      case BINARY, VARIABLE_LENGTH -> STANDARD_EPSILON;
      case CLASSIFIER -> new double[0];
    };
  }

  /**
   * @param grid SNRs in dB (analog) or crossover probabilities (binary, E2EC); ignored for a
   *     classifier, which gives one point
   * @param channel the analog channel to test over (null: the one the model was trained on)
   */
  public static List<EvalPoint> evaluate(Block block, ModelMetadata meta, ImageSet set,
      int images, double[] grid, ChannelModel channel, long seed, NDManager manager) {
    if (images < 1 || images > set.count()) {
      throw new IllegalArgumentException("images must be in [1, " + set.count() + "], got "
          + images);
    }
    Scheme scheme = meta.schemeEnum();
    List<EvalPoint> points = new ArrayList<>();
    if (scheme.family() == Scheme.Family.CLASSIFIER) {
      points.add(evaluatePoint(block, scheme, set, images, Double.NaN, null, seed, manager));
      return points;
    }
    Block classifier = scheme.family() == Scheme.Family.GENERATIVE
        ? bundledClassifier(meta.dataset, manager) : null;
    for (double g : grid) {
      if (scheme.family() == Scheme.Family.ANALOG
          || scheme.family() == Scheme.Family.GENERATIVE) {
        if (g < -20 || g > 40) {
          throw new IllegalArgumentException("SNR must be in [-20, 40] dB, got " + g);
        }
      } else if (g < 0 || g > 0.5) {
        throw new IllegalArgumentException("epsilon must be in [0, 0.5], got " + g);
      }
      ChannelModel c = channel != null ? channel
          : meta.channel != null && !meta.channel.equals("bsc")
              ? ChannelModel.fromCliName(meta.channel) : ChannelModel.AWGN;
      points.add(scheme.family() == Scheme.Family.GENERATIVE
          ? GenerativeMetrics.evaluate((JscgcNet) block, set, images, g, c,
              meta.eulerSteps == null ? 10 : meta.eulerSteps, seed, classifier, manager)
          : evaluatePoint(block, scheme, set, images, g, c, seed, manager));
    }
    return points;
  }

  /**
   * The bundled classifier of a data set ({@code classifier-<dataset>}), whose features and
   * classes score generated images; null when it is not there (those metrics are then left
   * out, not guessed).
   */
  static Block bundledClassifier(String dataset, NDManager manager) {
    try {
      java.nio.file.Path dir = ModelCatalog.modelsFolder().resolve("classifier-" + dataset);
      if (!java.nio.file.Files.isRegularFile(dir.resolve(ModelMetadata.FILE_NAME))) {
        return null;
      }
      ModelMetadata m = ModelStore.readMetadata(dir);
      return ModelStore.loadBlock(dir, m, ModelExpectation.family(Scheme.Family.CLASSIFIER),
          manager);
    } catch (ModelFileException e) {
      throw new IllegalStateException("bundled classifier of " + dataset + " is unusable: "
          + e.getMessage(), e);
    }
  }

  private static EvalPoint evaluatePoint(Block block, Scheme scheme, ImageSet set, int images,
      double g, ChannelModel channel, long seed, NDManager manager) {
    Engine.getInstance().setRandomSeed((int) seed);
    ParameterStore ps = new ParameterStore(manager, false);
    ImageMetrics metrics = new ImageMetrics(DatasetName.SIDE, DatasetName.SIDE);
    int p = DatasetName.PIXELS;
    double psnr = 0;
    double ssim = 0;
    double sse = 0;
    double bitsTotal = 0;
    int correct = 0;
    boolean reconstructs = false;
    boolean classifies = false;
    for (int from = 0; from < images; from += BATCH) {
      int n = Math.min(BATCH, images - from);
      try (NDManager batch = manager.newSubManager()) {
        float[] px = new float[n * p];
        System.arraycopy(set.pixels(), from * p, px, 0, n * p);
        NDArray x = batch.create(px, new Shape(n, p));
        NDArray recon = null;
        NDArray logits = null;
        switch (scheme.family()) {
          case ANALOG -> {
            DeepJsccNet net = (DeepJsccNet) block;
            NDArray received = Channels.apply(channel, net.encode(ps, x, false), g);
            recon = net.decode(ps, received, false);
            logits = net.classify(ps, received, false);
          }
          case BINARY -> {
            BinaryJsccNet net = (BinaryJsccNet) block;
            NDArray bits = net.encodeLogits(ps, x, false).gt(0f).toType(DataType.FLOAT32, false);
            recon = Activation.sigmoid(net.decodeLogits(ps, Channels.bsc(bits, g), false));
          }
          case VARIABLE_LENGTH -> {
            E2ecNet net = (E2ecNet) block;
            NDArray mask = E2ecNet.lengthMask(net.lengthLogits(ps, x, false).argMax(1),
                net.maxLength());
            NDArray bits = net.contentLogits(ps, x, false).gt(0f)
                .toType(DataType.FLOAT32, false);
            logits = net.decode(ps, Channels.bsc(bits, g), mask, false);
            bitsTotal += mask.sum().getFloat();
          }
          case CLASSIFIER -> logits = block.forward(ps, new NDList(x), false).singletonOrThrow();
          default -> throw new IllegalStateException("unreachable");
        }
        if (recon != null) {
          reconstructs = true;
          float[] out = recon.toFloatArray();
          for (int i = 0; i < n; i++) {
            psnr += ImageMetrics.psnrDb(out, i * p, px, i * p, p);
            ssim += metrics.ssim(out, i * p, px, i * p);
            sse += ImageMetrics.squaredError(out, i * p, px, i * p, p);
          }
        }
        if (logits != null) {
          classifies = true;
          long[] predicted = logits.argMax(1).toLongArray();
          for (int i = 0; i < n; i++) {
            if (predicted[i] == set.labels()[from + i]) {
              correct++;
            }
          }
        }
      }
    }
    EvalPoint point = new EvalPoint();
    if (scheme.family() == Scheme.Family.ANALOG) {
      point.snrDb = g;
    } else if (scheme.family() != Scheme.Family.CLASSIFIER) {
      point.epsilon = g;
    }
    if (reconstructs) {
      point.psnrDb = psnr / images;
      point.ssim = ssim / images;
      point.ssePerImage = sse / images;
    }
    if (classifies) {
      point.accuracy = (double) correct / images;
    }
    if (scheme.family() == Scheme.Family.VARIABLE_LENGTH) {
      point.avgBits = bitsTotal / images;
    }
    point.images = images;
    return point;
  }
}
