package io.jscclink.sdr.hackrf;

/** HackRF One vendor requests (bRequest values of libhackrf's {@code hackrf.c}). */
public enum HackRfRequest {
  /** wValue: 0 off, 1 receive, 2 transmit. OUT, no data. */
  SET_TRANSCEIVER_MODE(1),
  /** 8 bytes LE {u32 freq_hz, u32 divider}: sample rate freq_hz / divider. OUT. */
  SAMPLE_RATE_SET(6),
  /** wValue = bandwidth & 0xFFFF, wIndex = bandwidth >> 16 (Hz). OUT, no data. */
  BASEBAND_FILTER_BANDWIDTH_SET(7),
  /** 8 bytes LE {u32 MHz, u32 remaining Hz}. OUT. */
  SET_FREQ(16),
  /** wValue 1 on, 0 off: the 14 dB RF amplifier. OUT, no data. */
  AMP_ENABLE(17),
  /** wIndex = gain dB (0–40, step 8). IN, 1 byte back, non-zero = accepted. */
  SET_LNA_GAIN(19),
  /** wIndex = gain dB (0–62, step 2). IN, 1 byte back, non-zero = accepted. */
  SET_VGA_GAIN(20),
  /** wIndex = gain dB (0–47). IN, 1 byte back, non-zero = accepted. */
  SET_TXVGA_GAIN(21);

  private final int code;

  HackRfRequest(int code) {
    this.code = code;
  }

  /** The bRequest value on the wire. */
  public int code() {
    return code;
  }
}
