package io.jscclink.models.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {
  @Test
  void writesAPngWhosePixelsAreTheImagesValues(@TempDir Path dir) throws Exception {
    float[] img = new float[4];
    img[0] = 0f;
    img[1] = 1f;
    img[2] = 0.5f;
    img[3] = Float.NaN;
    Path png = dir.resolve("grid.png");
    new ImageGrid(1, 2, 2, 3).put(0, 1, img, 0).writePng(png);
    BufferedImage read = ImageIO.read(png.toFile());
    // gap = scale = 3; cell (0,1) starts at x = 3 + 2·3 + 3 = 12, y = 3.
    assertEquals(3 * 3 + 2 * 2 * 3, read.getWidth());
    assertEquals(0x000000, read.getRGB(12, 3) & 0xFFFFFF);
    assertEquals(0xFFFFFF, read.getRGB(15, 3) & 0xFFFFFF);
    assertEquals(0x808080, read.getRGB(12, 6) & 0xFFFFFF);
    assertEquals(0xC04040, read.getRGB(17, 8) & 0xFFFFFF, "NaN must be drawn as missing");
    assertEquals(0xFFFFFF, read.getRGB(3, 3) & 0xFFFFFF, "empty cell stays blank");
  }

  @Test
  void rejectsCellsOutsideTheGridAndShortArrays() {
    ImageGrid grid = new ImageGrid(2, 2, 28, 1);
    assertThrows(IllegalArgumentException.class, () -> grid.put(2, 0, new float[784], 0));
    assertThrows(IllegalArgumentException.class, () -> grid.put(0, 0, new float[700], 0));
  }
}
