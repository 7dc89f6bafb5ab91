package io.jscclink.sdr.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.proto.sdr.v1.Direction;
import io.jscclink.proto.sdr.v1.SampleFormat;
import io.jscclink.sdr.api.RxBlockInfo;
import io.jscclink.sdr.client.Receiver;
import io.jscclink.sdr.client.SidecarClient;
import io.jscclink.sdr.sigmf.SigMfDatatype;
import io.jscclink.sdr.sigmf.SigMfRecorder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A SigMF recording served by the sidecar ({@code --device sigmf:PATH}) replays exactly. */
@Timeout(60)
class SidecarReplayTest {
  @TempDir Path dir;

  @Test
  void recordingReplaysThroughTheSidecarAndTheStreamEndsWithIt() throws Exception {
    int samples = 50_000;
    float[] iq = new float[2 * samples];
    for (int k = 0; k < iq.length; k++) {
      iq[k] = (float) Math.sin(0.01 * k);
    }
    Path base = dir.resolve("lab");
    try (SigMfRecorder recorder = new SigMfRecorder(base, SigMfDatatype.CF32_LE, 1e6, 915e6,
        "test", "")) {
      recorder.write(iq, 0, samples, 0);
    }
    try (SidecarServer server = new SidecarServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        DeviceSpecs.factory("sigmf:" + base, 0.5), SidecarServer.Options.defaults(), null)
        .start();
        SidecarClient client = Sidecars.client(server.port(), "replay")) {
      assertEquals("sigmf", client.open("").getDriver());
      client.configure(DeviceConfig.newBuilder().setCenterFrequencyHz(915e6)
          .setSampleRateHz(1e6).setDirection(Direction.DIRECTION_RX).build());
      float[] back = new float[2 * samples];
      RxBlockInfo info = new RxBlockInfo();
      int done = 0;
      boolean sawEnd = false;
      try (Receiver rx = client.receive(SampleFormat.SAMPLE_FORMAT_CF32, 8192, 0)) {
        int n;
        while (done < samples && (n = rx.read(back, done, samples - done, info)) > 0) {
          assertEquals(done, info.firstSampleIndex);
          done += n;
          sawEnd = info.endOfBurst;
        }
        assertEquals(-1, rx.read(new float[2], 0, 1, info), "stream ends with the recording");
      }
      assertEquals(samples, done);
      assertTrue(sawEnd, "the last block ends the recording");
      assertArrayEquals(iq, back);
    }
  }
}
