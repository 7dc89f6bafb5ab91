package io.jscclink.link.cli;

import io.jscclink.calibration.capture.CalibrationRig;
import io.jscclink.phy.frame.PhyConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import picocli.CommandLine.Option;

/** Options every {@code calibrate} subcommand shares: where samples come from, where results go. */
final class CalibrationOptions {
  @Option(names = "--device", defaultValue = "sim",
      description = "sim (default) | hackrf[:SERIAL] | sigmf:PATH (replay a recording).")
  String device;

  @Option(names = "--sidecar", split = ",", paramLabel = "HOST:PORT",
      description = "Attach to running sidecars instead of starting one: TX[,RX].")
  String[] sidecars;

  @Option(names = "--sample-rate", defaultValue = "1e6",
      description = "Sample rate, Hz (default ${DEFAULT-VALUE}).")
  double sampleRateHz;

  @Option(names = "--known-symbols", defaultValue = "64",
      description = "Known payload symbols per pilot frame (default ${DEFAULT-VALUE}).")
  int knownSymbols;

  @Option(names = "--out", defaultValue = "calibration-results",
      description = "Folder for the report, tables and recordings (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--json", description = "Print one JSON object of figures.")
  boolean json;

  CalibrationRig openRig(PhyConfig phy) throws IOException {
    String tx = sidecars == null ? null : sidecars[0];
    String rx = sidecars == null || sidecars.length < 2 ? null : sidecars[1];
    return CalibrationRig.open(device, tx, rx, phy, sampleRateHz);
  }

  /** A progress line on stderr, redrawn at most twice a second. */
  static IntConsumer progress(PrintWriter err, String label, int total) {
    return progress(err, label, total, "frames");
  }

  /** As above, counting {@code unit}; a total ≤ 0 means unknown (a count, no bar). */
  static IntConsumer progress(PrintWriter err, String label, int total, String unit) {
    long[] last = {0};
    return frames -> {
      long now = System.nanoTime();
      if (now - last[0] < 500_000_000L && (total <= 0 || frames < total)) {
        return;
      }
      last[0] = now;
      if (total <= 0) {
        err.printf("\r%s: %d %s   ", label, frames, unit);
        err.flush();
        return;
      }
      int width = 30;
      int filled = total <= 0 ? 0 : (int) Math.min(width, (long) width * frames / total);
      err.printf("\r%s [%s%s] %d/%d %s   ", label, "#".repeat(filled),
          ".".repeat(width - filled), frames, total, unit);
      err.flush();
    };
  }
}
