package io.jscclink.calibration.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * A self-contained HTML report: headings, paragraphs, tables, inline SVG charts and PNG images
 * embedded as data URIs. One file, readable offline, nothing beside it.
 */
public final class HtmlReport {
  private final StringBuilder body = new StringBuilder(16384);
  private final String title;

  public HtmlReport(String title) {
    this.title = title;
    body.append("<h1>").append(SvgPlot.escape(title)).append("</h1>\n");
  }

  public HtmlReport heading(String text) {
    body.append("<h2>").append(SvgPlot.escape(text)).append("</h2>\n");
    return this;
  }

  public HtmlReport paragraph(String text) {
    body.append("<p>").append(SvgPlot.escape(text)).append("</p>\n");
    return this;
  }

  /** A table; every row must have as many cells as the header. */
  public HtmlReport table(List<String> header, List<List<String>> rows) {
    body.append("<table>\n<tr>");
    for (String h : header) {
      body.append("<th>").append(SvgPlot.escape(h)).append("</th>");
    }
    body.append("</tr>\n");
    for (List<String> row : rows) {
      if (row.size() != header.size()) {
        throw new IllegalArgumentException(
            "table row has " + row.size() + " cells, header has " + header.size());
      }
      body.append("<tr>");
      for (String cell : row) {
        body.append("<td>").append(SvgPlot.escape(cell)).append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  public HtmlReport plot(SvgPlot plot) {
    body.append("<figure>").append(plot.toSvg()).append("</figure>\n");
    return this;
  }

  /** Embeds a PNG (its encoded bytes) with a caption. */
  public HtmlReport png(byte[] png, String caption, int widthPx) {
    body.append("<figure><img width=\"").append(widthPx).append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png)).append("\" alt=\"")
        .append(SvgPlot.escape(caption)).append("\"><figcaption>")
        .append(SvgPlot.escape(caption)).append("</figcaption></figure>\n");
    return this;
  }

  public String toHtml() {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + SvgPlot.escape(title)
        + "</title><style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;}"
        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
        + "padding:3px 8px;text-align:right}figure{display:inline-block;margin:0.5em}"
        + "</style></head><body>\n"
        + body
        + "</body></html>\n";
  }

  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, toHtml(), StandardCharsets.UTF_8);
  }
}
