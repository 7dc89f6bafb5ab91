package io.jscclink.link.tx;

import io.jscclink.models.data.DatasetName;
import io.jscclink.models.data.ImageSet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Images a user sends with {@code --input DIR}: every PNG of the folder, in name order, each
 * 28×28 (the size the models were trained on; anything else is refused, not resized, so a
 * result is never silently about a different image). Colour is turned to grey by luminance.
 * Labels are unknown (-1), so accuracy is not reported for them.
 */
public final class ImageInput {
  private ImageInput() {}

  public static ImageSet readPngFolder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("--input " + dir + " is not a folder");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
          .sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IOException("--input " + dir + " holds no .png files");
    }
    int side = DatasetName.SIDE;
    float[] pixels = new float[files.size() * side * side];
    int[] labels = new int[files.size()];
    for (int i = 0; i < files.size(); i++) {
      BufferedImage img = ImageIO.read(files.get(i).toFile());
      if (img == null) {
        throw new IOException(files.get(i) + " is not a readable PNG");
      }
      if (img.getWidth() != side || img.getHeight() != side) {
        throw new IOException(files.get(i) + " is " + img.getWidth() + "×" + img.getHeight()
            + "; the models take " + side + "×" + side + " greyscale images");
      }
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          int rgb = img.getRGB(x, y);
          double grey = 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF)
              + 0.114 * (rgb & 0xFF);
          pixels[i * side * side + y * side + x] = (float) (grey / 255.0);
        }
      }
      labels[i] = -1;
    }
    return new ImageSet(pixels, labels, side);
  }
}
