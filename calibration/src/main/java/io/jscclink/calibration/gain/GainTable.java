package io.jscclink.calibration.gain;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.annotations.SerializedName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Received SNR per (TX gain, RX gain) setting, measured by {@code jscc-link calibrate gain},
 * and the inverse the runtime needs: which TX gain gives a target SNR ({@code link
 * --target-snr}). Stored as JSON so people and scripts can read it.
 */
public final class GainTable {
  /** File format version written and accepted. */
  public static final int VERSION = 1;
  /** A point is trusted for the inverse when at least this share of its frames arrived. */
  public static final double RELIABLE_DETECTION = 0.9;

  /** One measured setting. */
  public static final class Point {
    @SerializedName("tx_gain_db")
    public double txGainDb;
    @SerializedName("rx_gain_db")
    public double rxGainDb;
    /** Mean over detected frames of the pilot SNR estimate (Es/N0), dB; null: none detected. */
    @SerializedName("snr_db_est")
    public Double snrDbEst;
    @SerializedName("snr_db_est_std")
    public Double snrDbEstStd;
    @SerializedName("frames_sent")
    public int framesSent;
    @SerializedName("frames_detected")
    public int framesDetected;
    /** Simulated device only: the SNR its channel applies before the ADC, dB; else null. */
    @SerializedName("path_snr_db")
    public Double pathSnrDb;

    public boolean reliable() {
      return framesSent > 0 && framesDetected >= RELIABLE_DETECTION * framesSent
          && snrDbEst != null;
    }
  }

  /** The TX gain chosen for a target, the SNR the table expects there, and whether it can. */
  public record Choice(double txGainDb, double expectedSnrDb, boolean reachable) {}

  @SerializedName("version")
  private int version = VERSION;
  @SerializedName("device")
  private String device;
  @SerializedName("tx_stage")
  private String txStage;
  @SerializedName("rx_stage")
  private String rxStage;
  @SerializedName("tx_step_db")
  private double txStepDb;
  @SerializedName("points")
  private List<Point> points = new ArrayList<>();

  public GainTable(String device, String txStage, String rxStage, double txStepDb) {
    this.device = device;
    this.txStage = txStage;
    this.rxStage = rxStage;
    this.txStepDb = txStepDb;
  }

  public void add(Point p) {
    points.add(p);
  }

  public List<Point> points() {
    return List.copyOf(points);
  }

  public String device() {
    return device;
  }

  public String txStage() {
    return txStage;
  }

  public String rxStage() {
    return rxStage;
  }

  /** RX gains measured, ascending. */
  public double[] rxGains() {
    return points.stream().mapToDouble(p -> p.rxGainDb).distinct().sorted().toArray();
  }

  /**
   * The TX gain whose SNR is {@code targetSnrDb} at the measured RX gain nearest {@code
   * rxGainDb}: linear interpolation between reliable points (ascending TX gain), rounded to
   * the TX stage's nearest step (within half a step of the target). Out of the measured span
   * it returns the nearest end (the lowest gain, or the highest-SNR point) with {@code
   * reachable} false.
   */
  public Choice txGainFor(double targetSnrDb, double rxGainDb) {
    double rx = nearestRx(rxGainDb);
    List<Point> curve = points.stream().filter(p -> p.rxGainDb == rx && p.reliable())
        .sorted(Comparator.comparingDouble(p -> p.txGainDb)).toList();
    if (curve.isEmpty()) {
      throw new IllegalArgumentException("the gain table has no reliable point at RX gain " + rx
          + " dB (fewer than " + Math.round(100 * RELIABLE_DETECTION)
          + " % of frames detected everywhere); measure at higher TX gains");
    }
    Point first = curve.get(0);
    if (targetSnrDb <= first.snrDbEst) {
      return new Choice(first.txGainDb, first.snrDbEst, targetSnrDb >= first.snrDbEst - 1e-9);
    }
    for (int k = 1; k < curve.size(); k++) {
      Point a = curve.get(k - 1);
      Point b = curve.get(k);
      if (targetSnrDb <= b.snrDbEst && b.snrDbEst > a.snrDbEst) {
        double gain = a.txGainDb + (targetSnrDb - a.snrDbEst) / (b.snrDbEst - a.snrDbEst)
            * (b.txGainDb - a.txGainDb);
        if (txStepDb > 0) {
          gain = first.txGainDb + Math.round((gain - first.txGainDb) / txStepDb) * txStepDb;
        }
        gain = Math.min(gain, b.txGainDb);
        double expected = a.snrDbEst + (gain - a.txGainDb) / (b.txGainDb - a.txGainDb)
            * (b.snrDbEst - a.snrDbEst);
        return new Choice(gain, expected, true);
      }
    }
    // Beyond the curve's reach (it may fall again where the receiver clips): its best point.
    Point best = curve.stream().max(Comparator.comparingDouble(p -> p.snrDbEst)).orElseThrow();
    return new Choice(best.txGainDb, best.snrDbEst, false);
  }

  private double nearestRx(double rxGainDb) {
    double best = Double.NaN;
    for (double rx : rxGains()) {
      if (Double.isNaN(best) || Math.abs(rx - rxGainDb) < Math.abs(best - rxGainDb)) {
        best = rx;
      }
    }
    if (Double.isNaN(best)) {
      throw new IllegalArgumentException("the gain table has no points");
    }
    return best;
  }

  public void save(Path file) throws IOException {
    Files.writeString(file, new GsonBuilder().setPrettyPrinting().serializeNulls().create()
        .toJson(this) + "\n", StandardCharsets.UTF_8);
  }

  /** Reads a table; a file that is not one (or of another version) is refused by name. */
  public static GainTable load(Path file) throws IOException {
    GainTable t;
    try {
      t = new GsonBuilder().create().fromJson(Files.readString(file, StandardCharsets.UTF_8),
          GainTable.class);
    } catch (JsonParseException e) {
      throw new IOException(file + " is not a gain table: " + e.getMessage(), e);
    }
    if (t == null || t.version != VERSION || t.points == null || t.points.isEmpty()
        || t.txStage == null) {
      throw new IOException(file + " is not a version-" + VERSION + " gain table with points"
          + " (write one with jscc-link calibrate gain)");
    }
    return t;
  }
}
