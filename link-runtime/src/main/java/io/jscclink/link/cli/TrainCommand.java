package io.jscclink.link.cli;

import io.jscclink.models.block.ChannelModel;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.eval.EvalPoint;
import io.jscclink.models.store.ModelCatalog;
import io.jscclink.models.store.ModelMetadata;
import io.jscclink.models.store.Scheme;
import io.jscclink.models.train.ModelTrainer;
import io.jscclink.models.train.TrainConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jscc-link train}: trains one model with jscc-models' trainer and writes its folder. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train a D-JSCC, C-JSCC, NECST, BernST, E2EC, JSCGC or classifier model.")
final class TrainCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--model", required = true,
      description = "Scheme: djscc, cjscc, necst, bernst, e2ec, jscgc, classifier.")
  private String model;

  @Option(names = "--dataset", required = true, description = "mnist or fashion-mnist.")
  private String dataset;

  @Option(names = "--snr", description = "Training SNR in dB (djscc, cjscc; default 10).")
  private Double snrDb;

  @Option(names = "--channel", defaultValue = "awgn",
      description = "awgn or rayleigh (djscc, cjscc; default ${DEFAULT-VALUE}).")
  private String channel;

  @Option(names = "--epsilon",
      description = "BSC crossover probability (necst, bernst, e2ec; default 0.1).")
  private Double epsilon;

  @Option(names = "--epochs", required = true, description = "Epochs, 1..1000.")
  private int epochs;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--out", required = true, description = "Model directory to write.")
  private Path out;

  @Option(names = "--batch", description = "Batch size (scheme default: 64, or 100 for BSC).")
  private Integer batch;

  @Option(names = "--lr", description = "Adam learning rate (default 1e-3).")
  private Double learningRate;

  @Option(names = "--k", description = "Complex latent symbols K (djscc, cjscc; default 128).")
  private Integer latentSymbols;

  @Option(names = "--bits", description = "Code bits m (necst, bernst; default 100).")
  private Integer bits;

  @Option(names = "--max-length", description = "Longest code L (e2ec; default 64).")
  private Integer maxLength;

  @Option(names = "--lambda", description = "SCL weight (cjscc; default 0.01).")
  private Double lambda;

  @Option(names = "--tau", description = "SCL temperature (cjscc; default 0.01).")
  private Double tau;

  @Option(names = "--rate-penalty",
      description = "E2EC rate penalty per expected bit, nats (default 1e-3).")
  private Double ratePenalty;

  @Option(names = "--train-images", description = "Use only the first N training images.")
  private Integer trainImages;

  @Option(names = "--eval-images", defaultValue = "10000",
      description = "Test images for the final evaluation (default ${DEFAULT-VALUE}).")
  private int evalImages;

  @Option(names = "--base", description = "JSCGC: the C-JSCC model (name or directory) whose"
      + " encoder it starts from.")
  private String base;

  @Option(names = "--generator-channels", defaultValue = "32",
      description = "JSCGC: generator channels at 28×28 (default ${DEFAULT-VALUE}).")
  private int generatorChannels;

  @Option(names = "--snr-spread", defaultValue = "10",
      description = "JSCGC: training SNRs uniform in --snr ± this, dB (default ${DEFAULT-VALUE}).")
  private double snrSpreadDb;

  @Option(names = "--joint", description = "JSCGC: fine-tune the encoder jointly with the"
      + " generator (default: encoder frozen).")
  private boolean joint;

  @Option(names = "--decoder-weight", defaultValue = "1",
      description = "JSCGC --joint: weight of the decoder's reconstruction loss beside the flow"
          + " loss (default ${DEFAULT-VALUE}).")
  private double decoderWeight;

  @Option(names = "--euler-steps", defaultValue = "10",
      description = "JSCGC: Euler steps of the sampler for the evaluation (default ${DEFAULT-VALUE}).")
  private int eulerSteps;

  @Option(names = "--clip-grad-norm", description = "Scale each step's gradients down so"
      + " that their global L2 norm is at most this (default: no clipping).")
  private Double clipGradNorm;

  @Option(names = "--resume", description = "Continue from the checkpoint in --out.")
  private boolean resume;

  @Override
  public Integer call() throws Exception {
    Scheme scheme = Scheme.fromCliName(model);
    TrainConfig c = TrainConfig.defaults(scheme, DatasetName.fromCliName(dataset), out);
    c = c.withChannel(ChannelModel.fromCliName(channel), snrDb != null ? snrDb : c.snrDb());
    if (epsilon != null) {
      c = c.withEpsilon(epsilon);
    }
    c = c.withSizes(or(latentSymbols, c.latentSymbols()), or(bits, c.bits()),
        or(maxLength, c.maxLength()), c.embeddingDim());
    c = c.withLoss(lambda != null ? lambda : c.lambda(), tau != null ? tau : c.tau(),
        ratePenalty != null ? ratePenalty : c.ratePenalty());
    c = c.withData(or(trainImages, c.trainImages()), evalImages, or(batch, c.batchSize()),
        learningRate != null ? learningRate : c.learningRate());
    // originalArgs() holds the whole command line, subcommand name included.
    String command = "jscc-link "
        + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    c = c.withRun(epochs, seed, command, resume);
    if (clipGradNorm != null) {
      c = c.withClipGradNorm(clipGradNorm);
    }
    if (scheme == Scheme.JSCGC) {
      if (base == null) {
        throw new IllegalArgumentException("--model jscgc needs --base, the C-JSCC model it"
            + " starts from");
      }
      c = c.withJscgc(new TrainConfig.JscgcSettings(ModelCatalog.resolve(base),
          generatorChannels, snrSpreadDb, joint, eulerSteps, decoderWeight));
    }
    PrintWriter err = spec.commandLine().getErr();
    ProgressBar bar = new ProgressBar(err);
    ModelMetadata meta = ModelTrainer.train(c, bar);
    PrintWriter outWriter = spec.commandLine().getOut();
    outWriter.printf("trained %s in %.1f s; wrote %s%n", meta.name, meta.trainingSeconds,
        out.toAbsolutePath());
    for (EvalPoint p : meta.metrics) {
      outWriter.println("  " + p);
    }
    outWriter.flush();
    return 0;
  }

  private static int or(Integer value, int fallback) {
    return value != null ? value : fallback;
  }

  /** One line per epoch, redrawn in place with carriage returns while the epoch runs. */
  static final class ProgressBar implements ModelTrainer.Listener {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private long lastDrawNanos;

    ProgressBar(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void started(TrainConfig config, int stepsPerEpoch, int firstEpoch) {
      err.printf("training %s on %s: %d epochs x %d steps%n", config.scheme().cliName(),
          config.dataset().cliName(), config.epochs(), stepsPerEpoch);
      err.flush();
    }

    @Override
    public void step(int epoch, int step, int stepsPerEpoch, double loss, String rateName,
        double rate, double etaSeconds) {
      long now = System.nanoTime();
      if (now - lastDrawNanos < 500_000_000L && step + 1 < stepsPerEpoch) {
        return;
      }
      lastDrawNanos = now;
      int filled = (int) ((long) WIDTH * (step + 1) / stepsPerEpoch);
      err.printf("\repoch %d [%s%s] %d/%d loss %.4f %s %.4g ETA %s   ", epoch + 1,
          "#".repeat(filled), ".".repeat(WIDTH - filled), step + 1, stepsPerEpoch, loss,
          rateName, rate, eta(etaSeconds));
      err.flush();
    }

    @Override
    public void epochDone(int epoch, double meanLoss, double seconds, double rssMib) {
      err.printf("%nepoch %d done: mean loss %.4f, %.1f s, RSS %.0f MiB, checkpoint saved%n",
          epoch + 1, meanLoss, seconds, rssMib);
      err.flush();
    }

    @Override
    public void message(String text) {
      err.println(text);
      err.flush();
    }

    private static String eta(double s) {
      long t = Math.round(s);
      return String.format("%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60);
    }
  }
}
