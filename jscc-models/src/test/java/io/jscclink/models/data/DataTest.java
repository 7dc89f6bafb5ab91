package io.jscclink.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataTest {
  @TempDir Path tmp;

  private static byte[] idx(int dims, int... sizesThenData) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x0800 | dims);
    for (int i = 0; i < dims; i++) {
      out.writeInt(sizesThenData[i]);
    }
    for (int i = dims; i < sizesThenData.length; i++) {
      out.writeByte(sizesThenData[i]);
    }
    return bytes.toByteArray();
  }

  @Test
  void readsRawAndGzippedIdxTheSame() throws IOException {
    // Two 2x2 images: pixels 0, 255, 51, 102 / 1, 2, 3, 4 -> /255.
    byte[] data = idx(3, 2, 2, 2, 0, 255, 51, 102, 1, 2, 3, 4);
    Path raw = tmp.resolve("raw");
    Files.write(raw, data);
    Path gz = tmp.resolve("gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write(data);
    }
    float[] a = IdxReader.readImages(raw, 2, 2);
    float[] b = IdxReader.readImages(gz, 2, 2);
    assertArrayEquals(new float[] {0f, 1f, 0.2f, 0.4f, 1 / 255f, 2 / 255f, 3 / 255f, 4 / 255f},
        a, 1e-7f);
    assertArrayEquals(a, b);
    Files.write(tmp.resolve("labels"), idx(1, 3, 7, 0, 9));
    assertArrayEquals(new int[] {7, 0, 9}, IdxReader.readLabels(tmp.resolve("labels")));
  }

  @Test
  void rejectsWrongShapeAndMagic() throws IOException {
    Path f = tmp.resolve("f");
    Files.write(f, idx(3, 1, 3, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    IOException shape = assertThrows(IOException.class, () -> IdxReader.readImages(f, 2, 2));
    assertTrue(shape.getMessage().contains("3x3"), shape.getMessage());
    Files.write(f, idx(2, 1, 1, 5));
    IOException magic = assertThrows(IOException.class, () -> IdxReader.readImages(f, 1, 1));
    assertTrue(magic.getMessage().contains("not an IDX file"), magic.getMessage());
  }

  @Test
  void missingDataNamesTheFileAndTheSetupCommand() {
    NoSuchFileException e = assertThrows(NoSuchFileException.class,
        () -> Datasets.load(tmp, DatasetName.MNIST, Split.TEST));
    assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte"), e.getMessage());
    assertTrue(e.getMessage().contains("scripts/setup"), e.getMessage());
  }

  @Test
  void realSplitsHaveTheDocumentedSizes() throws IOException {
    ImageSet train = Datasets.load(DatasetName.MNIST, Split.TRAIN);
    ImageSet validation = Datasets.load(DatasetName.MNIST, Split.VALIDATION);
    ImageSet test = Datasets.load(DatasetName.FASHION_MNIST, Split.TEST);
    assertEquals(55_000, train.count());
    assertEquals(5_000, validation.count());
    assertEquals(10_000, test.count());
    float max = 0;
    for (float v : test.pixels()) {
      assertTrue(v >= 0f && v <= 1f);
      max = Math.max(max, v);
    }
    assertEquals(1f, max);
  }

  @Test
  void shuffleIsAPermutationFixedBySeedAndEpoch() {
    int[] a = BatchOrder.shuffled(1000, 5, 0);
    assertArrayEquals(a, BatchOrder.shuffled(1000, 5, 0));
    assertNotEquals(java.util.Arrays.toString(a),
        java.util.Arrays.toString(BatchOrder.shuffled(1000, 5, 1)));
    int[] sorted = a.clone();
    java.util.Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertEquals(i, sorted[i]);
    }
  }

  @Test
  void augmentationShiftsWithinTwoPixelsAndKeepsMass() {
    // A single bright pixel in the middle moves by at most MAX_SHIFT in each direction; MNIST
    // digits are never flipped.
    int side = 28;
    float[] src = new float[side * side];
    src[14 * side + 14] = 1f;
    float[] dst = new float[side * side];
    Augmentation aug = new Augmentation(3, DatasetName.MNIST);
    for (int trial = 0; trial < 50; trial++) {
      aug.augment(src, dst, 0, 0, side);
      int at = -1;
      float sum = 0;
      for (int i = 0; i < dst.length; i++) {
        sum += dst[i];
        if (dst[i] == 1f) {
          at = i;
        }
      }
      assertEquals(1f, sum);
      assertTrue(Math.abs(at / side - 14) <= Augmentation.MAX_SHIFT);
      assertTrue(Math.abs(at % side - 14) <= Augmentation.MAX_SHIFT);
    }
  }
}
