package io.jscclink.sdr.hackrf;

/**
 * The HackRF One wire constants and payload encodings, as libhackrf sends them. Pure
 * functions: no USB here.
 */
public final class HackRfProtocol {
  /** USB vendor id (OpenMoko, used by Great Scott Gadgets). */
  public static final int VENDOR_ID = 0x1D50;
  /** USB product id of HackRF One. */
  public static final int PRODUCT_ID = 0x6089;
  /** USB configuration used for streaming. */
  public static final int CONFIGURATION = 1;
  /** The interface claimed for control and bulk transfers. */
  public static final int INTERFACE = 0;
  /** Bulk IN endpoint of received samples. */
  public static final int RX_ENDPOINT = 0x81;
  /** Bulk OUT endpoint of samples to transmit. */
  public static final int TX_ENDPOINT = 0x02;
  /** Bulk packet size; TX transfers are padded to a multiple of it. */
  public static final int PACKET_BYTES = 512;
  /** Timeout of every vendor request, ms. */
  public static final int CONTROL_TIMEOUT_MS = 100;
  /** Transceiver modes (wValue of SET_TRANSCEIVER_MODE). */
  public static final int MODE_OFF = 0;
  public static final int MODE_RX = 1;
  public static final int MODE_TX = 2;
  /** The MAX2837 baseband filter bandwidths, Hz, ascending. */
  public static final double[] FILTER_BANDWIDTHS_HZ = {
    1.75e6, 2.5e6, 3.5e6, 5e6, 5.5e6, 6e6, 7e6, 8e6, 9e6, 10e6, 12e6, 14e6, 15e6, 20e6, 24e6,
    28e6
  };
  /** Largest divider libhackrf tries when it makes a fractional rate exact. */
  static final int MAX_DIVIDER = 31;

  private HackRfProtocol() {}

  /** SET_FREQ payload: LE {u32 whole MHz, u32 remaining Hz}. */
  public static byte[] frequencyPayload(long frequencyHz) {
    long mhz = frequencyHz / 1_000_000L;
    long hz = frequencyHz - mhz * 1_000_000L;
    byte[] payload = new byte[8];
    putU32(payload, 0, mhz);
    putU32(payload, 4, hz);
    return payload;
  }

  /**
   * SAMPLE_RATE_SET payload: LE {u32 freq_hz, u32 divider} with the smallest divider i in
   * 1–31 that makes rate·i a whole number of Hz (to within the rounding of a double), as
   * libhackrf does: 20e6 → {20000000, 1}, 8e6/3 → {8000000, 3}. With no such i, {round(rate),
   * 1}.
   */
  public static byte[] sampleRatePayload(double sampleRateHz) {
    int divider = divider(sampleRateHz);
    byte[] payload = new byte[8];
    putU32(payload, 0, Math.round(sampleRateHz * divider));
    putU32(payload, 4, divider);
    return payload;
  }

  /** The divider {@link #sampleRatePayload} uses. */
  static int divider(double sampleRateHz) {
    for (int i = 1; i <= MAX_DIVIDER; i++) {
      double scaled = sampleRateHz * i;
      // A few ulps of the rate per step: what survives of the fraction after i additions.
      if (Math.abs(scaled - Math.rint(scaled)) <= 16 * Math.ulp(sampleRateHz) * i) {
        return i;
      }
    }
    return 1;
  }

  /**
   * The filter libhackrf picks for a sample rate: the largest bandwidth ≤ 0.75·rate, or the
   * smallest one when even that is wider.
   */
  public static double defaultFilterBandwidthHz(double sampleRateHz) {
    double limit = Math.floor(0.75 * sampleRateHz);
    double chosen = FILTER_BANDWIDTHS_HZ[0];
    for (double bandwidth : FILTER_BANDWIDTHS_HZ) {
      if (bandwidth <= limit) {
        chosen = bandwidth;
      }
    }
    return chosen;
  }

  private static void putU32(byte[] into, int offset, long value) {
    into[offset] = (byte) value;
    into[offset + 1] = (byte) (value >>> 8);
    into[offset + 2] = (byte) (value >>> 16);
    into[offset + 3] = (byte) (value >>> 24);
  }
}
