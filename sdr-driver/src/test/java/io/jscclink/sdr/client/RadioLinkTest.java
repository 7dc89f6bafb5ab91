package io.jscclink.sdr.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jscclink.proto.sdr.v1.ChannelEmulation;
import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.proto.sdr.v1.Direction;
import io.jscclink.proto.sdr.v1.FadingModel;
import io.jscclink.proto.sdr.v1.SampleFormat;
import io.jscclink.sdr.api.RxBlockInfo;
import org.junit.jupiter.api.Test;

class RadioLinkTest {
  @Test
  void aSimulatedLinkCarriesABurstThroughItsOwnSidecarOverASocket() throws Exception {
    try (RadioLink link = RadioLink.open("sim", null, null, 0.5)) {
      assertTrue(link.oneRadio());
      assertTrue(link.description().contains("127.0.0.1:"), link.description());
      link.tx().configure(DeviceConfig.newBuilder().setSampleRateHz(1e6)
          .setDirection(Direction.DIRECTION_RX_TX)
          .setEmulation(ChannelEmulation.newBuilder().setFading(FadingModel.FADING_NONE)
              .setSnrDb(Double.POSITIVE_INFINITY).setNoisePower(1e-12).setSeed(1))
          .build());
      float[] burst = new float[2 * 1000];
      for (int i = 0; i < 1000; i++) {
        burst[2 * i] = 0.5f;
      }
      try (Receiver rx = link.rx().receive(SampleFormat.SAMPLE_FORMAT_CF32, 4096, 0)) {
        float[] buf = new float[2 * 4096];
        RxBlockInfo info = new RxBlockInfo();
        // A burst sent before the sidecar has started the receive stream goes out with nobody
        // listening (as on air): wait until it runs.
        assertTrue(rx.awaitStreaming());
        link.tx().transmit(burst, 0, 1000, 1);
        int strong = 0;
        // Unpaced, the device makes idle samples as fast as they are read, so a reader on a
        // busy machine may pass millions before the burst's transmit call lands: allow many.
        for (long read = 0; read < 50_000_000L && strong < 1000; ) {
          int n = rx.read(buf, 0, 4096, info);
          for (int i = 0; i < n; i++) {
            if (buf[2 * i] > 0.25f) {
              strong++;
            }
          }
          read += n;
        }
        // Without noise the burst comes out whole: 1000 samples at 0.5 (timing offset 0).
        assertEquals(1000, strong);
      }
    }
  }

  @Test
  void anRxSidecarWithoutATxSidecarIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> RadioLink.open("sim", null, "127.0.0.1:1", 0.5));
  }
}
