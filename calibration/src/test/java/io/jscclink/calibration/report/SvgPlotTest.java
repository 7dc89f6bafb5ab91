package io.jscclink.calibration.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class SvgPlotTest {
  @TempDir Path dir;

  @Test
  void rendersWellFormedSvgWithOnePolylinePerLineSeries() throws Exception {
    SvgPlot plot =
        new SvgPlot("Error <vs> SNR", "SNR (dB)", "error (dB)")
            .line("pilot", new double[] {0, 10, 20}, new double[] {0.3, 0.1, Double.NaN})
            .dashed("CRB", new double[] {0, 10, 20}, new double[] {0.2, 0.1, 0.05})
            .markers("M2M4", new double[] {0, 10}, new double[] {0.5, 0.4})
            .bars("hist", new double[] {0.5, 1.5, 2.5}, new double[] {3, 5, 1});
    String svg = plot.toSvg();
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes("UTF-8")));
    assertEquals("svg", doc.getDocumentElement().getTagName());
    assertEquals(2, doc.getElementsByTagName("polyline").getLength());
    assertTrue(svg.contains("Error &lt;vs&gt; SNR"));
    assertTrue(svg.contains("stroke-dasharray"));
  }

  @Test
  void ticksFallOnRoundNumbers() {
    assertArrayEquals(new double[] {0, 5, 10, 15, 20, 25}, SvgPlot.ticks(0, 25), 1e-12);
    assertArrayEquals(new double[] {-0.2, 0, 0.2}, SvgPlot.ticks(-0.3, 0.3), 1e-12);
  }

  @Test
  void htmlReportIsOneSelfContainedFile() throws Exception {
    HtmlReport report = new HtmlReport("Calibration");
    report.heading("SNR").paragraph("a & b")
        .table(List.of("SNR", "bias"), List.of(List.of("0", "0.1")))
        .plot(new SvgPlot("t", "x", "y").line("l", new double[] {0, 1}, new double[] {0, 1}))
        .png(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "img", 100);
    Path file = dir.resolve("sub/report.html");
    report.write(file);
    String html = Files.readString(file);
    assertTrue(html.contains("a &amp; b"));
    assertTrue(html.contains("data:image/png;base64,iVBORw=="), html);
    assertTrue(html.contains("<svg"));
    assertThrows(
        IllegalArgumentException.class,
        () -> report.table(List.of("a", "b"), List.of(List.of("1"))));
  }
}
