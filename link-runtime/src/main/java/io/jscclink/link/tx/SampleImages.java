package io.jscclink.link.tx;

import io.jscclink.models.data.ImageSet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/**
 * The sample images bundled with the command line: the first 64 test images of MNIST and of
 * Fashion-MNIST with their labels (an 8 × 8 grid of 28 × 28 grey PNG tiles, exact 8-bit
 * values), so the demo runs on a fresh clone without the data sets.
 */
public final class SampleImages {
  public static final int COUNT = 64;
  private static final int SIDE = 28;

  private SampleImages() {}

  /** @param dataset {@code mnist} or {@code fashion-mnist} */
  public static ImageSet load(String dataset) throws IOException {
    BufferedImage grid;
    String labels;
    try (InputStream png = resource(dataset + ".png");
        InputStream text = resource(dataset + ".labels")) {
      grid = ImageIO.read(png);
      labels = new String(text.readAllBytes(), StandardCharsets.US_ASCII).trim();
    }
    if (grid == null || grid.getWidth() != 8 * SIDE || grid.getHeight() != 8 * SIDE
        || labels.length() != COUNT) {
      throw new IOException("bundled samples of " + dataset + " are damaged");
    }
    float[] pixels = new float[COUNT * SIDE * SIDE];
    int[] classes = new int[COUNT];
    for (int i = 0; i < COUNT; i++) {
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          int v = grid.getRaster().getSample((i % 8) * SIDE + x, (i / 8) * SIDE + y, 0);
          pixels[i * SIDE * SIDE + y * SIDE + x] = v / 255f;
        }
      }
      classes[i] = labels.charAt(i) - '0';
    }
    return new ImageSet(pixels, classes, SIDE);
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = SampleImages.class.getResourceAsStream("/io/jscclink/link/samples/" + name);
    if (in == null) {
      throw new IOException("no bundled samples '" + name + "' on the class path");
    }
    return in;
  }
}
