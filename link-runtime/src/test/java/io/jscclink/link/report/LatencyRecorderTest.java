package io.jscclink.link.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
  @Test
  void nearestRankPercentilesOverManyRecords() {
    LatencyRecorder r = new LatencyRecorder();
    for (int ms = 1000; ms >= 1; ms--) { // 1..1000 ms, out of order, past the first capacity
      r.record(ms * 1_000_000L);
    }
    assertEquals(1000, r.count());
    assertEquals(500.0, r.percentileMs(50), 1e-9);
    assertEquals(990.0, r.percentileMs(99), 1e-9);
    assertEquals(1000.0, r.percentileMs(100), 1e-9);
  }

  @Test
  void emptyIsNaNAndBadArgumentsAreRejected() {
    LatencyRecorder r = new LatencyRecorder();
    assertTrue(Double.isNaN(r.percentileMs(50)));
    assertThrows(IllegalArgumentException.class, () -> r.record(-1));
    assertThrows(IllegalArgumentException.class, () -> r.percentileMs(0));
  }
}
