package io.jscclink.calibration.snr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnrCorrectionTableTest {
  @TempDir Path dir;

  private static SnrCorrectionTable biasedEstimator() {
    // An estimator reading 0.5 dB high at 0 dB and 0.1 dB high at 20 dB.
    return new SnrCorrectionTable(
        "pilot", 64, new double[] {0, 10, 20}, new double[] {0.5, 10.3, 20.1});
  }

  @Test
  void invertsTheMeanResponse() {
    SnrCorrectionTable t = biasedEstimator();
    assertEquals(0, t.correctDb(0.5), 1e-12);
    assertEquals(10, t.correctDb(10.3), 1e-12);
    assertEquals(5, t.correctDb((0.5 + 10.3) / 2), 1e-12);
    assertEquals(-2.5, t.correctDb(-2.0), 1e-12); // below: the end point's bias
    assertEquals(29.9, t.correctDb(30.0), 1e-12);
  }

  @Test
  void buildsFromStatistics() {
    SnrErrorStats a = new SnrErrorStats(0);
    SnrErrorStats b = new SnrErrorStats(10);
    for (double e : new double[] {0.2, 0.4, 0.6}) {
      a.add(e);
    }
    b.add(10.1);
    b.add(Double.NaN);
    assertEquals(0.4, a.biasDb(), 1e-12);
    assertEquals(Math.sqrt((0.04 + 0.16 + 0.36) / 3), a.rmseDb(), 1e-12);
    assertEquals(1, b.rejected());
    SnrCorrectionTable t = SnrCorrectionTable.of("pilot", 32, List.of(a, b));
    assertEquals(0, t.correctDb(0.4), 1e-12);
  }

  @Test
  void savesAndLoads() throws IOException {
    Path file = dir.resolve("snr.json");
    biasedEstimator().save(file);
    SnrCorrectionTable back = SnrCorrectionTable.load(file);
    assertEquals(64, back.pilotSymbols());
    assertEquals("pilot", back.estimator());
    for (double e = -5; e <= 25; e += 0.7) {
      assertEquals(biasedEstimator().correctDb(e), back.correctDb(e), 1e-12);
    }
  }

  @Test
  void refusesNonMonotoneOrCorruptTables() throws IOException {
    assertThrows(
        IllegalArgumentException.class,
        () -> new SnrCorrectionTable("pilot", 8, new double[] {0, 10}, new double[] {5, 4}));
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"version\": 1, \"points\": [{\"snr_db\": 0");
    IOException e = assertThrows(IOException.class, () -> SnrCorrectionTable.load(bad));
    assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
    Files.writeString(bad, "{\"version\": 9, \"points\": []}");
    e = assertThrows(IOException.class, () -> SnrCorrectionTable.load(bad));
    assertTrue(e.getMessage().contains("version 9"), e.getMessage());
  }

  @Test
  void cramerRaoBoundMatchesItsClosedForm() {
    // At high SNR the bound tends to (10/ln10)/√N dB; at 0 dB it is √3 times that.
    double unit = 10 / Math.log(10) / Math.sqrt(64);
    assertEquals(unit * Math.sqrt(3), SnrCramerRao.stdDb(0, 64), 1e-12);
    assertEquals(unit, SnrCramerRao.stdDb(60, 64), 1e-5);
    assertThrows(IllegalArgumentException.class, () -> SnrCramerRao.stdDb(0, 0));
  }
}
