package io.jscclink.models.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST format: big-endian magic 0x0000 0x08 ndim, then ndim int32 sizes,
 * then unsigned bytes), raw or gzipped; gzip is recognised by its magic bytes, not the name.
 */
public final class IdxReader {
  private static final int UNSIGNED_BYTE_TYPE = 0x08;

  private IdxReader() {}

  /** Images as floats in [0, 1], row-major, one image after another. */
  public static float[] readImages(Path file, int expectedRows, int expectedCols)
      throws IOException {
    try (DataInputStream in = open(file)) {
      int[] dims = readHeader(in, file, 3);
      if (dims[1] != expectedRows || dims[2] != expectedCols) {
        throw new IOException(file + ": images are " + dims[1] + "x" + dims[2] + ", expected "
            + expectedRows + "x" + expectedCols);
      }
      byte[] raw = new byte[Math.multiplyExact(dims[0], dims[1] * dims[2])];
      in.readFully(raw);
      float[] pixels = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        pixels[i] = (raw[i] & 0xff) / 255f;
      }
      return pixels;
    }
  }

  public static int[] readLabels(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      int[] dims = readHeader(in, file, 1);
      byte[] raw = new byte[dims[0]];
      in.readFully(raw);
      int[] labels = new int[raw.length];
      for (int i = 0; i < raw.length; i++) {
        labels[i] = raw[i] & 0xff;
      }
      return labels;
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream raw;
    try {
      raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null,
          "data file missing; run scripts/setup (or set JSCC_DATA_DIR to the data folder)");
    }
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    boolean gzip = b0 == 0x1f && b1 == 0x8b;
    return new DataInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw);
  }

  private static int[] readHeader(DataInputStream in, Path file, int expectedDims)
      throws IOException {
    int magic = in.readInt();
    int type = (magic >>> 8) & 0xff;
    int ndim = magic & 0xff;
    if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE_TYPE || ndim != expectedDims) {
      throw new IOException(String.format(
          "%s: not an IDX file of unsigned bytes with %d dimensions (magic 0x%08x)",
          file, expectedDims, magic));
    }
    int[] dims = new int[ndim];
    for (int i = 0; i < ndim; i++) {
      dims[i] = in.readInt();
      if (dims[i] <= 0) {
        throw new IOException(file + ": dimension " + i + " is " + dims[i]);
      }
    }
    return dims;
  }
}
