package io.jscclink.models.data;

import java.util.Random;

/**
 * Label-preserving augmentation that makes C-JSCC's positive views: a random shift of up to
 * {@link #MAX_SHIFT} pixels in each direction (zero fill) and, for Fashion-MNIST only, a random
 * horizontal flip (clothes stay clothes when mirrored; digits do not).
 */
public final class Augmentation {
  public static final int MAX_SHIFT = 2;

  private final Random random;
  private final boolean allowFlip;

  public Augmentation(long seed, DatasetName dataset) {
    this.random = new Random(seed);
    this.allowFlip = dataset == DatasetName.FASHION_MNIST;
  }

  /** Writes an augmented copy of image {@code from} of {@code src} to image {@code to} of dst. */
  public void augment(float[] src, float[] dst, int from, int to, int side) {
    int dx = random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
    int dy = random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
    boolean flip = allowFlip && random.nextBoolean();
    int srcBase = from * side * side;
    int dstBase = to * side * side;
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int sy = y - dy;
        int sx0 = x - dx;
        int sx = flip ? side - 1 - sx0 : sx0;
        float v = 0f;
        if (sy >= 0 && sy < side && sx0 >= 0 && sx0 < side) {
          v = src[srcBase + sy * side + sx];
        }
        dst[dstBase + y * side + x] = v;
      }
    }
  }
}
