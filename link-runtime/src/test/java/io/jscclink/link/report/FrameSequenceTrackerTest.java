package io.jscclink.link.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FrameSequenceTrackerTest {
  @Test
  void countsGapsAcrossTheWrap() {
    FrameSequenceTracker t = new FrameSequenceTracker(256);
    for (int s : new int[] {250, 251, 254, 255, 0, 3}) { // lost 252, 253, 1, 2
      t.onFrame(s);
    }
    assertEquals(6, t.received());
    assertEquals(4, t.lost());
    assertEquals(0, t.restarts());
  }

  @Test
  void aJumpBackIsARestartNotLoss() {
    FrameSequenceTracker t = new FrameSequenceTracker(256);
    t.onFrame(100);
    t.onFrame(10);
    assertEquals(0, t.lost());
    assertEquals(1, t.restarts());
    assertThrows(IllegalArgumentException.class, () -> t.onFrame(256));
  }
}
