package io.jscclink.models.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Loads MNIST / Fashion-MNIST splits from the data folder (see {@link DataFolder}). */
public final class Datasets {
  private Datasets() {}

  public static ImageSet load(DatasetName dataset, Split split) throws IOException {
    return load(DataFolder.locate(), dataset, split);
  }

  public static ImageSet load(Path dataFolder, DatasetName dataset, Split split)
      throws IOException {
    String prefix = split == Split.TEST ? "t10k" : "train";
    Path dir = dataFolder.resolve(dataset.cliName());
    Path images = find(dir, prefix + "-images-idx3-ubyte");
    Path labels = find(dir, prefix + "-labels-idx1-ubyte");
    float[] px = IdxReader.readImages(images, DatasetName.SIDE, DatasetName.SIDE);
    int[] lb = IdxReader.readLabels(labels);
    if (px.length != lb.length * DatasetName.PIXELS) {
      throw new IOException(images + " holds " + px.length / DatasetName.PIXELS
          + " images but " + labels + " holds " + lb.length + " labels");
    }
    ImageSet all = new ImageSet(px, lb, DatasetName.SIDE);
    int trainCount = all.count() - Split.VALIDATION_COUNT;
    return switch (split) {
      case TEST -> all;
      case TRAIN -> all.slice(0, trainCount);
      case VALIDATION -> all.slice(trainCount, all.count());
    };
  }

  /** The raw file, else the same name with {@code .gz}; a clear error naming both otherwise. */
  private static Path find(Path dir, String baseName) throws IOException {
    Path raw = dir.resolve(baseName);
    if (Files.isRegularFile(raw)) {
      return raw;
    }
    Path gz = dir.resolve(baseName + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    throw new NoSuchFileException(raw.toString(), null, "missing (also no " + gz.getFileName()
        + "); run scripts/setup to fetch the data, or set JSCC_DATA_DIR to the data folder");
  }
}
