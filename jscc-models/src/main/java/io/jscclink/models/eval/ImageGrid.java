package io.jscclink.models.eval;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A PNG grid of greyscale images (rows × columns), e.g. originals / C-JSCC outputs / JSCGC
 * samples, one row each. Pixels are floats in [0, 1]; values outside are clipped and NaN
 * (a lost fragment's span) is drawn mid-red so a missing part cannot pass for a dark one.
 */
public final class ImageGrid {
  private static final int MISSING_RGB = 0xC04040;

  private final int side;
  private final int scale;
  private final int gap;
  private final BufferedImage canvas;
  private final int rows;
  private final int columns;

  /**
   * @param side image side in pixels (28)
   * @param scale each image pixel becomes scale × scale PNG pixels
   */
  public ImageGrid(int rows, int columns, int side, int scale) {
    if (rows < 1 || columns < 1 || side < 1 || scale < 1) {
      throw new IllegalArgumentException("rows, columns, side and scale must be >= 1, got "
          + rows + ", " + columns + ", " + side + ", " + scale);
    }
    this.rows = rows;
    this.columns = columns;
    this.side = side;
    this.scale = scale;
    this.gap = scale;
    int width = columns * side * scale + (columns + 1) * gap;
    int height = rows * side * scale + (rows + 1) * gap;
    canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        canvas.setRGB(x, y, 0xFFFFFF);
      }
    }
  }

  /** Draws the side × side image at {@code pixels[offset …]} into cell (row, column). */
  public ImageGrid put(int row, int column, float[] pixels, int offset) {
    if (row < 0 || row >= rows || column < 0 || column >= columns) {
      throw new IllegalArgumentException("cell (" + row + ", " + column + ") outside the "
          + rows + " × " + columns + " grid");
    }
    if (offset < 0 || offset + side * side > pixels.length) {
      throw new IllegalArgumentException("need " + side * side + " pixels from offset " + offset
          + ", array has " + pixels.length);
    }
    int x0 = gap + column * (side * scale + gap);
    int y0 = gap + row * (side * scale + gap);
    for (int r = 0; r < side; r++) {
      for (int c = 0; c < side; c++) {
        float v = pixels[offset + r * side + c];
        int rgb;
        if (Float.isNaN(v)) {
          rgb = MISSING_RGB;
        } else {
          int g = Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
          rgb = (g << 16) | (g << 8) | g;
        }
        for (int dy = 0; dy < scale; dy++) {
          for (int dx = 0; dx < scale; dx++) {
            canvas.setRGB(x0 + c * scale + dx, y0 + r * scale + dy, rgb);
          }
        }
      }
    }
    return this;
  }

  public BufferedImage image() {
    return canvas;
  }

  public void writePng(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(canvas, "png", file.toFile())) {
      throw new IOException("no PNG writer available in this JRE");
    }
  }
}
