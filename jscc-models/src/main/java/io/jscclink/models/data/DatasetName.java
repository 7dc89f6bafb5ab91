package io.jscclink.models.data;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The image data sets that {@code scripts/setup} fetches, each 28x28 grey-scale, 10 classes. */
public enum DatasetName {
  MNIST("mnist"),
  FASHION_MNIST("fashion-mnist");

  /** Image side in pixels; both sets are 28x28x1. */
  public static final int SIDE = 28;
  public static final int PIXELS = SIDE * SIDE;
  public static final int CLASSES = 10;

  private final String cliName;

  DatasetName(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on the command line, in model.json and as the folder under the data folder. */
  public String cliName() {
    return cliName;
  }

  public static DatasetName fromCliName(String name) {
    for (DatasetName d : values()) {
      if (d.cliName.equalsIgnoreCase(name) || d.name().equalsIgnoreCase(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown data set '" + name + "'; allowed: "
        + Arrays.stream(values()).map(DatasetName::cliName).collect(Collectors.joining(", ")));
  }
}
