package io.jscclink.link.cli;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.jscclink.models.JsccModel;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.data.Datasets;
import io.jscclink.models.data.ImageSet;
import io.jscclink.models.data.Split;
import io.jscclink.models.eval.InferenceLatency;
import io.jscclink.models.store.ComputeDevice;
import io.jscclink.models.store.ModelCatalog;
import io.jscclink.models.store.ModelExpectation;
import io.jscclink.models.store.ModelMetadata;
import io.jscclink.models.store.Scheme;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jscc-link bench models}: per bundled model, inference latency of encode + decode at
 * batch 1 and 64 (median over calls after a warm-up), its recorded training time, and the
 * trend of resident memory over the second half of its training run: the least-squares slope
 * of RSS against epoch, MiB per epoch (the first epochs include the allocators' and the Java
 * heap's warm-up; RSS also oscillates by a few tens of MiB from epoch to epoch).
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Inference latency (batch 1 and 64), training time and training memory of"
        + " the bundled models.")
final class BenchModelsCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--model", split = ",", description = "Only these models (names or dirs).")
  private List<String> only;

  @Option(names = "--calls", defaultValue = "100",
      description = "Timed calls per batch size (default ${DEFAULT-VALUE}).")
  private int calls;

  @Option(names = "--compute", defaultValue = "auto",
      description = "Where the models run: auto (a CUDA GPU when DJL sees one), cpu or gpu.")
  private String compute;

  @Option(names = "--json", description = "Print one flat JSON object.")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    if (calls < 5 || calls > 100_000) {
      throw new IllegalArgumentException("--calls must be in [5, 100000], got " + calls);
    }
    List<String> names = only != null ? only
        : ModelCatalog.list().stream().map(ModelCatalog.Entry::name).toList();
    ComputeDevice where = ComputeDevice.select(ComputeDevice.Choice.parse(compute));
    spec.commandLine().getErr().println("compute: " + where.explanation());
    PrintWriter out = spec.commandLine().getOut();
    JsonObject o = new JsonObject();
    o.addProperty("threads", System.getProperty("ai.djl.pytorch.num_threads", "1"));
    o.addProperty("compute", where.device().toString());
    for (String name : names) {
      try (JsccModel m = JsccModel.open(ModelCatalog.resolve(name), ModelExpectation.ANY,
          where.device())) {
        ModelMetadata meta = m.metadata();
        ImageSet test = Datasets.load(DatasetName.fromCliName(meta.dataset), Split.TEST);
        InferenceLatency.Result b1 = InferenceLatency.measure(m, test, 1, 20, calls);
        InferenceLatency.Result b64 = InferenceLatency.measure(m, test, 64, 5,
            Math.max(5, calls / 4));
        double rssSlope = secondHalfSlope(meta.epochRssMib);
        String key = meta.name;
        o.addProperty(key + ".batch1_ms", b1.medianMs());
        o.addProperty(key + ".batch1_p90_ms", b1.p90Ms());
        o.addProperty(key + ".batch64_ms", b64.medianMs());
        o.addProperty(key + ".batch64_per_image_ms", b64.perImageMs());
        o.addProperty(key + ".training_s", meta.trainingSeconds);
        o.addProperty(key + ".training_rss_slope_mib_per_epoch", rssSlope);
        if (!json) {
          out.printf("%-28s batch 1: %7.3f ms (p90 %7.3f)  batch 64: %8.3f ms (%.3f ms/image)"
              + "  trained %6.0f s, RSS trend (2nd half) %+.1f MiB/epoch%n", key, b1.medianMs(), b1.p90Ms(),
              b64.medianMs(), b64.perImageMs(), meta.trainingSeconds, rssSlope);
        }
        if (meta.schemeEnum().family() == Scheme.Family.GENERATIVE) {
          // The sampler's cost grows with its steps: the 10 and 50, batch 1 and 64.
          for (int steps : new int[] {10, 50}) {
            InferenceLatency.Result s1 = InferenceLatency.measure(m, test, 1, 3,
                Math.max(5, calls / 10), steps);
            InferenceLatency.Result s64 = InferenceLatency.measure(m, test, 64, 1, 5, steps);
            String k = key + ".euler" + steps;
            o.addProperty(k + ".batch1_ms", s1.medianMs());
            o.addProperty(k + ".batch1_images_per_s", 1000 / s1.medianMs());
            o.addProperty(k + ".batch64_per_image_ms", s64.perImageMs());
            o.addProperty(k + ".batch64_images_per_s", 1000 / s64.perImageMs());
            if (!json) {
              out.printf("%-28s %2d Euler steps: batch 1 %8.2f ms (%.1f images/s), batch 64"
                  + " %.2f ms/image (%.1f images/s)%n", key, steps, s1.medianMs(),
                  1000 / s1.medianMs(), s64.perImageMs(), 1000 / s64.perImageMs());
            }
          }
        }
      }
    }
    if (json) {
      out.println(new Gson().newBuilder().serializeSpecialFloatingPointValues().create()
          .toJson(o));
    }
    out.flush();
    return 0;
  }

  /** Least-squares slope of the second half of {@code values} per index; NaN under 4 values. */
  static double secondHalfSlope(List<Double> values) {
    if (values == null || values.size() < 4) {
      return Double.NaN;
    }
    int from = values.size() / 2;
    int n = values.size() - from;
    double meanX = (n - 1) / 2.0;
    double meanY = 0;
    for (int i = 0; i < n; i++) {
      meanY += values.get(from + i) / n;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      sxy += (i - meanX) * (values.get(from + i) - meanY);
      sxx += (i - meanX) * (i - meanX);
    }
    return sxy / sxx;
  }
}
