package io.jscclink.link.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.jscclink.models.JsccModel;
import io.jscclink.models.block.ChannelModel;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.data.Datasets;
import io.jscclink.models.data.ImageSet;
import io.jscclink.models.data.Split;
import io.jscclink.models.eval.EvalPoint;
import io.jscclink.models.eval.Evaluator;
import io.jscclink.models.eval.ImageGrid;
import io.jscclink.models.store.ComputeDevice;
import io.jscclink.models.store.ModelCatalog;
import io.jscclink.models.store.ModelExpectation;
import io.jscclink.models.store.Scheme;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jscc-link eval}: a model's metrics on the test set over an SNR or epsilon grid. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Evaluate a model (bundled name or directory) on the test set: PSNR, SSIM,"
        + " per-image squared error, accuracy, average code length.")
final class EvalCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--model", required = true, description = "Bundled model name or directory.")
  private String model;

  @ArgGroup(exclusive = true)
  private Grid grid;

  static final class Grid {
    @Option(names = "--snr", split = ",", description = "Test SNRs in dB, e.g. 0,5,10,15,20.")
    double[] snrDb;

    @Option(names = "--epsilon", split = ",",
        description = "BSC crossover probabilities, e.g. 0,0.1,0.2,0.3,0.4.")
    double[] epsilon;
  }

  @Option(names = "--channel",
      description = "awgn or rayleigh (analog models; default: the training channel).")
  private String channel;

  @Option(names = "--images", defaultValue = "10000",
      description = "Test images to use, 1..10000 (default ${DEFAULT-VALUE}).")
  private int images;

  @Option(names = "--seed", defaultValue = "1", description = "Channel noise seed.")
  private long seed;

  @Option(names = "--compute", defaultValue = "auto",
      description = "Where the model runs: auto (a CUDA GPU when DJL sees one), cpu or gpu.")
  private String compute;

  @Option(names = "--grid", paramLabel = "PNG",
      description = "JSCGC: write an image grid: originals, the C-JSCC decoder's outputs and"
          + " JSCGC samples from the same received latents.")
  private Path gridPng;

  @Option(names = "--grid-snr", defaultValue = "0",
      description = "SNR of the --grid images, dB (default ${DEFAULT-VALUE}).")
  private double gridSnrDb;

  @Option(names = "--json", description = "Print one JSON object: model and points.")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    ComputeDevice where = ComputeDevice.select(ComputeDevice.Choice.parse(compute));
    spec.commandLine().getErr().println("compute: " + where.explanation());
    try (JsccModel m = JsccModel.open(ModelCatalog.resolve(model), ModelExpectation.ANY,
        where.device())) {
      Scheme scheme = m.scheme();
      double[] points = gridFor(scheme);
      ImageSet test = Datasets.load(DatasetName.fromCliName(m.metadata().dataset), Split.TEST);
      ChannelModel c = channel == null ? null : ChannelModel.fromCliName(channel);
      List<EvalPoint> result = m.evaluate(test, images, points, c, seed);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues().create();
        JsonObject o = new JsonObject();
        o.add("model", gson.toJsonTree(m.metadata()));
        o.add("points", gson.toJsonTree(result));
        out.println(gson.toJson(o));
      } else {
        out.printf("%s (%s on %s), %d test images, noise seed %d%n", m.metadata().name,
            scheme.cliName(), m.metadata().dataset, images, seed);
        for (EvalPoint p : result) {
          out.println("  " + p);
        }
      }
      out.flush();
      if (gridPng != null) {
        writeGrid(m, test);
      }
    }
    return 0;
  }

  /**
   * Rows: 12 test images; what the C-JSCC decoder makes of their latents after AWGN at
   * --grid-snr; and a JSCGC sample from the same received latents.
   */
  private void writeGrid(JsccModel m, ImageSet test) throws java.io.IOException {
    if (m.scheme() != Scheme.JSCGC) {
      throw new IllegalArgumentException("--grid applies to jscgc models");
    }
    int n = 12;
    int k2 = m.latentFloatsPerImage();
    float[] latents = new float[n * k2];
    m.encodeLatents(test.pixels(), 0, n, latents, 0);
    // AWGN per complex symbol of unit average power: variance 10^(-SNR/10), half per part.
    java.util.Random noise = new java.util.Random(seed);
    double sigma = Math.sqrt(Math.pow(10, -gridSnrDb / 10) / 2);
    for (int i = 0; i < latents.length; i++) {
      latents[i] += (float) (sigma * noise.nextGaussian());
    }
    float[] decoded = new float[n * 784];
    float[] generated = new float[n * 784];
    m.decodeLatents(latents, 0, n, decoded, 0, null, 0);
    int steps = m.metadata().eulerSteps == null ? 10 : m.metadata().eulerSteps;
    m.generate(latents, 0, n, gridSnrDb, steps, seed, generated, 0);
    ImageGrid grid = new ImageGrid(3, n, 28, 2);
    for (int i = 0; i < n; i++) {
      grid.put(0, i, test.pixels(), i * 784);
      grid.put(1, i, decoded, i * 784);
      grid.put(2, i, generated, i * 784);
    }
    grid.writePng(gridPng);
    spec.commandLine().getErr().println("wrote " + gridPng);
  }

  private double[] gridFor(Scheme scheme) {
    boolean analog = scheme.family() == Scheme.Family.ANALOG
        || scheme.family() == Scheme.Family.GENERATIVE;
    boolean bsc = scheme.family() == Scheme.Family.BINARY
        || scheme.family() == Scheme.Family.VARIABLE_LENGTH;
    if (grid != null && grid.snrDb != null && !analog) {
      throw new IllegalArgumentException("--snr applies to djscc/cjscc models; "
          + scheme.cliName() + " uses --epsilon");
    }
    if (grid != null && grid.epsilon != null && !bsc) {
      throw new IllegalArgumentException("--epsilon applies to necst/bernst/e2ec models; "
          + scheme.cliName() + (analog ? " uses --snr" : " has no channel"));
    }
    if (grid != null && grid.snrDb != null) {
      return grid.snrDb;
    }
    if (grid != null && grid.epsilon != null) {
      return grid.epsilon;
    }
    return Evaluator.standardGrid(scheme);
  }
}
