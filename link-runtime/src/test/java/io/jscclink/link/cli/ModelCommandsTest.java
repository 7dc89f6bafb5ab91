package io.jscclink.link.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** train, eval, models and bench models on the real bundled models and data. */
class ModelCommandsTest {
  @TempDir Path tmp;

  private record Run(int exit, String out, String err) {
    static Run of(String... args) {
      CommandLine cli = JsccLink.commandLine();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      int exit = cli.execute(args);
      return new Run(exit, out.toString(), err.toString());
    }

    JsonObject json() {
      return JsonParser.parseString(out).getAsJsonObject();
    }
  }

  @Test
  void modelsListsTheBundledClassifier() {
    Run run = Run.of("models", "--json");
    assertEquals(0, run.exit(), run.err());
    JsonArray models = run.json().getAsJsonArray("models");
    boolean found = false;
    for (var m : models) {
      found |= m.getAsJsonObject().get("name").getAsString().equals("classifier-mnist");
    }
    assertTrue(found, run.out());
  }

  @Test
  void evalJsonHasModelAndOnePointPerEpsilon() {
    Run run = Run.of("eval", "--model", "bernst-mnist-eps0.1", "--epsilon", "0,0.2",
        "--images", "100", "--json");
    assertEquals(0, run.exit(), run.err());
    JsonObject o = run.json();
    assertEquals("bernst", o.getAsJsonObject("model").get("scheme").getAsString());
    JsonArray points = o.getAsJsonArray("points");
    assertEquals(2, points.size());
    JsonObject p = points.get(1).getAsJsonObject();
    assertEquals(0.2, p.get("epsilon").getAsDouble());
    for (String key : new String[] {"psnr_db", "ssim", "sse_per_image"}) {
      assertTrue(p.has(key), key + " missing in " + p);
    }
    assertFalse(p.has("snr_db") || p.has("accuracy") || p.has("avg_bits"), p.toString());
    // More channel errors, more distortion.
    double clean = points.get(0).getAsJsonObject().get("sse_per_image").getAsDouble();
    assertTrue(p.get("sse_per_image").getAsDouble() > clean, o.toString());
  }

  @Test
  void evalRejectsAGridOfTheWrongKind() {
    Run run = Run.of("eval", "--model", "classifier-mnist", "--snr", "10");
    assertNotEquals(0, run.exit());
    assertTrue(run.err().contains("--snr applies to djscc/cjscc"), run.err());
  }

  @Test
  void trainWritesAModelDirectoryWithTheExactCommand() throws Exception {
    Path out = tmp.resolve("m");
    Run run = Run.of("train", "--model", "bernst", "--dataset", "mnist", "--epsilon", "0.2",
        "--epochs", "1", "--train-images", "200", "--eval-images", "50", "--out", out.toString());
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.err().contains("epoch 1 done"), run.err());
    JsonObject meta = JsonParser.parseString(Files.readString(out.resolve("model.json")))
        .getAsJsonObject();
    assertEquals("jscc-link train --model bernst --dataset mnist --epsilon 0.2 --epochs 1"
        + " --train-images 200 --eval-images 50 --out " + out,
        meta.get("trainingCommand").getAsString());
    assertEquals(0.2, meta.get("trainEpsilon").getAsDouble());
  }

  @Test
  void benchModelsReportsLatencyPerBatchSize() {
    Run run = Run.of("bench", "models", "--model", "classifier-mnist", "--calls", "5",
        "--compute", "cpu", "--json");
    assertEquals(0, run.exit(), run.err());
    JsonObject o = run.json();
    assertEquals("cpu()", o.get("compute").getAsString(), o.toString());
    assertTrue(o.get("classifier-mnist.batch1_ms").getAsDouble() > 0, o.toString());
    assertTrue(o.get("classifier-mnist.batch64_ms").getAsDouble() > 0, o.toString());
    assertTrue(o.get("classifier-mnist.training_s").getAsDouble() > 0, o.toString());
  }
}
