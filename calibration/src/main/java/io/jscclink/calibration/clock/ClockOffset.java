package io.jscclink.calibration.clock;

/**
 * Sample-rate offset (ppm) and carrier frequency offset between a transmitter and a receiver,
 * from a long capture of frames sent at a known, fixed spacing.
 *
 * <p>If frame k leaves the transmitter at sample k·spacing of its clock and arrives at receiver
 * sample t_k (fractional, from the preamble timing), then t_k = t_0 + k·spacing·(1 + δ) with
 * δ the receiver's clock running fast against the transmitter's; δ·1e6 is the offset in ppm.
 * The least-squares slope of t_k against k gives δ with standard error σ_t/(spacing·√(Σ(k−k̄)²)).
 * Carrier offset: the mean of the per-frame CFO estimates, weighted equally.
 */
public final class ClockOffset {
  /** Receiver clock fast by this many parts per million (negative: slow). */
  public final double sampleRateOffsetPpm;
  /** Standard error of the ppm estimate from the regression residuals. */
  public final double sampleRateOffsetPpmStdErr;
  /** Mean carrier frequency offset, Hz. */
  public final double cfoHz;
  /** Standard error of the mean CFO, Hz. */
  public final double cfoHzStdErr;
  /** Frames the estimate used. */
  public final int frames;

  private ClockOffset(double ppm, double ppmErr, double cfo, double cfoErr, int frames) {
    this.sampleRateOffsetPpm = ppm;
    this.sampleRateOffsetPpmStdErr = ppmErr;
    this.cfoHz = cfo;
    this.cfoHzStdErr = cfoErr;
    this.frames = frames;
  }

  /**
   * @param frameIndex the transmitter's frame number of each detected frame (gaps allowed: a
   *     lost frame does not shift the others)
   * @param arrivalSample each frame's fractional arrival index in the receiver's sample clock
   * @param cfoHz each frame's CFO estimate, Hz
   * @param count frames detected
   * @param spacingSamples transmitter samples between the starts of consecutive frames
   */
  public static ClockOffset estimate(
      long[] frameIndex, double[] arrivalSample, double[] cfoHz, int count, double spacingSamples) {
    if (count < 3) {
      throw new IllegalArgumentException("need at least 3 detected frames, got " + count);
    }
    if (!(spacingSamples > 0)) {
      throw new IllegalArgumentException("frame spacing must be > 0 samples, got " + spacingSamples);
    }
    double meanK = 0;
    double meanT = 0;
    double meanCfo = 0;
    for (int i = 0; i < count; i++) {
      meanK += frameIndex[i];
      meanT += arrivalSample[i];
      meanCfo += cfoHz[i];
    }
    meanK /= count;
    meanT /= count;
    meanCfo /= count;
    double skk = 0;
    double skt = 0;
    for (int i = 0; i < count; i++) {
      double dk = frameIndex[i] - meanK;
      skk += dk * dk;
      skt += dk * (arrivalSample[i] - meanT);
    }
    if (!(skk > 0)) {
      throw new IllegalArgumentException("all frames have the same index: no slope to measure");
    }
    double slope = skt / skk; // receiver samples per transmitted frame
    double residual = 0;
    double cfoVar = 0;
    for (int i = 0; i < count; i++) {
      double fit = meanT + slope * (frameIndex[i] - meanK);
      residual += (arrivalSample[i] - fit) * (arrivalSample[i] - fit);
      cfoVar += (cfoHz[i] - meanCfo) * (cfoHz[i] - meanCfo);
    }
    double sigmaT = Math.sqrt(residual / (count - 2));
    double ppm = (slope / spacingSamples - 1) * 1e6;
    double ppmErr = sigmaT / (spacingSamples * Math.sqrt(skk)) * 1e6;
    double cfoErr = Math.sqrt(cfoVar / (count - 1) / count);
    return new ClockOffset(ppm, ppmErr, meanCfo, cfoErr, count);
  }
}
