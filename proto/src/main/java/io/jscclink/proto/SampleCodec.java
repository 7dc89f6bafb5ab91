package io.jscclink.proto;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.jscclink.proto.sdr.v1.SampleFormat;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts interleaved float I/Q ({@code [i0, q0, i1, q1, …]}, full scale ±1) to and from the
 * little-endian {@code bytes} of a {@link io.jscclink.proto.sdr.v1.SampleBlock} or
 * {@link io.jscclink.proto.sdr.v1.TxChunk}.
 *
 * <p>Every method works on caller-owned arrays and allocates nothing per sample. Integer
 * formats clip to full scale and round to nearest.
 */
public final class SampleCodec {
  /** Full-scale value of CS16 samples. */
  public static final float CS16_FULL_SCALE = 32767f;
  /** Full-scale value of CS8 samples. */
  public static final float CS8_FULL_SCALE = 127f;

  private static final VarHandle FLOAT_LE =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT_LE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  private SampleCodec() {}

  /** Bytes per complex sample (I and Q together) of a format. */
  public static int bytesPerSample(SampleFormat format) {
    switch (format) {
      case SAMPLE_FORMAT_CF32:
        return 8;
      case SAMPLE_FORMAT_CS16:
        return 4;
      case SAMPLE_FORMAT_CS8:
        return 2;
      default:
        throw new IllegalArgumentException(
            "sample format must be CF32, CS16 or CS8, got " + format);
    }
  }

  /**
   * Encodes {@code samples} complex samples from {@code iq[offset…]} into {@code dst} at
   * {@code dstOffset}; returns the number of bytes written.
   */
  public static int encode(
      float[] iq, int offset, int samples, SampleFormat format, byte[] dst, int dstOffset) {
    int values = 2 * samples;
    int bytes = samples * bytesPerSample(format);
    if (offset < 0 || values > iq.length - offset) {
      throw new IndexOutOfBoundsException(
          "need " + values + " floats from offset " + offset + ", array holds " + iq.length);
    }
    if (dstOffset < 0 || bytes > dst.length - dstOffset) {
      throw new IndexOutOfBoundsException(
          "need " + bytes + " bytes from offset " + dstOffset + ", array holds " + dst.length);
    }
    switch (format) {
      case SAMPLE_FORMAT_CF32:
        for (int k = 0; k < values; k++) {
          FLOAT_LE.set(dst, dstOffset + 4 * k, iq[offset + k]);
        }
        break;
      case SAMPLE_FORMAT_CS16:
        for (int k = 0; k < values; k++) {
          SHORT_LE.set(dst, dstOffset + 2 * k, (short) toInt(iq[offset + k], CS16_FULL_SCALE));
        }
        break;
      default: // CS8, validated by bytesPerSample
        for (int k = 0; k < values; k++) {
          dst[dstOffset + k] = (byte) toInt(iq[offset + k], CS8_FULL_SCALE);
        }
        break;
    }
    return bytes;
  }

  /**
   * Encodes into a new {@link ByteString}. The backing array is handed to protobuf without a
   * second copy.
   */
  public static ByteString encode(float[] iq, int offset, int samples, SampleFormat format) {
    byte[] bytes = new byte[samples * bytesPerSample(format)];
    encode(iq, offset, samples, format, bytes, 0);
    return UnsafeByteOperations.unsafeWrap(bytes);
  }

  /** Number of complex samples held by {@code bytes}; rejects a partial sample. */
  public static int sampleCount(ByteString bytes, SampleFormat format) {
    int per = bytesPerSample(format);
    if (bytes.size() % per != 0) {
      throw new IllegalArgumentException(
          bytes.size() + " bytes is not a whole number of " + format + " samples (" + per
              + " bytes each)");
    }
    return bytes.size() / per;
  }

  /**
   * Decodes every sample of {@code bytes} into {@code dst} at {@code dstOffset} (interleaved
   * floats, full scale ±1); returns the number of complex samples decoded.
   */
  public static int decode(ByteString bytes, SampleFormat format, float[] dst, int dstOffset) {
    int samples = sampleCount(bytes, format);
    int values = 2 * samples;
    if (dstOffset < 0 || values > dst.length - dstOffset) {
      throw new IndexOutOfBoundsException(
          "block holds " + samples + " samples; destination has room for "
              + Math.max(0, (dst.length - dstOffset) / 2));
    }
    ByteBuffer buf = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    switch (format) {
      case SAMPLE_FORMAT_CF32:
        buf.asFloatBuffer().get(dst, dstOffset, values);
        break;
      case SAMPLE_FORMAT_CS16:
        for (int k = 0; k < values; k++) {
          dst[dstOffset + k] = buf.getShort(2 * k) / CS16_FULL_SCALE;
        }
        break;
      default: // CS8
        for (int k = 0; k < values; k++) {
          dst[dstOffset + k] = buf.get(k) / CS8_FULL_SCALE;
        }
        break;
    }
    return samples;
  }

  private static int toInt(float value, float fullScale) {
    float scaled = value * fullScale;
    if (scaled >= fullScale) {
      return (int) fullScale;
    }
    if (scaled <= -fullScale) {
      return (int) -fullScale;
    }
    if (Float.isNaN(scaled)) {
      return 0;
    }
    // Math.round(float)'s floor(x + 1/2), exact in double: Math.floor is an intrinsic and
    // Math.round(float) is not on Java 17 (CS8 encode 8.3 → 5 ns per sample).
    return (int) Math.floor(scaled + 0.5);
  }


}
