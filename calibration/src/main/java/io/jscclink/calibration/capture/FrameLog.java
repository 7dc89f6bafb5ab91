package io.jscclink.calibration.capture;

import io.jscclink.phy.sync.ReceivedFrame;
import java.util.Arrays;

/**
 * What the receiver measured on each pilot frame of a capture, in primitive arrays indexed in
 * detection order. The frame gain is the mean of the frame's pilot-group gains (the channel
 * is taken as constant over one short frame; the group gains feed the Doppler estimate).
 */
public final class FrameLog {
  private int count;
  private long[] frameIndex = new long[256];
  private double[] startSample = new double[256];
  private double[] pilotSnrDb = new double[256];
  private double[] m2m4SnrDb = new double[256];
  private double[] cfoHz = new double[256];
  private double[] gainRe = new double[256];
  private double[] gainIm = new double[256];
  private int[] burst = new int[256];

  /** Adds a frame; {@code index} is the transmitter's frame number. */
  public void add(ReceivedFrame f, long index, int burstNumber, double sampleRateHz) {
    if (count == frameIndex.length) {
      int n = 2 * count;
      frameIndex = Arrays.copyOf(frameIndex, n);
      startSample = Arrays.copyOf(startSample, n);
      pilotSnrDb = Arrays.copyOf(pilotSnrDb, n);
      m2m4SnrDb = Arrays.copyOf(m2m4SnrDb, n);
      cfoHz = Arrays.copyOf(cfoHz, n);
      gainRe = Arrays.copyOf(gainRe, n);
      gainIm = Arrays.copyOf(gainIm, n);
      burst = Arrays.copyOf(burst, n);
    }
    double re = 0;
    double im = 0;
    for (int g = 0; g < f.groups(); g++) {
      re += f.gainRe(g);
      im += f.gainIm(g);
    }
    frameIndex[count] = index;
    startSample[count] = f.startSample();
    pilotSnrDb[count] = f.pilotSnrDb();
    m2m4SnrDb[count] = f.m2m4SnrDb();
    cfoHz[count] = f.cfoHz(sampleRateHz);
    gainRe[count] = re / Math.max(1, f.groups());
    gainIm[count] = im / Math.max(1, f.groups());
    burst[count] = burstNumber;
    count++;
  }

  public int count() {
    return count;
  }

  public long[] frameIndex() {
    return frameIndex;
  }

  public double[] startSample() {
    return startSample;
  }

  public double[] pilotSnrDb() {
    return pilotSnrDb;
  }

  public double[] m2m4SnrDb() {
    return m2m4SnrDb;
  }

  public double[] cfoHz() {
    return cfoHz;
  }

  public double[] gainRe() {
    return gainRe;
  }

  public double[] gainIm() {
    return gainIm;
  }

  /** The TX burst each frame came in (frames of one burst are evenly spaced in time). */
  public int[] burst() {
    return burst;
  }
}
