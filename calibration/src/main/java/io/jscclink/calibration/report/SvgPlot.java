package io.jscclink.calibration.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small self-contained SVG chart: lines, markers, and histogram bars on linear axes with
 * ticks, axis labels and a legend. Reports embed the SVG text inline, so they need no files
 * beside them and no scripts.
 */
public final class SvgPlot {
  private static final String[] COLOURS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"
  };
  private static final int WIDTH = 560;
  private static final int HEIGHT = 340;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 28;
  private static final int BOTTOM = 48;

  private enum Kind { LINE, MARKERS, BARS }

  private static final class Series {
    final String label;
    final double[] x;
    final double[] y;
    final Kind kind;
    final boolean dashed;

    Series(String label, double[] x, double[] y, Kind kind, boolean dashed) {
      if (x.length != y.length) {
        throw new IllegalArgumentException(
            "series '" + label + "' has " + x.length + " x values and " + y.length + " y values");
      }
      this.label = label;
      this.x = x.clone();
      this.y = y.clone();
      this.kind = kind;
      this.dashed = dashed;
    }
  }

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();

  public SvgPlot(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  public SvgPlot line(String label, double[] x, double[] y) {
    series.add(new Series(label, x, y, Kind.LINE, false));
    return this;
  }

  public SvgPlot dashed(String label, double[] x, double[] y) {
    series.add(new Series(label, x, y, Kind.LINE, true));
    return this;
  }

  public SvgPlot markers(String label, double[] x, double[] y) {
    series.add(new Series(label, x, y, Kind.MARKERS, false));
    return this;
  }

  /** Histogram bars: x holds the bin centres (equal widths), y the heights. */
  public SvgPlot bars(String label, double[] binCentres, double[] heights) {
    series.add(new Series(label, binCentres, heights, Kind.BARS, false));
    return this;
  }

  /** Renders the chart; non-finite points are skipped. */
  public String toSvg() {
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      double halfBin = s.kind == Kind.BARS && s.x.length > 1 ? (s.x[1] - s.x[0]) / 2 : 0;
      for (int k = 0; k < s.x.length; k++) {
        if (!Double.isFinite(s.x[k]) || !Double.isFinite(s.y[k])) {
          continue;
        }
        xMin = Math.min(xMin, s.x[k] - halfBin);
        xMax = Math.max(xMax, s.x[k] + halfBin);
        yMin = Math.min(yMin, s.kind == Kind.BARS ? 0 : s.y[k]);
        yMax = Math.max(yMax, s.y[k]);
      }
    }
    if (!(xMax >= xMin)) {
      xMin = 0;
      xMax = 1;
      yMin = 0;
      yMax = 1;
    }
    if (xMax == xMin) {
      xMin -= 0.5;
      xMax += 0.5;
    }
    if (yMax == yMin) {
      yMin -= 0.5;
      yMax += 0.5;
    }
    double yPad = (yMax - yMin) * 0.05;
    yMax += yPad;
    if (yMin != 0) {
      yMin -= yPad;
    }
    Axis ax = new Axis(xMin, xMax, LEFT, WIDTH - RIGHT);
    Axis ay = new Axis(yMin, yMax, HEIGHT - BOTTOM, TOP);

    StringBuilder svg = new StringBuilder(4096);
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">",
        WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"16\" text-anchor=\"middle\" font-size=\"13\">%s</text>",
        WIDTH / 2, escape(title)));
    for (double t : ticks(xMin, xMax)) {
      double px = ax.map(t);
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
              + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
          px, TOP, px, HEIGHT - BOTTOM, px, HEIGHT - BOTTOM + 14, tickLabel(t)));
    }
    for (double t : ticks(yMin, yMax)) {
      double py = ay.map(t);
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
              + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
          LEFT, py, WIDTH - RIGHT, py, LEFT - 4, py + 4, tickLabel(t)));
    }
    svg.append(String.format(Locale.ROOT,
        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>",
        LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
        (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 10, escape(xLabel)));
    svg.append(String.format(Locale.ROOT,
        "<text transform=\"translate(14 %d) rotate(-90)\" text-anchor=\"middle\">%s</text>",
        (TOP + HEIGHT - BOTTOM) / 2, escape(yLabel)));

    for (int s = 0; s < series.size(); s++) {
      Series ser = series.get(s);
      String colour = COLOURS[s % COLOURS.length];
      switch (ser.kind) {
        case BARS:
          double width = ser.x.length > 1 ? Math.abs(ax.map(ser.x[1]) - ax.map(ser.x[0])) : 10;
          for (int k = 0; k < ser.x.length; k++) {
            if (!Double.isFinite(ser.y[k])) {
              continue;
            }
            double top = ay.map(ser.y[k]);
            svg.append(String.format(Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                    + "fill-opacity=\"0.45\"/>",
                ax.map(ser.x[k]) - width / 2, top, width, ay.map(Math.max(0, yMin)) - top,
                colour));
          }
          break;
        case MARKERS:
          for (int k = 0; k < ser.x.length; k++) {
            if (Double.isFinite(ser.x[k]) && Double.isFinite(ser.y[k])) {
              svg.append(String.format(Locale.ROOT,
                  "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.2\" fill=\"%s\"/>",
                  ax.map(ser.x[k]), ay.map(ser.y[k]), colour));
            }
          }
          break;
        default:
          svg.append("<polyline fill=\"none\" stroke-width=\"1.6\" stroke=\"").append(colour)
              .append(ser.dashed ? "\" stroke-dasharray=\"5 3" : "").append("\" points=\"");
          for (int k = 0; k < ser.x.length; k++) {
            if (Double.isFinite(ser.x[k]) && Double.isFinite(ser.y[k])) {
              svg.append(String.format(Locale.ROOT, "%.1f,%.1f ",
                  ax.map(ser.x[k]), ay.map(ser.y[k])));
            }
          }
          svg.append("\"/>");
      }
      svg.append(String.format(Locale.ROOT,
          "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
              + "<text x=\"%d\" y=\"%d\">%s</text>",
          LEFT + 8, TOP + 6 + 14 * s, colour, LEFT + 22, TOP + 15 + 14 * s, escape(ser.label)));
    }
    svg.append("</svg>");
    return svg.toString();
  }

  private static final class Axis {
    final double lo;
    final double hi;
    final double pixLo;
    final double pixHi;

    Axis(double lo, double hi, double pixLo, double pixHi) {
      this.lo = lo;
      this.hi = hi;
      this.pixLo = pixLo;
      this.pixHi = pixHi;
    }

    double map(double v) {
      return pixLo + (v - lo) / (hi - lo) * (pixHi - pixLo);
    }
  }

  /** About five ticks at 1, 2 or 5 times a power of ten. */
  static double[] ticks(double lo, double hi) {
    double raw = (hi - lo) / 5;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = magnitude;
    for (double m : new double[] {1, 2, 5, 10}) {
      step = m * magnitude;
      if (step >= raw) {
        break;
      }
    }
    double first = Math.ceil(lo / step) * step;
    int n = (int) Math.floor((hi - first) / step + 1e-9) + 1;
    double[] t = new double[Math.max(n, 0)];
    for (int k = 0; k < t.length; k++) {
      t[k] = first + k * step;
    }
    return t;
  }

  private static String tickLabel(double v) {
    if (Math.abs(v) < 1e-12) {
      return "0";
    }
    if (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3) {
      return String.format(Locale.ROOT, "%.1e", v);
    }
    return String.format(Locale.ROOT, "%.4g", v).replaceAll("\\.?0+$", "");
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
