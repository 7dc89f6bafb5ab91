package io.jscclink.link.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Every received frame's estimates beside the simulated channel's truth (NaN where the channel
 * is not simulated in this process): SNR as Es/N0 in dB and the complex gain (the mean of the
 * pilot-group estimates; the truth at the frame's first sample). Primitive arrays, grown by
 * doubling; written as CSV for plots.
 */
public final class FrameRecords {
  private int count;
  private int[] sequence = new int[256];
  private int[] image = new int[256];
  private int[] fragment = new int[256];
  private double[] values = new double[256 * 6];

  public void add(int seq, int imageIndex, int fragmentIndex, double snrEstDb, double snrTrueDb,
      double gainEstRe, double gainEstIm, double gainTrueRe, double gainTrueIm) {
    if (count == sequence.length) {
      sequence = Arrays.copyOf(sequence, 2 * count);
      image = Arrays.copyOf(image, 2 * count);
      fragment = Arrays.copyOf(fragment, 2 * count);
      values = Arrays.copyOf(values, 2 * values.length);
    }
    sequence[count] = seq;
    image[count] = imageIndex;
    fragment[count] = fragmentIndex;
    int v = 6 * count;
    values[v] = snrEstDb;
    values[v + 1] = snrTrueDb;
    values[v + 2] = gainEstRe;
    values[v + 3] = gainEstIm;
    values[v + 4] = gainTrueRe;
    values[v + 5] = gainTrueIm;
    count++;
  }

  public int count() {
    return count;
  }

  public double snrTrueDb(int i) {
    return values[6 * i + 1];
  }

  public double snrEstDb(int i) {
    return values[6 * i];
  }

  public int sequence(int i) {
    return sequence[i];
  }

  /** |h| of frame i: estimated (true = false) or the channel's (true = true). */
  public double gainMagnitude(int i, boolean truth) {
    int v = 6 * i + (truth ? 4 : 2);
    return Math.hypot(values[v], values[v + 1]);
  }

  /** Mean of the finite true SNRs, dB; NaN when none is known. */
  public double meanTrueSnrDb() {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < count; i++) {
      if (Double.isFinite(snrTrueDb(i))) {
        sum += snrTrueDb(i);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  public void writeCsv(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("sequence,image,fragment,snr_db_est,snr_db_true,gain_est_re,gain_est_im,"
          + "gain_true_re,gain_true_im\n");
      for (int i = 0; i < count; i++) {
        int v = 6 * i;
        w.write(String.format(Locale.ROOT, "%d,%d,%d,%.4f,%.4f,%.5f,%.5f,%.5f,%.5f%n",
            sequence[i], image[i], fragment[i], values[v], values[v + 1], values[v + 2],
            values[v + 3], values[v + 4], values[v + 5]));
      }
    }
  }
}
