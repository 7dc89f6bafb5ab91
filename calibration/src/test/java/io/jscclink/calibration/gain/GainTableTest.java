package io.jscclink.calibration.gain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GainTableTest {
  private static GainTable.Point point(double tx, double rx, Double snr, int detected) {
    GainTable.Point p = new GainTable.Point();
    p.txGainDb = tx;
    p.rxGainDb = rx;
    p.snrDbEst = snr;
    p.snrDbEstStd = snr == null ? null : 0.3;
    p.framesSent = 100;
    p.framesDetected = detected;
    return p;
  }

  /** 0, 10 and 20 dB TX at RX 30 dB, with the top point saturated; one unreliable point. */
  private static GainTable table() {
    GainTable t = new GainTable("sim", "tx", "rx", 1);
    t.add(point(0, 30, -4.0, 40)); // 40 % detected: not used
    t.add(point(10, 30, 0.0, 100));
    t.add(point(20, 30, 10.0, 100));
    t.add(point(30, 30, 14.0, 100));
    t.add(point(40, 30, 13.0, 100)); // clipping: the SNR falls again
    t.add(point(20, 18, 9.0, 100));
    return t;
  }

  @Test
  void theTxGainForATargetIsInterpolatedAndRoundedToTheStep() {
    GainTable t = table();
    GainTable.Choice c = t.txGainFor(4.6, 30);
    assertEquals(15, c.txGainDb(), 1e-12, "4.6 dB lies 46 % of the way from 10 to 20 dB");
    assertEquals(5.0, c.expectedSnrDb(), 1e-12);
    assertTrue(c.reachable());
    assertEquals(25, t.txGainFor(12, 30).txGainDb(), 1e-12);
    // Above the curve's peak: the best point, flagged; below the first reliable one likewise.
    GainTable.Choice high = t.txGainFor(20, 30);
    assertFalse(high.reachable());
    assertEquals(30, high.txGainDb(), 1e-12);
    assertFalse(t.txGainFor(-3, 30).reachable());
    // The nearest measured RX gain is used: 20 dB is nearer 18 than 30.
    assertEquals(20, t.txGainFor(9, 20).txGainDb(), 1e-12);
  }

  @Test
  void aTableSurvivesSaveAndLoadAndAForeignFileIsRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("gain-table.json");
    table().save(file);
    GainTable loaded = GainTable.load(file);
    assertEquals(6, loaded.points().size());
    assertEquals(15, loaded.txGainFor(4.6, 30).txGainDb(), 1e-12);
    Files.writeString(dir.resolve("x.json"), "{\"version\": 1}");
    IOException e = assertThrows(IOException.class, () -> GainTable.load(dir.resolve("x.json")));
    assertTrue(e.getMessage().contains("calibrate gain"), e.getMessage());
  }

  @Test
  void noReliablePointIsAClearError() {
    GainTable t = new GainTable("sim", "tx", "rx", 1);
    t.add(point(0, 30, null, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.txGainFor(5, 30));
    assertTrue(e.getMessage().contains("no reliable point"), e.getMessage());
  }
}
