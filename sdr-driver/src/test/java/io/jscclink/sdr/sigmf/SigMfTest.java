package io.jscclink.sdr.sigmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jscclink.proto.SampleCodec;
import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.proto.sdr.v1.Direction;
import io.jscclink.sdr.api.DeviceException;
import io.jscclink.sdr.api.DeviceFactory;
import io.jscclink.sdr.api.RxBlockInfo;
import io.jscclink.sdr.api.RxStream;
import io.jscclink.sdr.api.SdrDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SigMF recording and replay: bit-exact round trip, core metadata, replay as a device. */
class SigMfTest {
  @TempDir Path dir;

  /**
   * Samples written by the recorder come back bit-exact through the file device: for cf32_le
   * the very floats, for the integer types exactly their quantised values (the bytes on disk
   * re-encode to themselves).
   */
  @ParameterizedTest
  @EnumSource(SigMfDatatype.class)
  void recorderOutputReadsBackBitExactAndValidates(SigMfDatatype type) throws Exception {
    int samples = 10_000;
    float[] iq = new float[2 * samples];
    SplittableRandom random = new SplittableRandom(11);
    for (int k = 0; k < iq.length; k++) {
      iq[k] = (float) (random.nextDouble() * 1.8 - 0.9);
    }
    Path base = dir.resolve("capture-" + type.sigmfName());
    try (SigMfRecorder recorder = new SigMfRecorder(base, type, 2e6, 2.4415e9, "HackRF One",
        "round trip")) {
      recorder.write(iq, 0, 4000, 0);
      recorder.write(iq, 4000, 6000, 4000);
      recorder.annotate(1200, 800, "frame", "seq 7, crc ok");
      recorder.annotate(100, 50, "frame", "");
    }
    byte[] onDisk = Files.readAllBytes(SigMfMetadata.dataPath(base));
    assertEquals(samples * type.bytesPerSample(), onDisk.length);
    byte[] expected = new byte[onDisk.length];
    SampleCodec.encode(iq, 0, samples, type.format(), expected, 0);
    assertArrayEquals(expected, onDisk);

    SigMfMetadata meta = SigMfMetadata.read(base);
    assertEquals(type, meta.datatype());
    assertEquals(2e6, meta.sampleRateHz());
    assertEquals("1.0.0", meta.version());
    assertEquals("HackRF One", meta.hardware());
    assertEquals(1, meta.captures().size());
    assertEquals(2.4415e9, meta.frequencyHz());
    Instant recorded = Instant.parse(meta.captures().get(0).datetime());
    assertTrue(Math.abs(recorded.toEpochMilli() - System.currentTimeMillis()) < 60_000);
    assertEquals(2, meta.annotations().size());
    assertEquals(100, meta.annotations().get(0).sampleStart()); // sorted
    assertEquals(800, meta.annotations().get(1).sampleCount());
    assertEquals("seq 7, crc ok", meta.annotations().get(1).comment());

    // Replay through the file device, in odd block sizes.
    DeviceFactory factory = SigMfFileDevice.factory(base);
    float[] back = new float[2 * samples];
    RxBlockInfo info = new RxBlockInfo();
    try (SdrDevice device = factory.open()) {
      device.configure(DeviceConfig.newBuilder().setCenterFrequencyHz(2.4415e9)
          .setSampleRateHz(2e6).setDirection(Direction.DIRECTION_RX).build());
      try (RxStream rx = device.startReceive()) {
        int done = 0;
        while (done < samples) {
          int n = rx.read(back, done, Math.min(777, samples - done), info);
          assertTrue(n > 0, "replay ended early at " + done);
          assertEquals(done, info.firstSampleIndex);
          assertEquals(0, info.samplesLostBefore);
          done += n;
          assertEquals(done == samples, info.endOfBurst);
        }
        assertEquals(-1, rx.read(new float[2], 0, 1, info), "the replay ends with the file");
      }
    }
    byte[] reencoded = new byte[onDisk.length];
    SampleCodec.encode(back, 0, samples, type.format(), reencoded, 0);
    assertArrayEquals(onDisk, reencoded, "replayed samples must re-encode to the file bytes");
    if (type == SigMfDatatype.CF32_LE) {
      assertArrayEquals(iq, back);
    }
  }

  /** A jump in the recorded sample clock becomes a capture segment and replays as loss. */
  @Test
  void lostSamplesBecomeCaptureSegmentsAndReplayAsLostBefore() throws Exception {
    Path base = dir.resolve("gappy");
    float[] iq = new float[2 * 300];
    try (SigMfRecorder recorder = new SigMfRecorder(base, SigMfDatatype.CI8, 1e6, 915e6,
        "sim", "")) {
      recorder.write(iq, 0, 100, 0);
      recorder.write(iq, 100, 200, 150); // 50 samples lost before these
    }
    SigMfMetadata meta = SigMfMetadata.read(base);
    assertEquals(2, meta.captures().size());
    assertEquals(100, meta.captures().get(1).sampleStart());
    assertEquals(150, meta.captures().get(1).globalIndex());
    try (SdrDevice device = SigMfFileDevice.factory(base).open()) {
      device.configure(DeviceConfig.newBuilder().setCenterFrequencyHz(915e6)
          .setSampleRateHz(1e6).setDirection(Direction.DIRECTION_RX).build());
      RxStream rx = device.startReceive();
      RxBlockInfo info = new RxBlockInfo();
      assertEquals(100, rx.read(new float[1000], 0, 500, info)); // stops at the segment
      assertEquals(200, rx.read(new float[1000], 0, 500, info));
      assertEquals(150, info.firstSampleIndex);
      assertEquals(50, info.samplesLostBefore);
      assertEquals(-1, rx.read(new float[1000], 0, 500, info));
    }
  }

  @Test
  void metadataMissingCoreFieldsIsRejectedByName() throws Exception {
    String good = "{\"global\":{\"core:datatype\":\"cf32_le\",\"core:version\":\"1.0.0\","
        + "\"core:sample_rate\":1e6},\"captures\":[{\"core:sample_start\":0,"
        + "\"core:datetime\":\"2026-11-23T11:00:00Z\"}],\"annotations\":[]}";
    assertEquals(1e6, parse(good).sampleRateHz());
    assertRejected(good.replace("\"core:datatype\":\"cf32_le\",", ""), "core:datatype");
    assertRejected(good.replace("cf32_le", "cu8"), "allowed cf32_le, ci16_le, ci8");
    assertRejected(good.replace("\"core:version\":\"1.0.0\",", ""), "core:version");
    assertRejected(good.replace("1e6", "-5"), "core:sample_rate -5.0 must be > 0");
    assertRejected(good.replace("2026-11-23T11:00:00Z", "yesterday"), "ISO-8601");
    assertRejected(good.replace("\"captures\":[{\"core:sample_start\":0,"
        + "\"core:datetime\":\"2026-11-23T11:00:00Z\"}]", "\"captures\":[]"), "sample_start 0");
    assertRejected(good.replace(",\"annotations\":[]", ""), "annotations");
  }

  @Test
  void fileDeviceRejectsOtherRatesAndTransmit() throws Exception {
    Path base = dir.resolve("short");
    try (SigMfRecorder recorder = new SigMfRecorder(base, SigMfDatatype.CI16_LE, 1e6, 915e6,
        "sim", "")) {
      recorder.write(new float[20], 0, 10, 0);
    }
    try (SdrDevice device = SigMfFileDevice.factory(base).open()) {
      DeviceException e = assertThrows(DeviceException.class, () -> device.configure(
          DeviceConfig.newBuilder().setCenterFrequencyHz(915e6).setSampleRateHz(2e6)
              .setDirection(Direction.DIRECTION_RX).build()));
      assertTrue(e.getMessage().contains("allowed 1000000.0 to 1000000.0"), e.getMessage());
      assertThrows(DeviceException.class, () -> device.transmit(new float[2], 0, 1, true, 0));
    }
    assertThrows(IllegalArgumentException.class,
        () -> SigMfFileDevice.factory(dir.resolve("missing")));
  }

  /** The sidecar's --record wrapper: RX and TX of a simulated device land in valid SigMF. */
  @Test
  void recordingDeviceRecordsRxAndTxStreams() throws Exception {
    DeviceFactory factory = RecordingDevice.factory(
        io.jscclink.sdr.sim.SimulatedDevice.factory(0.05), dir.resolve("rec"));
    float[] burst = new float[2 * 500];
    java.util.Arrays.fill(burst, 0.25f);
    float[] rxBuffer = new float[2 * 1000];
    RxBlockInfo info = new RxBlockInfo();
    long received = 0;
    try (SdrDevice device = factory.open()) {
      device.configure(DeviceConfig.newBuilder().setCenterFrequencyHz(915e6)
          .setSampleRateHz(1e6).setDirection(Direction.DIRECTION_RX_TX).build());
      try (RxStream rx = device.startReceive()) {
        for (int k = 0; k < 3; k++) {
          received += rx.read(rxBuffer, 0, 1000, info);
        }
        device.transmit(burst, 0, 200, false, 41);
        device.transmit(burst, 200, 300, true, 41);
      }
    }
    try (var files = Files.list(dir.resolve("rec"))) {
      var metas = files.filter(p -> p.toString().endsWith(".sigmf-meta")).sorted().toList();
      assertEquals(2, metas.size(), metas.toString());
      SigMfMetadata rxMeta = SigMfMetadata.read(metas.get(0)); // "rx-…" sorts before "tx-…"
      assertEquals(received, Files.size(SigMfMetadata.dataPath(metas.get(0))) / 8);
      assertEquals(915e6, rxMeta.frequencyHz());
      SigMfMetadata txMeta = SigMfMetadata.read(metas.get(1));
      assertEquals(1, txMeta.annotations().size());
      assertEquals(500, txMeta.annotations().get(0).sampleCount());
      assertEquals("burst_id 41", txMeta.annotations().get(0).comment());
      byte[] expected = new byte[500 * 8];
      SampleCodec.encode(burst, 0, 500, SigMfDatatype.CF32_LE.format(), expected, 0);
      assertArrayEquals(expected, Files.readAllBytes(SigMfMetadata.dataPath(metas.get(1))));
    }
  }

  private static SigMfMetadata parse(String json) {
    JsonObject root = JsonParser.parseString(json).getAsJsonObject();
    return SigMfMetadata.parse(root, "test.sigmf-meta");
  }

  private static void assertRejected(String json, String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(json));
    assertTrue(e.getMessage().contains(text), e.getMessage());
  }
}
