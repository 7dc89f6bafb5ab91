package io.jscclink.models.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds models: the bundled ones live in the {@code models/} folder at the repository root,
 * found without configuration. Order: system property {@code jscclink.models}, environment
 * variable {@code JSCC_MODELS_DIR}, {@code <jscclink.home>/models} (the launcher sets
 * jscclink.home), {@code ./models}, {@code ../models} (a module's tests run one level down).
 */
public final class ModelCatalog {
  private ModelCatalog() {}

  /** A model directory with its metadata. */
  public record Entry(String name, Path dir, ModelMetadata metadata) {}

  public static Path modelsFolder() {
    String prop = System.getProperty("jscclink.models");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    String env = System.getenv("JSCC_MODELS_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String home = System.getProperty("jscclink.home");
    if (home != null && !home.isBlank()) {
      return Path.of(home, "models");
    }
    Path local = Path.of("models");
    if (!Files.isDirectory(local) && Files.isDirectory(Path.of("..", "models"))) {
      return Path.of("..", "models");
    }
    return local;
  }

  /** The finished models of the models folder (folders holding model.json), sorted by name. */
  public static List<Entry> list() throws IOException {
    Path folder = modelsFolder();
    List<Entry> entries = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return entries;
    }
    try (Stream<Path> dirs = Files.list(folder)) {
      for (Path dir : dirs.sorted().toList()) {
        if (Files.isRegularFile(dir.resolve(ModelMetadata.FILE_NAME))) {
          entries.add(new Entry(dir.getFileName().toString(), dir,
              ModelStore.readMetadata(dir)));
        }
      }
    }
    return entries;
  }

  /**
   * A model directory from a name of the models folder or a path; a clear error lists the
   * bundled names when neither exists.
   */
  public static Path resolve(String nameOrDir) throws IOException {
    Path asPath = Path.of(nameOrDir);
    if (Files.isRegularFile(asPath.resolve(ModelMetadata.FILE_NAME))) {
      return asPath;
    }
    Path bundled = modelsFolder().resolve(nameOrDir);
    if (!nameOrDir.contains("/") && Files.isRegularFile(bundled.resolve(ModelMetadata.FILE_NAME))) {
      return bundled;
    }
    List<String> names = list().stream().map(Entry::name).toList();
    throw new ModelFileException("no model '" + nameOrDir + "': not a directory with "
        + ModelMetadata.FILE_NAME + " and not a bundled model in " + modelsFolder().toAbsolutePath()
        + " (bundled: " + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
  }
}
