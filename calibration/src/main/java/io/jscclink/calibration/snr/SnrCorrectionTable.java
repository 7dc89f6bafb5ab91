package io.jscclink.calibration.snr;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Maps an SNR estimate to the SNR it was measured at: the inverse of the estimator's mean
 * response, measured at known SNRs by {@code jscc-link calibrate snr}. Between points it
 * interpolates linearly; beyond the ends it shifts by the end point's bias.
 *
 * <p>Stored as JSON so the runtime and people can read it:
 * {@code {"version":1,"estimator":"pilot","pilot_symbols":64,"points":[{"snr_db":0,"mean_estimate_db":0.12},…]}}.
 */
public final class SnrCorrectionTable {
  /** File format version written and accepted. */
  public static final int VERSION = 1;

  private final String estimator;
  private final int pilotSymbols;
  private final double[] trueDb;
  private final double[] estimateDb;

  /**
   * @param trueDb true SNRs, strictly increasing
   * @param estimateDb the estimator's mean output at each, strictly increasing (a calibration
   *     with a non-monotone response cannot be inverted and is refused)
   */
  public SnrCorrectionTable(
      String estimator, int pilotSymbols, double[] trueDb, double[] estimateDb) {
    if (trueDb.length < 2 || trueDb.length != estimateDb.length) {
      throw new IllegalArgumentException(
          "need at least 2 calibration points with one estimate each, got " + trueDb.length
              + " and " + estimateDb.length);
    }
    for (int k = 1; k < trueDb.length; k++) {
      if (!(trueDb[k] > trueDb[k - 1]) || !(estimateDb[k] > estimateDb[k - 1])) {
        throw new IllegalArgumentException(
            "calibration points must increase in both true SNR and mean estimate; point " + k
                + " has true " + trueDb[k] + " dB, estimate " + estimateDb[k] + " dB after "
                + trueDb[k - 1] + " / " + estimateDb[k - 1] + " dB");
      }
    }
    this.estimator = estimator;
    this.pilotSymbols = pilotSymbols;
    this.trueDb = trueDb.clone();
    this.estimateDb = estimateDb.clone();
  }

  /** Builds the table from per-SNR statistics (in increasing true SNR). */
  public static SnrCorrectionTable of(String estimator, int pilotSymbols, List<SnrErrorStats> stats) {
    double[] t = new double[stats.size()];
    double[] e = new double[stats.size()];
    for (int k = 0; k < t.length; k++) {
      t[k] = stats.get(k).trueSnrDb();
      e[k] = stats.get(k).meanEstimateDb();
    }
    return new SnrCorrectionTable(estimator, pilotSymbols, t, e);
  }

  /** The corrected SNR for an estimate, dB. */
  public double correctDb(double estimate) {
    int n = trueDb.length;
    if (estimate <= estimateDb[0]) {
      return estimate + (trueDb[0] - estimateDb[0]);
    }
    if (estimate >= estimateDb[n - 1]) {
      return estimate + (trueDb[n - 1] - estimateDb[n - 1]);
    }
    int hi = Arrays.binarySearch(estimateDb, estimate);
    if (hi >= 0) {
      return trueDb[hi];
    }
    hi = -hi - 1;
    int lo = hi - 1;
    double w = (estimate - estimateDb[lo]) / (estimateDb[hi] - estimateDb[lo]);
    return trueDb[lo] + w * (trueDb[hi] - trueDb[lo]);
  }

  public String estimator() {
    return estimator;
  }

  public int pilotSymbols() {
    return pilotSymbols;
  }

  private static final class Json {
    int version;
    String estimator;
    int pilot_symbols;
    Point[] points;
  }

  private static final class Point {
    double snr_db;
    double mean_estimate_db;
  }

  public void save(Path file) throws IOException {
    Json json = new Json();
    json.version = VERSION;
    json.estimator = estimator;
    json.pilot_symbols = pilotSymbols;
    json.points = new Point[trueDb.length];
    for (int k = 0; k < trueDb.length; k++) {
      json.points[k] = new Point();
      json.points[k].snr_db = trueDb[k];
      json.points[k].mean_estimate_db = estimateDb[k];
    }
    Gson gson = new GsonBuilder().setPrettyPrinting().create();
    Files.writeString(file, gson.toJson(json) + "\n", StandardCharsets.UTF_8);
  }

  /** Loads a table; a file of another version or with bad points is refused, naming the file. */
  public static SnrCorrectionTable load(Path file) throws IOException {
    Json json;
    try {
      json = new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), Json.class);
    } catch (JsonParseException e) {
      throw new IOException(file + " is not an SNR correction table: " + e.getMessage(), e);
    }
    if (json == null || json.version != VERSION || json.points == null) {
      throw new IOException(
          file + " is not an SNR correction table of version " + VERSION
              + (json == null ? "" : " (version " + json.version + ")"));
    }
    double[] t = new double[json.points.length];
    double[] e = new double[json.points.length];
    for (int k = 0; k < t.length; k++) {
      t[k] = json.points[k].snr_db;
      e[k] = json.points[k].mean_estimate_db;
    }
    try {
      return new SnrCorrectionTable(json.estimator, json.pilot_symbols, t, e);
    } catch (IllegalArgumentException bad) {
      throw new IOException(file + ": " + bad.getMessage(), bad);
    }
  }
}
