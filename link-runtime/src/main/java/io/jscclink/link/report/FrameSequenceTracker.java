package io.jscclink.link.report;

/**
 * Counts frames lost on the air from gaps in the header's frame sequence numbers, which wrap
 * at {@code modulus}. Used where the receiver cannot see the transmitter (a sidecar or real
 * radio); a gap of half the modulus or more is taken as reordering or a restart, not loss,
 * because no real link drops that many frames in a row unnoticed.
 */
public final class FrameSequenceTracker {
  private final int modulus;
  private long received;
  private long lost;
  private long restarts;
  private int last = -1;

  public FrameSequenceTracker(int modulus) {
    if (modulus < 2) {
      throw new IllegalArgumentException("sequence modulus must be >= 2, got " + modulus);
    }
    this.modulus = modulus;
  }

  /** Notes a frame whose header decoded with sequence number {@code sequence}. */
  public void onFrame(int sequence) {
    if (sequence < 0 || sequence >= modulus) {
      throw new IllegalArgumentException(
          "sequence must be in [0, " + (modulus - 1) + "], got " + sequence);
    }
    if (last >= 0) {
      int gap = Math.floorMod(sequence - last - 1, modulus);
      if (gap < modulus / 2) {
        lost += gap;
      } else {
        restarts++;
      }
    }
    last = sequence;
    received++;
  }

  public long received() {
    return received;
  }

  /** Frames missing between the first and the last received one. */
  public long lost() {
    return lost;
  }

  /** Jumps too large to be loss (transmitter restart or reordering). */
  public long restarts() {
    return restarts;
  }
}
