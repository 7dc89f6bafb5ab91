package io.jscclink.calibration.iq;

/**
 * DC offset and IQ gain/phase imbalance of a receiver, estimated blind from the first- and
 * second-order statistics of received samples, and the correction that undoes them.
 *
 * <p>Model (phy's channel emulation, {@code ChannelSimulator}): a circular signal x = I + jQ
 * picks up a DC offset (dcI, dcQ) and then passes an imbalanced mixer:
 * yI = I + dcI, yQ = g·((Q + dcQ)·cos φ − (I + dcI)·sin φ), with g the Q-branch gain
 * (dB: 20·log10 g) and φ the Q branch's skew from 90°. For a circular x, E[I²] = E[Q²] and
 * E[IQ] = 0, so after removing the means: g² = E[yQ²]/E[yI²] and
 * sin φ = −E[yI·yQ]/√(E[yI²]·E[yQ²]). Thermal noise and circular modulation (QPSK, analog
 * latents) qualify; BPSK alone does not.
 */
public final class IqImbalance {
  /** DC offset of the in-phase branch, full-scale units (before the mixer). */
  public final double dcI;
  /** DC offset of the quadrature branch, full-scale units (before the mixer). */
  public final double dcQ;
  /** Gain of the Q branch relative to I, dB. */
  public final double gainImbalanceDb;
  /** Skew of the Q branch from 90°, degrees. */
  public final double phaseImbalanceDeg;

  private final float outputDcQ;
  private final float invGain;
  private final float tanPhi;
  private final float invCosPhi;

  public IqImbalance(double dcI, double dcQ, double gainImbalanceDb, double phaseImbalanceDeg) {
    if (!(Math.abs(phaseImbalanceDeg) < 45) || !(Math.abs(gainImbalanceDb) < 20)) {
      throw new IllegalArgumentException(
          "IQ imbalance must be within ±20 dB and ±45°, got " + gainImbalanceDb + " dB, "
              + phaseImbalanceDeg + "°");
    }
    this.dcI = dcI;
    this.dcQ = dcQ;
    this.gainImbalanceDb = gainImbalanceDb;
    this.phaseImbalanceDeg = phaseImbalanceDeg;
    double phi = Math.toRadians(phaseImbalanceDeg);
    double g = Math.pow(10, gainImbalanceDb / 20);
    this.outputDcQ = (float) (g * (dcQ * Math.cos(phi) - dcI * Math.sin(phi)));
    this.invGain = (float) (1 / g);
    this.tanPhi = (float) Math.tan(phi);
    this.invCosPhi = (float) (1 / Math.cos(phi));
  }

  /** Estimates from {@code samples} interleaved complex samples starting at {@code offset}. */
  public static IqImbalance estimate(float[] iq, int offset, int samples) {
    if (samples < 2) {
      throw new IllegalArgumentException("need at least 2 samples, got " + samples);
    }
    double sumI = 0;
    double sumQ = 0;
    double sumII = 0;
    double sumQQ = 0;
    double sumIQ = 0;
    for (int k = 0; k < samples; k++) {
      double i = iq[offset + 2 * k];
      double q = iq[offset + 2 * k + 1];
      sumI += i;
      sumQ += q;
      sumII += i * i;
      sumQQ += q * q;
      sumIQ += i * q;
    }
    double meanI = sumI / samples;
    double meanQ = sumQ / samples;
    double varI = sumII / samples - meanI * meanI;
    double varQ = sumQQ / samples - meanQ * meanQ;
    double covIQ = sumIQ / samples - meanI * meanQ;
    if (!(varI > 0) || !(varQ > 0)) {
      throw new IllegalArgumentException(
          "a branch carries no signal (variance I " + varI + ", Q " + varQ + "): check the capture");
    }
    double g = Math.sqrt(varQ / varI);
    double sinPhi = Math.max(-1, Math.min(1, -covIQ / Math.sqrt(varI * varQ)));
    double cosPhi = Math.sqrt(1 - sinPhi * sinPhi);
    // Mean of yQ is g·(dcQ·cos φ − dcI·sin φ): refer it back to the mixer's input.
    double dcQ = (meanQ / g + meanI * sinPhi) / cosPhi;
    return new IqImbalance(meanI, dcQ, 20 * Math.log10(g), Math.toDegrees(Math.asin(sinPhi)));
  }

  /**
   * Undoes the offset and imbalance in place: with the means removed, I' = yI − dcI and
   * Q' = ((yQ − mean yQ)/g + I'·sin φ)/cos φ.
   */
  public void correct(float[] iq, int offset, int samples) {
    float dcIf = (float) dcI;
    for (int k = 0; k < samples; k++) {
      int p = offset + 2 * k;
      float i = iq[p] - dcIf;
      float q = (iq[p + 1] - outputDcQ) * invGain;
      iq[p] = i;
      iq[p + 1] = q * invCosPhi + i * tanPhi;
    }
  }

  /** Writes the correction as JSON ({@code jscc-link calibrate iq}; loaded by the receiver). */
  public void save(java.nio.file.Path file) throws java.io.IOException {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("version", 1);
    m.put("dc_i", dcI);
    m.put("dc_q", dcQ);
    m.put("gain_imbalance_db", gainImbalanceDb);
    m.put("phase_imbalance_deg", phaseImbalanceDeg);
    java.nio.file.Files.writeString(file, new com.google.gson.GsonBuilder().setPrettyPrinting()
        .create().toJson(m) + "\n", java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Reads a file written by {@link #save}; a wrong version or missing field is an error. */
  public static IqImbalance load(java.nio.file.Path file) throws java.io.IOException {
    com.google.gson.JsonObject o;
    try {
      o = com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(file,
          java.nio.charset.StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new java.io.IOException(file + " is not an IQ correction (JSON object): "
          + e.getMessage(), e);
    }
    if (!o.has("version") || o.get("version").getAsInt() != 1) {
      throw new java.io.IOException(file + ": IQ correction version must be 1");
    }
    for (String key : new String[] {"dc_i", "dc_q", "gain_imbalance_db", "phase_imbalance_deg"}) {
      if (!o.has(key)) {
        throw new java.io.IOException(file + ": IQ correction lacks '" + key + "'");
      }
    }
    return new IqImbalance(o.get("dc_i").getAsDouble(), o.get("dc_q").getAsDouble(),
        o.get("gain_imbalance_db").getAsDouble(), o.get("phase_imbalance_deg").getAsDouble());
  }
}
