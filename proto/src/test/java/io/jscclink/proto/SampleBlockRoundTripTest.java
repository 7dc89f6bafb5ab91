package io.jscclink.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.jscclink.proto.sdr.v1.SampleBlock;
import io.jscclink.proto.sdr.v1.SampleFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SampleBlockRoundTripTest {
  private static final int SAMPLES = 4096;

  private static float[] randomIq(long seed) {
    Random rng = new Random(seed);
    float[] iq = new float[2 * SAMPLES];
    for (int k = 0; k < iq.length; k++) {
      iq[k] = (float) (rng.nextDouble() * 2 - 1);
    }
    return iq;
  }

  private static SampleBlock throughTheWire(SampleBlock block) throws Exception {
    byte[] wire = block.toByteArray();
    return SampleBlock.parseFrom(wire);
  }

  @Test
  void cf32BlockSurvivesSerialisationBitExact() throws Exception {
    float[] iq = randomIq(1);
    SampleBlock sent =
        SampleBlock.newBuilder()
            .setSequence(7)
            .setFirstSampleIndex(123_456_789_012L)
            .setFormat(SampleFormat.SAMPLE_FORMAT_CF32)
            .setSamples(SampleCodec.encode(iq, 0, SAMPLES, SampleFormat.SAMPLE_FORMAT_CF32))
            .setSampleCount(SAMPLES)
            .setEndOfBurst(true)
            .setSamplesLostBefore(42)
            .build();

    SampleBlock got = throughTheWire(sent);
    float[] out = new float[2 * SAMPLES];
    int n = SampleCodec.decode(got.getSamples(), got.getFormat(), out, 0);

    assertEquals(SAMPLES, n);
    assertArrayEquals(iq, out);
    assertEquals(7, got.getSequence());
    assertEquals(123_456_789_012L, got.getFirstSampleIndex());
    assertEquals(42, got.getSamplesLostBefore());
    assertTrue(got.getEndOfBurst());
    assertEquals(SAMPLES * 8, got.getSamples().size());
  }

  @Test
  void integerFormatsRoundTripWithinHalfAQuantisationStep() throws Exception {
    float[] iq = randomIq(2);
    for (SampleFormat format :
        new SampleFormat[] {SampleFormat.SAMPLE_FORMAT_CS16, SampleFormat.SAMPLE_FORMAT_CS8}) {
      float fullScale =
          format == SampleFormat.SAMPLE_FORMAT_CS16
              ? SampleCodec.CS16_FULL_SCALE
              : SampleCodec.CS8_FULL_SCALE;
      SampleBlock sent =
          SampleBlock.newBuilder()
              .setFormat(format)
              .setSamples(SampleCodec.encode(iq, 0, SAMPLES, format))
              .setSampleCount(SAMPLES)
              .build();
      SampleBlock got = throughTheWire(sent);
      float[] out = new float[2 * SAMPLES];
      assertEquals(SAMPLES, SampleCodec.decode(got.getSamples(), format, out, 0));
      float halfStep = 0.5f / fullScale + 1e-7f;
      for (int k = 0; k < iq.length; k++) {
        assertEquals(iq[k], out[k], halfStep, format + " value " + k);
      }
    }
  }

  @Test
  void cs8IsTheExactHackRfByteLayout() {
    float[] iq = {1f, -1f, 0.5f, -0.25f, 2f, -3f};
    byte[] bytes = new byte[6];
    SampleCodec.encode(iq, 0, 3, SampleFormat.SAMPLE_FORMAT_CS8, bytes, 0);
    // 0.5·127 = 63.5 rounds to 64; −0.25·127 = −31.75 rounds to −32; ±2, ±3 clip.
    assertArrayEquals(new byte[] {127, -127, 64, -32, 127, -127}, bytes);
  }

  @Test
  void offsetsSelectTheRightSamples() {
    float[] iq = randomIq(3);
    byte[] bytes = new byte[10 * 8 + 5];
    SampleCodec.encode(iq, 20, 10, SampleFormat.SAMPLE_FORMAT_CF32, bytes, 5);
    float[] out = new float[30];
    SampleCodec.decode(
        ByteString.copyFrom(bytes, 5, 80), SampleFormat.SAMPLE_FORMAT_CF32, out, 10);
    for (int k = 0; k < 20; k++) {
      assertEquals(iq[20 + k], out[10 + k]);
    }
  }

  @Test
  void malformedPayloadsAreRejectedWithAClearMessage() {
    ByteString partial = ByteString.copyFrom(new byte[7]);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SampleCodec.decode(partial, SampleFormat.SAMPLE_FORMAT_CF32, new float[8], 0));
    assertTrue(e.getMessage().contains("7 bytes"), e.getMessage());

    assertThrows(
        IllegalArgumentException.class,
        () -> SampleCodec.bytesPerSample(SampleFormat.SAMPLE_FORMAT_UNSPECIFIED));
    assertThrows(
        IndexOutOfBoundsException.class,
        () ->
            SampleCodec.decode(
                ByteString.copyFrom(new byte[16]),
                SampleFormat.SAMPLE_FORMAT_CF32,
                new float[3],
                0));
  }
}
