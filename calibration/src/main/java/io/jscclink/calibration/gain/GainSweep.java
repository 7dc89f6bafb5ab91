package io.jscclink.calibration.gain;

import io.jscclink.calibration.capture.CalibrationRig;
import io.jscclink.calibration.capture.FrameLog;
import io.jscclink.calibration.capture.PilotCapture;
import io.jscclink.calibration.report.HtmlReport;
import io.jscclink.calibration.report.SvgPlot;
import io.jscclink.proto.sdr.v1.ChannelEmulation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Sends pilot frames at every (RX gain, TX gain) setting and tabulates the received SNR. The
 * pilot estimator is the one the runtime uses, so a table point is what {@code link} will see
 * at that setting.
 */
public final class GainSweep {
  /** Reports each setting as it is measured: its index and the table point. */
  @FunctionalInterface
  public interface Listener {
    void measured(int index, GainTable.Point point);
  }

  private GainSweep() {}

  /**
   * @param emulation the simulated channel at the reference gains (ignored by hardware)
   * @param pathSnrDb on the simulated device, the path SNR at a TX gain (null elsewhere)
   */
  public static GainTable run(CalibrationRig rig, String txStage, String rxStage,
      double txStepDb, double[] txGainsDb, double[] rxGainsDb, ChannelEmulation emulation,
      PilotCapture.Plan plan, DoubleUnaryOperator pathSnrDb, Listener listener)
      throws IOException, InterruptedException {
    GainTable table = new GainTable(rig.description(), txStage, rxStage, txStepDb);
    int index = 0;
    for (double rx : rxGainsDb) {
      for (double tx : txGainsDb) {
        rig.gains(Map.of(txStage, tx, rxStage, rx));
        FrameLog log = rig.run(emulation, plan, null, frames -> { });
        GainTable.Point p = new GainTable.Point();
        p.txGainDb = tx;
        p.rxGainDb = rx;
        p.framesSent = plan.frames();
        p.framesDetected = log.count();
        double sum = 0;
        double sum2 = 0;
        for (double snr : log.pilotSnrDb()) {
          sum += snr;
          sum2 += snr * snr;
        }
        int n = log.count();
        if (n > 0) {
          double mean = sum / n;
          p.snrDbEst = mean;
          p.snrDbEstStd = Math.sqrt(Math.max(0, sum2 / n - mean * mean));
        }
        p.pathSnrDb = pathSnrDb == null ? null : pathSnrDb.applyAsDouble(tx);
        table.add(p);
        listener.measured(index++, p);
      }
    }
    return table;
  }

  /** The table and a plot of estimated SNR against TX gain, one curve per RX gain. */
  public static void writeTo(GainTable table, HtmlReport report) {
    SvgPlot plot = new SvgPlot("Received SNR against TX gain", table.txStage() + " gain (dB)",
        "pilot SNR estimate (dB)");
    List<List<String>> rows = new ArrayList<>();
    for (double rx : table.rxGains()) {
      List<GainTable.Point> curve = table.points().stream().filter(p -> p.rxGainDb == rx)
          .toList();
      double[] x = curve.stream().mapToDouble(p -> p.txGainDb).toArray();
      List<GainTable.Point> measured = curve.stream().filter(p -> p.snrDbEst != null).toList();
      plot.line(String.format(Locale.ROOT, "%s %.0f dB", table.rxStage(), rx),
          measured.stream().mapToDouble(p -> p.txGainDb).toArray(),
          measured.stream().mapToDouble(p -> p.snrDbEst).toArray());
      if (curve.stream().allMatch(p -> p.pathSnrDb != null)) {
        plot.dashed(String.format(Locale.ROOT, "path SNR (%s %.0f dB)", table.rxStage(), rx), x,
            curve.stream().mapToDouble(p -> p.pathSnrDb).toArray());
      }
      for (GainTable.Point p : curve) {
        rows.add(List.of(fmt(p.txGainDb), fmt(p.rxGainDb), fmt(p.snrDbEst), fmt(p.snrDbEstStd),
            p.framesDetected + "/" + p.framesSent, p.pathSnrDb == null ? "" : fmt(p.pathSnrDb),
            p.reliable() ? "yes" : "no"));
      }
    }
    report.plot(plot);
    report.table(List.of(table.txStage() + " (dB)", table.rxStage() + " (dB)",
        "SNR est. (dB)", "s.d. (dB)", "frames detected", "path SNR (dB)", "used by --target-snr"),
        rows);
  }

  private static String fmt(Double v) {
    return v != null && Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "n/a";
  }
}
