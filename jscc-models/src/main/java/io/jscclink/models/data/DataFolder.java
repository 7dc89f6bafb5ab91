package io.jscclink.models.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the data folder: environment variable {@code JSCC_DATA_DIR}, else system property
 * {@code jscclink.home} + {@code /data}, else {@code ./data}.
 */
public final class DataFolder {
  private DataFolder() {}

  public static Path locate() {
    String env = System.getenv("JSCC_DATA_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String home = System.getProperty("jscclink.home");
    if (home != null && !home.isBlank()) {
      return Path.of(home, "data");
    }
    // Maven runs a module's tests inside the module folder: look one level up too.
    Path local = Path.of("data");
    if (!Files.isDirectory(local) && Files.isDirectory(Path.of("..", "data"))) {
      return Path.of("..", "data");
    }
    return local;
  }
}
