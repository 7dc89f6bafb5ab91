package io.jscclink.models.data;

/**
 * Labelled grey-scale images held in one float array, pixels in [0, 1], image after image.
 * Immutable by convention: callers must not write into {@link #pixels()}.
 */
public record ImageSet(float[] pixels, int[] labels, int side) {
  public ImageSet {
    if (pixels.length != labels.length * side * side) {
      throw new IllegalArgumentException("pixels.length " + pixels.length + " != "
          + labels.length + " images of " + side + "x" + side);
    }
  }

  public int count() {
    return labels.length;
  }

  public int pixelsPerImage() {
    return side * side;
  }

  /** Images {@code from} (inclusive) to {@code to} (exclusive), copied. */
  public ImageSet slice(int from, int to) {
    if (from < 0 || to > count() || from > to) {
      throw new IllegalArgumentException("slice [" + from + ", " + to + ") outside [0, "
          + count() + "]");
    }
    int p = pixelsPerImage();
    float[] px = java.util.Arrays.copyOfRange(pixels, from * p, to * p);
    int[] lb = java.util.Arrays.copyOfRange(labels, from, to);
    return new ImageSet(px, lb, side);
  }
}
