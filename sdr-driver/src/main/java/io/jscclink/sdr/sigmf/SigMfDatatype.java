package io.jscclink.sdr.sigmf;

import io.jscclink.proto.sdr.v1.SampleFormat;

/**
 * The SigMF {@code core:datatype} values this module reads and writes: complex, little
 * endian. Their bytes are exactly the sidecar's wire formats, so {@link
 * io.jscclink.proto.SampleCodec} converts them.
 */
public enum SigMfDatatype {
  /** 32-bit float I/Q, full scale ±1. */
  CF32_LE("cf32_le", SampleFormat.SAMPLE_FORMAT_CF32),
  /** 16-bit signed integer I/Q, full scale ±32767. */
  CI16_LE("ci16_le", SampleFormat.SAMPLE_FORMAT_CS16),
  /** 8-bit signed integer I/Q, full scale ±127 (HackRF's native samples). */
  CI8("ci8", SampleFormat.SAMPLE_FORMAT_CS8);

  private final String name;
  private final SampleFormat format;

  SigMfDatatype(String name, SampleFormat format) {
    this.name = name;
    this.format = format;
  }

  /** The {@code core:datatype} string. */
  public String sigmfName() {
    return name;
  }

  /** The same bytes as a sidecar sample format. */
  public SampleFormat format() {
    return format;
  }

  /** Bytes per complex sample. */
  public int bytesPerSample() {
    return io.jscclink.proto.SampleCodec.bytesPerSample(format);
  }

  /**
   * The datatype named {@code core:datatype}.
   *
   * @throws IllegalArgumentException for any other, naming the supported ones
   */
  public static SigMfDatatype parse(String sigmfName) {
    for (SigMfDatatype type : values()) {
      if (type.name.equals(sigmfName)) {
        return type;
      }
    }
    throw new IllegalArgumentException("core:datatype '" + sigmfName + "' is not supported: "
        + "allowed cf32_le, ci16_le, ci8");
  }
}
