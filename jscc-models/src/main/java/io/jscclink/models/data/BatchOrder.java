package io.jscclink.models.data;

import java.util.Random;

/** The order in which one epoch visits a set: a seeded shuffle, the same for (seed, epoch). */
public final class BatchOrder {
  private BatchOrder() {}

  public static int[] shuffled(int count, long seed, int epoch) {
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    Random random = new Random(seed * 1_000_003L + epoch);
    for (int i = count - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** Copies the images {@code order[from..from+n)} of {@code set} into {@code dst}. */
  public static void gather(ImageSet set, int[] order, int from, int n, float[] dst,
      int[] labelsDst) {
    int p = set.pixelsPerImage();
    for (int i = 0; i < n; i++) {
      int idx = order[from + i];
      System.arraycopy(set.pixels(), idx * p, dst, i * p, p);
      labelsDst[i] = set.labels()[idx];
    }
  }
}
