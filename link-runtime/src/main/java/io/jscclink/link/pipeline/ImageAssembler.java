package io.jscclink.link.pipeline;

import java.util.Arrays;

/**
 * Reassembles images whose payload spans several frames. Fragment {@code k} of an image holds
 * the values {@code [k·maxFragmentValues, …)} of its payload (symbols as interleaved floats, or
 * bit LLRs); every fragment but the last is full. An image whose fragments did not all arrive
 * is handed on marked incomplete with its missing fragments counted, never zero-filled and
 * passed off as whole.
 *
 * <p>Frames on one radio link arrive in order, so only {@code window} images are open at a
 * time (an image that completes is handed on at once, so with a window above 1 an older,
 * incomplete image may follow a newer one); the slot buffers are allocated once and reused.
 * Not thread-safe: one receiver thread owns it.
 */
public final class ImageAssembler {
  /** Receives each finished image; {@code values} is valid only during the call. */
  @FunctionalInterface
  public interface Sink {
    void onImage(int imageIndex, float[] values, int length, boolean complete, int missingFragments);
  }

  private final int maxFragmentValues;
  private final int maxFragments;
  private final Sink sink;
  private final Slot[] slots;
  private long imagesComplete;
  private long imagesIncomplete;
  private long fragmentsRejected;
  private int lowestImage = Integer.MAX_VALUE;
  private int highestImage = -1;

  public ImageAssembler(int maxFragmentValues, int maxFragments, int window, Sink sink) {
    if (maxFragmentValues < 1 || maxFragments < 1 || window < 1) {
      throw new IllegalArgumentException("maxFragmentValues, maxFragments and window must be >= 1,"
          + " got " + maxFragmentValues + ", " + maxFragments + ", " + window);
    }
    this.maxFragmentValues = maxFragmentValues;
    this.maxFragments = maxFragments;
    this.sink = sink;
    this.slots = new Slot[window];
    for (int i = 0; i < window; i++) {
      slots[i] = new Slot(maxFragmentValues * maxFragments, maxFragments);
    }
  }

  /**
   * Adds one fragment. A fragment that contradicts the image's other fragments (count, size,
   * duplicate) or arrives after its image was closed is rejected and counted.
   */
  public void accept(int imageIndex, int fragmentIndex, int fragmentCount, float[] src, int offset,
      int length) {
    boolean last = fragmentIndex == fragmentCount - 1;
    if (imageIndex < 0 || fragmentCount < 1 || fragmentCount > maxFragments || fragmentIndex < 0
        || fragmentIndex >= fragmentCount || length < 1 || length > maxFragmentValues
        || (!last && length != maxFragmentValues)) {
      fragmentsRejected++;
      return;
    }
    Slot slot = slots[imageIndex % slots.length];
    if (slot.imageIndex != imageIndex) {
      if (slot.imageIndex > imageIndex) { // its image was closed already
        fragmentsRejected++;
        return;
      }
      closeImagesBefore(imageIndex - slots.length + 1);
      if (slot.imageIndex >= 0) {
        emit(slot);
      }
      slot.open(imageIndex, fragmentCount, fragmentCount * maxFragmentValues);
      lowestImage = Math.min(lowestImage, imageIndex);
      highestImage = Math.max(highestImage, imageIndex);
    }
    if (slot.fragmentCount != fragmentCount || slot.received[fragmentIndex]) {
      fragmentsRejected++;
      return;
    }
    System.arraycopy(src, offset, slot.values, fragmentIndex * maxFragmentValues, length);
    slot.received[fragmentIndex] = true;
    slot.receivedCount++;
    if (last) {
      slot.length = fragmentIndex * maxFragmentValues + length;
    }
    if (slot.receivedCount == fragmentCount) {
      emit(slot);
    }
  }

  /** Hands on every open image (end of stream): those still missing fragments as incomplete. */
  public void flush() {
    closeImagesBefore(Integer.MAX_VALUE);
  }

  private void closeImagesBefore(int imageIndex) {
    // Oldest first, so the sink sees images in order.
    while (true) {
      Slot oldest = null;
      for (Slot s : slots) {
        if (s.imageIndex >= 0 && s.imageIndex < imageIndex
            && (oldest == null || s.imageIndex < oldest.imageIndex)) {
          oldest = s;
        }
      }
      if (oldest == null) {
        return;
      }
      emit(oldest);
    }
  }

  private void emit(Slot slot) {
    boolean complete = slot.receivedCount == slot.fragmentCount;
    int missing = slot.fragmentCount - slot.receivedCount;
    // The length is known only when the last fragment came; otherwise report the full span.
    int length = slot.length > 0 ? slot.length : slot.fragmentCount * maxFragmentValues;
    if (complete) {
      imagesComplete++;
    } else {
      imagesIncomplete++;
    }
    int index = slot.imageIndex;
    slot.imageIndex = -1;
    sink.onImage(index, slot.values, length, complete, missing);
  }

  public long imagesComplete() {
    return imagesComplete;
  }

  /** Images of which some but not all fragments arrived. */
  public long imagesIncomplete() {
    return imagesIncomplete;
  }

  /** Image indices inside the seen range of which no fragment arrived at all. */
  public long imagesUnseen() {
    if (highestImage < 0) {
      return 0;
    }
    long span = (long) highestImage - lowestImage + 1;
    long open = 0;
    for (Slot s : slots) {
      if (s.imageIndex >= 0) {
        open++;
      }
    }
    return span - imagesComplete - imagesIncomplete - open;
  }

  public long fragmentsRejected() {
    return fragmentsRejected;
  }

  private static final class Slot {
    final float[] values;
    final boolean[] received;
    int imageIndex = -1;
    int fragmentCount;
    int receivedCount;
    int length;

    Slot(int capacity, int maxFragments) {
      values = new float[capacity];
      received = new boolean[maxFragments];
    }

    /** @param span the values this image's fragments cover: only those are reset */
    void open(int index, int count, int span) {
      imageIndex = index;
      fragmentCount = count;
      receivedCount = 0;
      length = 0;
      Arrays.fill(received, false);
      // Stale values of the previous image must not leak into a missing fragment's span.
      // Only the image's own span: the buffer is sized for 255 fragments, and filling all of
      // it per image cost the receiver half its time.
      Arrays.fill(values, 0, span, Float.NaN);
    }
  }
}
