package io.jscclink.models.train;

import io.jscclink.models.block.ChannelModel;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.store.Scheme;
import java.nio.file.Path;

/**
 * Everything one training run depends on. Build it with {@link #defaults} and the
 * {@code with...} copies; {@link #validate()} rejects values outside their ranges with the
 * range in the message.
 *
 * @param channel AWGN or Rayleigh for the analog schemes; ignored by the others
 * @param snrDb training SNR (analog schemes), per complex symbol at unit signal power
 * @param epsilon BSC crossover probability (NECST, BernST, E2EC)
 * @param trainImages how many training images to use (at most the 55k of the train split)
 * @param evalImages how many test images the final evaluation uses
 * @param command the exact command that started the run, recorded in model.json
 * @param clipGradNorm when positive, the gradients of a step are scaled down together so that
 *     their global L2 norm is at most this (0: off)
 */
public record TrainConfig(
    Scheme scheme,
    DatasetName dataset,
    ChannelModel channel,
    double snrDb,
    double epsilon,
    int epochs,
    long seed,
    int batchSize,
    double learningRate,
    int latentSymbols,
    int bits,
    int maxLength,
    int embeddingDim,
    double lambda,
    double tau,
    double ratePenalty,
    int trainImages,
    int evalImages,
    String command,
    Path outDir,
    boolean resume,
    JscgcSettings jscgc,
    double clipGradNorm) {

  /**
   * JSCGC only: the C-JSCC model to start from, the generator's width, the spread of training
   * SNRs around snrDb, joint fine-tuning of the encoder, the sampler's Euler steps, and in
   * joint mode the weight of the decoder's reconstruction loss (its anchor).
   */
  public record JscgcSettings(Path baseModel, int generatorChannels, double snrSpreadDb,
      boolean joint, int eulerSteps, double decoderWeight) {
    public JscgcSettings {
      if (!(decoderWeight >= 0) || Double.isInfinite(decoderWeight)) {
        throw new IllegalArgumentException("decoder weight must be a finite number >= 0, got "
            + decoderWeight);
      }
    }

    public static final JscgcSettings DEFAULTS =
        new JscgcSettings(null, 32, 10, false, 10, 1.0);
  }

  public TrainConfig withJscgc(JscgcSettings settings) {
    return new TrainConfig(scheme, dataset, channel, snrDb, epsilon, epochs, seed, batchSize,
        learningRate, latentSymbols, bits, maxLength, embeddingDim, lambda, tau, ratePenalty,
        trainImages, evalImages, command, outDir, resume, settings, clipGradNorm);
  }

  /** The settings of the bundled models for a scheme (papers' values where they give them). */
  public static TrainConfig defaults(Scheme scheme, DatasetName dataset, Path outDir) {
    int batch = switch (scheme) {
      case NECST, BERNST, E2EC -> 100;
      default -> 64;
    };
    double lambda = scheme == Scheme.CJSCC ? 0.01 : 0.0;
    return new TrainConfig(scheme, dataset, ChannelModel.AWGN, 10.0, 0.1, 5, 1L, batch, 1e-3,
        128, 100, 64, 64, lambda, 0.01, 1e-3, 55_000, 10_000, "", outDir, false,
        JscgcSettings.DEFAULTS, 0);
  }

  public TrainConfig withChannel(ChannelModel c, double snr) {
    return new TrainConfig(scheme, dataset, c, snr, epsilon, epochs, seed, batchSize,
        learningRate, latentSymbols, bits, maxLength, embeddingDim, lambda, tau, ratePenalty,
        trainImages, evalImages, command, outDir, resume, jscgc, clipGradNorm);
  }

  public TrainConfig withEpsilon(double eps) {
    return new TrainConfig(scheme, dataset, channel, snrDb, eps, epochs, seed, batchSize,
        learningRate, latentSymbols, bits, maxLength, embeddingDim, lambda, tau, ratePenalty,
        trainImages, evalImages, command, outDir, resume, jscgc, clipGradNorm);
  }

  public TrainConfig withRun(int epochCount, long runSeed, String runCommand, boolean resumeRun) {
    return new TrainConfig(scheme, dataset, channel, snrDb, epsilon, epochCount, runSeed,
        batchSize, learningRate, latentSymbols, bits, maxLength, embeddingDim, lambda, tau,
        ratePenalty, trainImages, evalImages, runCommand, outDir, resumeRun, jscgc,
        clipGradNorm);
  }

  public TrainConfig withSizes(int k, int m, int length, int dim) {
    return new TrainConfig(scheme, dataset, channel, snrDb, epsilon, epochs, seed, batchSize,
        learningRate, k, m, length, dim, lambda, tau, ratePenalty, trainImages, evalImages,
        command, outDir, resume, jscgc, clipGradNorm);
  }

  public TrainConfig withLoss(double lam, double temperature, double penalty) {
    return new TrainConfig(scheme, dataset, channel, snrDb, epsilon, epochs, seed, batchSize,
        learningRate, latentSymbols, bits, maxLength, embeddingDim, lam, temperature, penalty,
        trainImages, evalImages, command, outDir, resume, jscgc, clipGradNorm);
  }

  public TrainConfig withData(int train, int eval, int batch, double lr) {
    return new TrainConfig(scheme, dataset, channel, snrDb, epsilon, epochs, seed, batch, lr,
        latentSymbols, bits, maxLength, embeddingDim, lambda, tau, ratePenalty, train, eval,
        command, outDir, resume, jscgc, clipGradNorm);
  }

  public TrainConfig withClipGradNorm(double maxNorm) {
    return new TrainConfig(scheme, dataset, channel, snrDb, epsilon, epochs, seed, batchSize,
        learningRate, latentSymbols, bits, maxLength, embeddingDim, lambda, tau, ratePenalty,
        trainImages, evalImages, command, outDir, resume, jscgc, maxNorm);
  }

  public void validate() {
    range("epochs", epochs, 1, 1000);
    range("batchSize", batchSize, 2, 4096);
    range("trainImages", trainImages, batchSize, 55_000);
    range("evalImages", evalImages, 1, 10_000);
    range("snrDb", snrDb, -20, 40);
    range("epsilon", epsilon, 0, 0.5);
    range("learningRate", learningRate, 1e-7, 1);
    range("lambda", lambda, 0, 1);
    range("tau", tau, 1e-4, 10);
    range("ratePenalty", ratePenalty, 0, 10);
    range("clipGradNorm", clipGradNorm, 0, 1e6);
    if (scheme == Scheme.CJSCC && lambda <= 0) {
      throw new IllegalArgumentException("C-JSCC needs lambda in (0, 1], got " + lambda);
    }
    if (scheme == Scheme.DJSCC && lambda != 0) {
      throw new IllegalArgumentException("D-JSCC is C-JSCC with lambda = 0; got " + lambda);
    }
    if (scheme == Scheme.JSCGC) {
      if (jscgc.baseModel() == null) {
        throw new IllegalArgumentException("JSCGC starts from a C-JSCC model: give --base");
      }
      range("generatorChannels", jscgc.generatorChannels(), 2, 256);
      range("snrSpreadDb", jscgc.snrSpreadDb(), 0, 30);
      range("eulerSteps", jscgc.eulerSteps(), 1, 1000);
    }
    if (outDir == null) {
      throw new IllegalArgumentException("an output directory is required");
    }
  }

  private static void range(String name, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi)) {
      throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + v);
    }
  }
}
