package io.jscclink.models.store;

import io.jscclink.models.eval.EvalPoint;
import java.util.List;

/**
 * The content of {@code model.json}: what the network is, how it was trained (with the exact
 * command), where its parameters are and their checksum, and its evaluated metrics.
 */
public final class ModelMetadata {
  /** Bumped whenever the layout of model.json or the parameter file changes. */
  public static final int CURRENT_FORMAT = 1;

  public static final String FILE_NAME = "model.json";

  public int formatVersion = CURRENT_FORMAT;
  public String name;
  /** {@link Scheme#cliName()}. */
  public String scheme;
  /** {@link io.jscclink.models.data.DatasetName#cliName()}. */
  public String dataset;
  /** Channels, height, width. */
  public int[] imageShape = {1, 28, 28};

  /** K, complex channel symbols per image (D-JSCC / C-JSCC). */
  public Integer latentSymbols;
  /** m, code bits per image (NECST / BernST). */
  public Integer bits;
  /** L, the longest code (E2EC). */
  public Integer maxLength;
  /** d, the bit-embedding dimension (E2EC). */
  public Integer embeddingDim;

  /** awgn, rayleigh or bsc. */
  public String channel;
  public Double trainSnrDb;
  public Double trainEpsilon;
  /** C-JSCC loss weight (0 for D-JSCC). */
  public Double lambda;
  /** C-JSCC temperature. */
  public Double tau;
  /** E2EC rate penalty per bit of expected length, in nats. */
  public Double ratePenalty;
  /** JSCGC: the C-JSCC model whose encoder it starts from (name or directory). */
  public String baseModel;
  /** JSCGC: generator channels at 28×28 (the U-Net doubles them twice). */
  public Integer generatorChannels;
  /** JSCGC: training SNRs are uniform in trainSnrDb ± this, dB. */
  public Double trainSnrSpreadDb;
  /** JSCGC: the encoder was fine-tuned jointly with the generator (else frozen). */
  public Boolean jointTraining;
  /** JSCGC joint training: the weight of the decoder's reconstruction loss. */
  public Double decoderWeight;
  /** JSCGC: Euler steps of the sampler used for the recorded metrics. */
  public Integer eulerSteps;

  public long seed;
  public int epochs;
  public int batchSize;
  public double learningRate;
  /** 1-based epoch from which the learning rate was a tenth of learningRate (null: never). */
  public Integer learningRateDecayEpoch;
  /** Global gradient-norm limit of each step (null: no clipping). */
  public Double clipGradNorm;
  public String trainingCommand;
  public double trainingSeconds;
  public int trainingImages;

  /** Mean training loss of each epoch. */
  public List<Double> epochLoss;
  /** Wall time of each epoch in seconds. */
  public List<Double> epochSeconds;
  /** Resident memory of the training process after each epoch, MiB (checks for leaks). */
  public List<Double> epochRssMib;
  /** Steps of each epoch whose gradients were scaled down to clipGradNorm (null: off). */
  public List<Integer> epochClippedSteps;

  public String paramsFile = "params.bin";
  public long paramsBytes;
  public String paramsSha256;

  /** Test-set metrics over the standard grid (SNR 0..20 dB or epsilon 0..0.4). */
  public List<EvalPoint> metrics;
  /** Metrics on the first {@link #checkImages} test images at the training point, eval seed 1. */
  public EvalPoint subsetCheck;
  public int checkImages;
  public String createdUtc;

  public Scheme schemeEnum() {
    return Scheme.fromCliName(scheme);
  }
}
