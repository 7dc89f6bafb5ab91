package io.jscclink.link.report;

import io.jscclink.calibration.report.HtmlReport;
import io.jscclink.calibration.report.SvgPlot;
import io.jscclink.link.pipeline.LinkRun;
import io.jscclink.models.data.ImageSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code report.html} of a link run: the figures, sent beside received images, per-image
 * PSNR and class, the constellation of received payload symbols, and per-frame traces of the
 * estimated against the true SNR and |h| (true where the channel is simulated in process).
 */
public final class LinkReport {
  private LinkReport() {}

  public static HtmlReport of(LinkRun.Result r, ImageSet sent, int count, byte[] gridPng,
      String models) {
    LinkSummary s = r.summary();
    HtmlReport report = new HtmlReport("jscc-link: " + s.scheme + " over " + s.channel);
    report.paragraph("Device: " + s.device + ". Models: " + models + ".");
    List<List<String>> figures = new ArrayList<>();
    for (Map.Entry<String, Object> e : s.toMap().entrySet()) {
      figures.add(List.of(e.getKey(), String.valueOf(e.getValue())));
    }
    report.table(List.of("figure", "value"), figures);
    report.heading("Sent (top) and received (bottom)");
    report.png(gridPng, "sent and received", gridPng.length > 0 ? 16 * 28 * 3 : 0);

    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < Math.min(count, 64); i++) {
      rows.add(List.of(Integer.toString(i), Integer.toString(sent.labels()[i]),
          r.predicted()[i] < 0 ? "—" : Integer.toString(r.predicted()[i]),
          Double.isNaN(r.psnrDb()[i]) ? "—" : String.format(Locale.ROOT, "%.2f", r.psnrDb()[i]),
          r.complete()[i] ? "yes" : "no"));
    }
    report.heading("Per image");
    report.table(List.of("image", "label", "predicted", "PSNR dB", "complete"), rows);

    float[] c = r.constellation();
    if (c.length > 0) {
      double[] re = new double[c.length / 2];
      double[] im = new double[c.length / 2];
      for (int k = 0; k < re.length; k++) {
        re[k] = c[2 * k];
        im[k] = c[2 * k + 1];
      }
      report.plot(new SvgPlot("Received payload symbols (equalised)", "I", "Q")
          .markers("symbols", re, im));
    }
    FrameRecords f = r.frames();
    if (f.count() > 0) {
      double[] seq = new double[f.count()];
      double[] est = new double[f.count()];
      double[] truth = new double[f.count()];
      double[] hEst = new double[f.count()];
      double[] hTrue = new double[f.count()];
      for (int i = 0; i < f.count(); i++) {
        seq[i] = i;
        est[i] = f.snrEstDb(i);
        truth[i] = f.snrTrueDb(i);
        hEst[i] = f.gainMagnitude(i, false);
        hTrue[i] = f.gainMagnitude(i, true);
      }
      SvgPlot snr = new SvgPlot("Per-frame SNR", "frame", "Es/N0 (dB)").markers("estimated", seq,
          est);
      SvgPlot gain = new SvgPlot("Per-frame |h|", "frame", "|h|").markers("estimated", seq, hEst);
      if (Double.isFinite(f.meanTrueSnrDb())) {
        snr.line("true", seq, truth);
        gain.line("true", seq, hTrue);
      }
      report.plot(snr);
      report.plot(gain);
    }
    return report;
  }
}
