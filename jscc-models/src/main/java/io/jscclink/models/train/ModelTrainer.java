package io.jscclink.models.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.jscclink.models.block.BinaryJsccNet;
import io.jscclink.models.block.DeepJsccNet;
import io.jscclink.models.block.E2ecNet;
import io.jscclink.models.data.BatchOrder;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.data.Datasets;
import io.jscclink.models.data.ImageSet;
import io.jscclink.models.data.Split;
import io.jscclink.models.block.ChannelModel;
import io.jscclink.models.eval.Evaluator;
import io.jscclink.models.jscgc.JscgcNet;
import io.jscclink.models.store.ModelExpectation;
import io.jscclink.models.store.ModelFileException;
import io.jscclink.models.store.ModelMetadata;
import io.jscclink.models.store.ModelStore;
import io.jscclink.models.store.Networks;
import io.jscclink.models.store.Scheme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains one model end to end: data, network, Adam, one epoch after another with a checkpoint
 * after each, then the final evaluation, and writes the model directory. Usable without the
 * command line: {@code ModelTrainer.train(config, listener)}.
 *
 * <p>Memory: every step's arrays live in a sub-manager closed after the step (including the
 * gradient handles), so a run's resident memory stays flat; model.json records it per epoch.
 */
public final class ModelTrainer {
  /** Test images of the fixed evaluation subset recorded in model.json (see subsetCheck). */
  public static final int CHECK_IMAGES = 500;
  /** Seed of the channel noise in every evaluation the trainer records. */
  public static final long EVAL_SEED = 1;
  static final String CHECKPOINT_DIR = "checkpoint";

  /** Progress callbacks, all on the training thread. */
  public interface Listener {
    default void started(TrainConfig config, int stepsPerEpoch, int firstEpoch) {}

    /** After every step; {@code etaSeconds} covers the remaining epochs. */
    default void step(int epoch, int step, int stepsPerEpoch, double loss, String rateName,
        double rate, double etaSeconds) {}

    default void epochDone(int epoch, double meanLoss, double seconds, double rssMib) {}

    default void message(String text) {}
  }

  private ModelTrainer() {}

  /** Trains, evaluates and writes {@code config.outDir()}; returns the written metadata. */
  public static ModelMetadata train(TrainConfig config, Listener listener) throws IOException {
    config.validate();
    EngineThreads.singleThreadedUnlessConfigured();
    ImageSet train = Datasets.load(config.dataset(), Split.TRAIN);
    ImageSet test = Datasets.load(config.dataset(), Split.TEST);
    if (config.trainImages() < train.count()) {
      train = train.slice(0, config.trainImages());
    }
    ModelMetadata meta = metadataFor(config, train.count());
    Engine.getInstance().setRandomSeed((int) config.seed());
    try (NDManager root = NDManager.newBaseManager()) {
      Block block = Networks.build(meta);
      block.initialize(root, DataType.FLOAT32, Networks.INPUT_SHAPE);
      int firstEpoch = 0;
      Path checkpoint = config.outDir().resolve(CHECKPOINT_DIR);
      if (config.resume() && Files.isRegularFile(checkpoint.resolve(ModelMetadata.FILE_NAME))) {
        ModelMetadata saved = ModelStore.readMetadata(checkpoint);
        checkResumable(config, saved);
        block = ModelStore.loadBlock(checkpoint, saved,
            new ModelExpectation(null, config.scheme(), config.dataset()), root);
        // Loaded parameters come without autograd; training needs it back.
        for (Pair<String, Parameter> p : block.getParameters()) {
          if (p.getValue().requiresGradient()) {
            p.getValue().getArray().setRequiresGradient(true);
          }
        }
        firstEpoch = saved.epochs;
        meta.trainingSeconds = saved.trainingSeconds;
        meta.epochLoss = saved.epochLoss;
        meta.epochSeconds = saved.epochSeconds;
        meta.epochRssMib = saved.epochRssMib;
        meta.epochClippedSteps = saved.epochClippedSteps;
        listener.message("resuming after epoch " + firstEpoch + " from " + checkpoint
            + " (Adam moments restart from zero)");
      }
      if (config.scheme() == Scheme.JSCGC && firstEpoch == 0) {
        startFromBase((JscgcNet) block, config, root);
        listener.message("JSCGC starts from the C-JSCC model " + config.jscgc().baseModel()
            + (config.jscgc().joint() ? " (encoder fine-tuned jointly)" : " (encoder frozen)"));
      }
      TrainingStep step = stepFor(block, config);
      runEpochs(config, meta, block, step, train, firstEpoch, root, checkpoint, listener);

      listener.message("evaluating on " + config.evalImages() + " test images ...");
      meta.metrics = Evaluator.evaluate(block, meta, test, config.evalImages(),
          Evaluator.standardGrid(config.scheme()), null, EVAL_SEED, root);
      meta.checkImages = Math.min(CHECK_IMAGES, test.count());
      meta.subsetCheck = Evaluator.evaluate(block, meta, test, meta.checkImages,
          new double[] {trainingPoint(config)}, null, EVAL_SEED, root).get(0);
      meta.createdUtc = Instant.now().toString();
      ModelStore.save(config.outDir(), block, meta);
      deleteCheckpoint(checkpoint);
      return meta;
    }
  }

  private static void runEpochs(TrainConfig config, ModelMetadata meta, Block block,
      TrainingStep step, ImageSet train, int firstEpoch, NDManager root, Path checkpoint,
      Listener listener) throws IOException {
    // Step schedule: the learning rate drops tenfold for the last 20% of the epochs (from
    // epoch decayEpoch on, runs of 5 or more epochs), which settles Adam's noisy end phase.
    int decayEpoch = decayEpoch(config.epochs());
    meta.learningRateDecayEpoch = decayEpoch < config.epochs() ? decayEpoch + 1 : null;
    float[] learningRate = {(float) config.learningRate()};
    Tracker schedule = updates -> learningRate[0];
    Optimizer adam = Optimizer.adam().optLearningRateTracker(schedule).build();
    ParameterStore ps = new ParameterStore(root, false);
    List<Parameter> params = new ArrayList<>();
    for (Pair<String, Parameter> pair : block.getParameters()) {
      if (pair.getValue().requiresGradient()) {
        params.add(pair.getValue());
      }
    }
    int perStep = step.imagesPerStep();
    int steps = train.count() / perStep;
    float[] images = new float[perStep * DatasetName.PIXELS];
    int[] labels = new int[perStep];
    TrainingStep.StepStats stats = new TrainingStep.StepStats();
    listener.started(config, steps, firstEpoch);
    long runStart = System.nanoTime();
    int stepsDone = 0;
    for (int epoch = firstEpoch; epoch < config.epochs(); epoch++) {
      long epochStart = System.nanoTime();
      int[] order = BatchOrder.shuffled(train.count(), config.seed(), epoch);
      step.startEpoch(epoch);
      learningRate[0] = (float) (epoch >= decayEpoch ? config.learningRate() / 10
          : config.learningRate());
      double lossSum = 0;
      int clippedSteps = 0;
      for (int s = 0; s < steps; s++) {
        BatchOrder.gather(train, order, s * perStep, perStep, images, labels);
        double loss;
        try (NDManager batch = root.newSubManager()) {
          try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray lossArray = step.loss(ps, batch, images, labels, perStep, stats);
            collector.backward(lossArray);
            loss = lossArray.getFloat();
          }
          float scale = gradientScale(params, batch, config.clipGradNorm());
          if (scale < 1) {
            clippedSteps++;
          }
          for (Parameter p : params) {
            NDArray weight = p.getArray();
            NDArray grad = weight.getGradient();
            grad.attach(batch);
            adam.update(p.getId(), weight, scale < 1 ? grad.mul(scale) : grad);
            grad.subi(grad); // gradients accumulate in PyTorch: zero them for the next step
          }
        }
        if (!Double.isFinite(loss)) {
          throw new IllegalStateException("loss became " + loss + " at epoch " + (epoch + 1)
              + " step " + (s + 1) + "; lower the learning rate (" + config.learningRate()
              + ")");
        }
        lossSum += loss;
        stepsDone++;
        double perStepS = (System.nanoTime() - runStart) / 1e9 / stepsDone;
        int left = (config.epochs() - epoch - 1) * steps + (steps - s - 1);
        listener.step(epoch, s, steps, loss, stats.rateName, stats.rate, left * perStepS);
      }
      double seconds = (System.nanoTime() - epochStart) / 1e9;
      double rss = residentMib();
      meta.trainingSeconds += seconds;
      meta.epochLoss.add(lossSum / steps);
      meta.epochSeconds.add(seconds);
      meta.epochRssMib.add(rss);
      if (config.clipGradNorm() > 0) {
        meta.epochClippedSteps.add(clippedSteps);
      }
      meta.epochs = epoch + 1;
      ModelStore.save(checkpoint, block, meta);
      listener.epochDone(epoch, lossSum / steps, seconds, rss);
    }
    meta.epochs = config.epochs();
  }

  /**
   * The factor that brings the step's global gradient norm down to {@code maxNorm}, or 1 when
   * it is within (or clipping is off). A guard against a single step's gradient spike: an
   * unclipped C-JSCC run over Rayleigh at tau = 0.01 collapsed mid-epoch (reconstruction error
   * per pixel 0.013 -> 0.041 within ~400 steps, never recovered) while the same command ran
   * clean in another process; clipped runs have all been clean so far.
   */
  static float gradientScale(List<Parameter> params, NDManager batch, double maxNorm) {
    if (maxNorm <= 0) {
      return 1f;
    }
    NDArray squares = null;
    for (Parameter p : params) {
      NDArray g = p.getArray().getGradient();
      g.attach(batch);
      NDArray sq = g.square().sum();
      squares = squares == null ? sq : squares.add(sq);
    }
    double norm = Math.sqrt(squares.getFloat());
    return norm > maxNorm ? (float) (maxNorm / norm) : 1f;
  }

  /** The first (0-based) epoch trained at a tenth of the learning rate. */
  static int decayEpoch(int epochs) {
    return epochs >= 5 ? (int) Math.ceil(epochs * 0.8) : epochs;
  }

  static TrainingStep stepFor(Block block, TrainConfig config) {
    return switch (config.scheme()) {
      case DJSCC, CJSCC -> new AnalogStep((DeepJsccNet) block, config);
      case NECST, BERNST -> new BinaryStep((BinaryJsccNet) block, config);
      case E2EC -> new E2ecStep((E2ecNet) block, config);
      case CLASSIFIER -> new ClassifierStep(block, config);
      case JSCGC -> new JscgcStep((JscgcNet) block, config);
    };
  }

  /**
   * Copies the base C-JSCC model's parameters into a fresh JSCGC network (its K must match),
   * with autograd on so joint training can move them.
   */
  private static void startFromBase(JscgcNet net, TrainConfig config, NDManager root)
      throws IOException {
    Path base = config.jscgc().baseModel();
    ModelMetadata baseMeta = ModelStore.readMetadata(base);
    if (!Scheme.CJSCC.cliName().equals(baseMeta.scheme)
        && !Scheme.DJSCC.cliName().equals(baseMeta.scheme)) {
      throw new ModelFileException("--base " + base + " is a " + baseMeta.scheme
          + " model; JSCGC starts from a cjscc (or djscc) model");
    }
    if (baseMeta.latentSymbols == null || baseMeta.latentSymbols != net.latentSymbols()) {
      throw new ModelFileException("--base " + base + " has K = " + baseMeta.latentSymbols
          + ", the JSCGC model K = " + net.latentSymbols());
    }
    Block baseBlock = ModelStore.loadBlock(base, baseMeta,
        new ModelExpectation(Scheme.Family.ANALOG, null, config.dataset()), root);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      baseBlock.saveParameters(out);
    }
    try (java.io.DataInputStream in = new java.io.DataInputStream(
        new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      net.cjscc().loadParameters(root, in);
    } catch (ai.djl.MalformedModelException e) {
      throw new ModelFileException("--base " + base + " does not fit a C-JSCC network: "
          + e.getMessage(), e);
    }
    for (Pair<String, Parameter> p : net.cjscc().getParameters()) {
      p.getValue().getArray().setRequiresGradient(true);
    }
  }

  /** The model.json a run will write, before training figures are filled in. */
  public static ModelMetadata metadataFor(TrainConfig c, int trainImages) {
    ModelMetadata m = new ModelMetadata();
    m.name = c.outDir().getFileName().toString();
    m.scheme = c.scheme().cliName();
    m.dataset = c.dataset().cliName();
    switch (c.scheme().family()) {
      case ANALOG -> {
        m.latentSymbols = c.latentSymbols();
        m.channel = c.channel().cliName();
        m.trainSnrDb = c.snrDb();
        m.lambda = c.lambda();
        m.tau = c.scheme() == Scheme.CJSCC ? c.tau() : null;
      }
      case BINARY -> {
        m.bits = c.bits();
        m.channel = "bsc";
        m.trainEpsilon = c.epsilon();
      }
      case VARIABLE_LENGTH -> {
        m.maxLength = c.maxLength();
        m.embeddingDim = c.embeddingDim();
        m.channel = "bsc";
        m.trainEpsilon = c.epsilon();
        m.ratePenalty = c.ratePenalty();
      }
      case CLASSIFIER -> { }
      case GENERATIVE -> {
        m.latentSymbols = c.latentSymbols();
        m.channel = ChannelModel.AWGN.cliName();
        m.trainSnrDb = c.snrDb();
        m.trainSnrSpreadDb = c.jscgc().snrSpreadDb();
        // The base model's folder name: a bundled name, not this machine's path.
        m.baseModel = c.jscgc().baseModel().getFileName().toString();
        m.generatorChannels = c.jscgc().generatorChannels();
        m.jointTraining = c.jscgc().joint();
        m.decoderWeight = c.jscgc().joint() ? c.jscgc().decoderWeight() : null;
        m.eulerSteps = c.jscgc().eulerSteps();
      }
      default -> throw new IllegalStateException("unreachable");
    }
    m.seed = c.seed();
    m.epochs = 0;
    m.batchSize = c.batchSize();
    m.learningRate = c.learningRate();
    m.clipGradNorm = c.clipGradNorm() > 0 ? c.clipGradNorm() : null;
    m.trainingCommand = c.command();
    m.trainingImages = trainImages;
    m.epochLoss = new ArrayList<>();
    m.epochSeconds = new ArrayList<>();
    m.epochRssMib = new ArrayList<>();
    m.epochClippedSteps = c.clipGradNorm() > 0 ? new ArrayList<>() : null;
    return m;
  }

  /** The channel point a model was trained at (NaN for a classifier). */
  public static double trainingPoint(TrainConfig c) {
    return switch (c.scheme().family()) {
      case ANALOG, GENERATIVE -> c.snrDb();
      case BINARY, VARIABLE_LENGTH -> c.epsilon();
      case CLASSIFIER -> Double.NaN;
    };
  }

  private static void checkResumable(TrainConfig c, ModelMetadata saved)
      throws ModelFileException {
    ModelMetadata now = metadataFor(c, saved.trainingImages);
    String a = ModelStore.GSON.toJson(new Object[] {now.scheme, now.dataset, now.channel,
        now.trainSnrDb, now.trainEpsilon, now.latentSymbols, now.bits, now.maxLength,
        now.lambda, now.tau, now.seed, now.batchSize, now.learningRate, now.clipGradNorm});
    String b = ModelStore.GSON.toJson(new Object[] {saved.scheme, saved.dataset, saved.channel,
        saved.trainSnrDb, saved.trainEpsilon, saved.latentSymbols, saved.bits, saved.maxLength,
        saved.lambda, saved.tau, saved.seed, saved.batchSize, saved.learningRate,
        saved.clipGradNorm});
    if (!a.equals(b)) {
      throw new ModelFileException("the checkpoint was trained with other settings " + b
          + " than this run " + a + "; remove it or use the same options");
    }
  }

  private static void deleteCheckpoint(Path checkpoint) throws IOException {
    if (Files.isDirectory(checkpoint)) {
      try (var files = Files.list(checkpoint)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.delete(f);
        }
      }
      Files.delete(checkpoint);
    }
  }

  /** VmRSS of this process in MiB from /proc (NaN where there is no /proc). */
  static double residentMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
