package io.jscclink.link.cli;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jscclink.models.eval.EvalPoint;
import io.jscclink.models.store.ModelCatalog;
import io.jscclink.models.store.ModelMetadata;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jscc-link models}: the bundled models, by name. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "List the bundled models (the models/ folder) by name.")
final class ModelsCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object: models_dir and models.")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    List<ModelCatalog.Entry> entries = ModelCatalog.list();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      JsonObject o = new JsonObject();
      o.addProperty("models_dir", ModelCatalog.modelsFolder().toAbsolutePath().toString());
      JsonArray list = new JsonArray();
      for (ModelCatalog.Entry e : entries) {
        ModelMetadata m = e.metadata();
        JsonObject item = new JsonObject();
        item.addProperty("name", e.name());
        item.addProperty("scheme", m.scheme);
        item.addProperty("dataset", m.dataset);
        item.addProperty("channel", m.channel);
        item.addProperty("train_snr_db", m.trainSnrDb);
        item.addProperty("train_epsilon", m.trainEpsilon);
        item.addProperty("training_seconds", m.trainingSeconds);
        item.addProperty("dir", e.dir().toAbsolutePath().toString());
        list.add(item);
      }
      o.add("models", list);
      out.println(new Gson().toJson(o));
    } else {
      out.printf("bundled models in %s%n", ModelCatalog.modelsFolder().toAbsolutePath());
      for (ModelCatalog.Entry e : entries) {
        ModelMetadata m = e.metadata();
        String point = m.trainSnrDb != null ? String.format("%s %.0f dB", m.channel, m.trainSnrDb)
            : m.trainEpsilon != null ? String.format("bsc eps %.2f", m.trainEpsilon) : "-";
        out.printf("  %-28s %-10s %-14s %-16s trained %5.0f s  %s%n", e.name(), m.scheme,
            m.dataset, point, m.trainingSeconds, headline(m));
      }
    }
    out.flush();
    return 0;
  }

  /** The metrics at the training point, from model.json. */
  private static String headline(ModelMetadata m) {
    EvalPoint p = m.subsetCheck;
    if (m.metrics != null) {
      for (EvalPoint q : m.metrics) {
        if ((q.snrDb != null && q.snrDb.equals(m.trainSnrDb))
            || (q.epsilon != null && q.epsilon.equals(m.trainEpsilon)) || m.metrics.size() == 1) {
          p = q;
        }
      }
    }
    return p == null ? "" : p.toString();
  }
}
