package io.jscclink.calibration.snr;

import io.jscclink.calibration.report.HtmlReport;
import io.jscclink.calibration.report.SvgPlot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of {@code jscc-link calibrate snr}: at each known SNR, the pilot (data-aided ML)
 * and M2M4 estimates of many frames. Frames alternate between a fitting half, from which the
 * pilot estimator's correction table is built, and a validation half, on which the corrected
 * bias is measured — so "bias after calibration" is measured on frames the table never saw.
 */
public final class SnrCalibration {
  private final double[] trueSnrDb;
  private final int knownSymbols;
  private final List<SnrErrorStats> pilotFit = new ArrayList<>();
  private final List<SnrErrorStats> pilotAll = new ArrayList<>();
  private final List<SnrErrorStats> m2m4 = new ArrayList<>();
  private final List<List<Double>> validation = new ArrayList<>();
  private final long[] framesAdded;
  private final long[] framesSent;

  /**
   * @param trueSnrDb the calibration points, strictly increasing, dB (Es/N0)
   * @param knownSymbols known symbols per frame the pilot estimator uses (for the CRB)
   */
  public SnrCalibration(double[] trueSnrDb, int knownSymbols) {
    if (trueSnrDb.length < 2) {
      throw new IllegalArgumentException("need at least 2 SNR points, got " + trueSnrDb.length);
    }
    for (int k = 1; k < trueSnrDb.length; k++) {
      if (!(trueSnrDb[k] > trueSnrDb[k - 1])) {
        throw new IllegalArgumentException("SNR points must increase strictly, got "
            + trueSnrDb[k - 1] + " then " + trueSnrDb[k]);
      }
    }
    if (knownSymbols < 1) {
      throw new IllegalArgumentException("knownSymbols must be >= 1, got " + knownSymbols);
    }
    this.trueSnrDb = trueSnrDb.clone();
    this.knownSymbols = knownSymbols;
    this.framesAdded = new long[trueSnrDb.length];
    this.framesSent = new long[trueSnrDb.length];
    for (double s : trueSnrDb) {
      pilotFit.add(new SnrErrorStats(s));
      pilotAll.add(new SnrErrorStats(s));
      m2m4.add(new SnrErrorStats(s));
      validation.add(new ArrayList<>());
    }
  }

  /** One frame received at calibration point {@code point}. */
  public void add(int point, double pilotEstimateDb, double m2m4EstimateDb) {
    pilotAll.get(point).add(pilotEstimateDb);
    m2m4.get(point).add(m2m4EstimateDb);
    if (framesAdded[point]++ % 2 == 0) {
      pilotFit.get(point).add(pilotEstimateDb);
    } else if (Double.isFinite(pilotEstimateDb)) {
      validation.get(point).add(pilotEstimateDb);
    }
  }

  /** {@code count} more frames were sent at calibration point {@code point}. */
  public void sent(int point, long count) {
    framesSent[point] += count;
  }

  /** The pilot estimator's correction table, from the fitting half. */
  public SnrCorrectionTable pilotTable() {
    return SnrCorrectionTable.of("pilot", knownSymbols, pilotFit);
  }

  /** Mean corrected estimate − truth on the validation half, per point, dB. */
  public double[] correctedBiasDb() {
    SnrCorrectionTable table = pilotTable();
    double[] bias = new double[trueSnrDb.length];
    for (int k = 0; k < bias.length; k++) {
      double sum = 0;
      for (double e : validation.get(k)) {
        sum += table.correctDb(e) - trueSnrDb[k];
      }
      bias[k] = validation.get(k).isEmpty() ? Double.NaN : sum / validation.get(k).size();
    }
    return bias;
  }

  /** Per-point figures, for {@code --json}. */
  public List<Map<String, Object>> points() {
    double[] corrected = correctedBiasDb();
    List<Map<String, Object>> out = new ArrayList<>();
    for (int k = 0; k < trueSnrDb.length; k++) {
      Map<String, Object> p = new LinkedHashMap<>();
      SnrErrorStats pilot = pilotAll.get(k);
      SnrErrorStats blind = m2m4.get(k);
      p.put("snr_db", trueSnrDb[k]);
      p.put("frames", framesAdded[k]);
      p.put("frames_sent", framesSent[k]);
      p.put("detection_rate", framesSent[k] > 0 ? (double) framesAdded[k] / framesSent[k] : null);
      p.put("pilot_bias_db", finiteOrNull(pilot.biasDb()));
      p.put("pilot_rmse_db", finiteOrNull(pilot.rmseDb()));
      p.put("pilot_std_db", finiteOrNull(pilot.stdDb()));
      p.put("pilot_bias_corrected_db", finiteOrNull(corrected[k]));
      p.put("pilot_power_bias_db", finiteOrNull(pilot.powerBiasDb()));
      p.put("crb_std_db", SnrCramerRao.stdDb(trueSnrDb[k], knownSymbols));
      p.put("m2m4_bias_db", finiteOrNull(blind.biasDb()));
      p.put("m2m4_rmse_db", finiteOrNull(blind.rmseDb()));
      p.put("m2m4_power_bias_db", finiteOrNull(blind.powerBiasDb()));
      p.put("m2m4_failed", blind.rejected());
      out.add(p);
    }
    return out;
  }

  /** Largest |bias| of the corrected pilot estimator over the points, dB. */
  public double maxCorrectedBiasDb() {
    double max = 0;
    for (double b : correctedBiasDb()) {
      max = Math.max(max, Math.abs(b));
    }
    return max;
  }

  /** The report section: bias and RMSE against SNR with the Cramér–Rao bound, and a table. */
  public void writeTo(HtmlReport report) {
    int n = trueSnrDb.length;
    double[] pb = new double[n];
    double[] pr = new double[n];
    double[] mb = new double[n];
    double[] ppb = new double[n];
    double[] mpb = new double[n];
    double[] mr = new double[n];
    double[] crb = new double[n];
    double[] corrected = correctedBiasDb();
    List<List<String>> rows = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      pb[k] = pilotAll.get(k).biasDb();
      pr[k] = pilotAll.get(k).rmseDb();
      mb[k] = m2m4.get(k).biasDb();
      ppb[k] = pilotAll.get(k).powerBiasDb();
      mpb[k] = m2m4.get(k).powerBiasDb();
      mr[k] = m2m4.get(k).rmseDb();
      crb[k] = SnrCramerRao.stdDb(trueSnrDb[k], knownSymbols);
      rows.add(List.of(fmt(trueSnrDb[k]), Long.toString(framesSent[k]),
          Long.toString(framesAdded[k]), fmt(pb[k]),
          fmt(corrected[k]), fmt(pr[k]), fmt(crb[k]), fmt(mb[k]), fmt(mr[k]),
          Long.toString(m2m4.get(k).rejected())));
    }
    report.heading("SNR estimators against the truth");
    report.paragraph("Pilot: data-aided maximum likelihood over " + knownSymbols
        + " known symbols per frame. M2M4: blind moment estimator. The correction table is"
        + " fitted on even frames; the corrected bias is measured on odd frames.");
    report.plot(new SvgPlot("Bias", "true SNR (dB)", "mean error (dB)")
        .line("pilot", trueSnrDb, pb).line("pilot, corrected", trueSnrDb, corrected)
        .line("M2M4", trueSnrDb, mb));
    report.paragraph("Under fading every frame's SNR differs from the average, and the mean of"
        + " dB values sits below it even for a perfect estimator; the bias of the mean linear"
        + " SNR is the figure to read there.");
    report.plot(new SvgPlot("Bias of the average SNR (mean linear estimate)", "true SNR (dB)",
        "dB").line("pilot", trueSnrDb, ppb).line("M2M4", trueSnrDb, mpb));
    report.plot(new SvgPlot("RMSE and the Cramér–Rao bound", "true SNR (dB)", "dB")
        .line("pilot RMSE", trueSnrDb, pr).line("M2M4 RMSE", trueSnrDb, mr)
        .dashed("CRB (std)", trueSnrDb, crb));
    report.table(List.of("SNR dB", "frames sent", "frames received", "pilot bias", "corrected bias", "pilot RMSE",
        "CRB std", "M2M4 bias", "M2M4 RMSE", "M2M4 failed"), rows);
  }

  private static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static String fmt(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "—";
  }
}
