package io.jscclink.sdr.hackrf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.proto.sdr.v1.DeviceInfo;
import io.jscclink.proto.sdr.v1.Direction;
import io.jscclink.sdr.api.DeviceException;
import io.jscclink.sdr.api.RxBlockInfo;
import io.jscclink.sdr.api.RxStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HackRF driver against a recording USB double: every request must be the exact bytes
 * libhackrf sends (expected values computed by hand from hackrf.c's structs, little endian).
 */
@Timeout(30)
class HackRfDeviceTest {
  private static final DeviceInfo INFO = HackRfDevice.factory((v, p, s) -> null, "").info();
  private static final String MODE_OFF = "40 01 00 00 00 00 00 00";

  private final RecordingTransport usb = new RecordingTransport();

  private HackRfDevice open() throws DeviceException {
    HackRfDevice device = new HackRfDevice(usb, INFO, 1 << 19);
    usb.log.clear();
    return device;
  }

  private static DeviceConfig.Builder rx(double frequencyHz, double rateHz) {
    return DeviceConfig.newBuilder().setCenterFrequencyHz(frequencyHz).setSampleRateHz(rateHz)
        .setDirection(Direction.DIRECTION_RX);
  }

  @Test
  void openSelectsConfigurationOneAndClaimsInterfaceZero() throws Exception {
    usb.activeConfiguration = 0;
    new HackRfDevice(usb, INFO, 1 << 19);
    assertEquals(List.of("get-configuration", "set-configuration 1", "claim-interface 0"),
        usb.log);
    RecordingTransport configured = new RecordingTransport();
    configured.activeConfiguration = 1;
    new HackRfDevice(configured, INFO, 1 << 19);
    assertEquals(List.of("get-configuration", "claim-interface 0"), configured.log);
  }

  @Test
  void configureSendsRateFilterFrequencyAmpAndRxGains() throws Exception {
    HackRfDevice device = open();
    DeviceConfig applied = device.configure(rx(2441.5e6, 20e6).setAmpEnable(true)
        .putGainsDb("lna", 24).putGainsDb("vga", 30).build());
    assertEquals(List.of(
        "40 06 00 00 00 00 08 00 | 00 2d 31 01 01 00 00 00", // SAMPLE_RATE_SET {20e6, 1}
        "40 07 c0 e1 e4 00 00 00", // filter 15 MHz = 0.75 × 20 MHz
        "40 10 00 00 00 00 08 00 | 89 09 00 00 20 a1 07 00", // SET_FREQ 2441.5 MHz
        "40 11 01 00 00 00 00 00", // AMP_ENABLE on
        "c0 13 00 00 18 00 01 00", // SET_LNA_GAIN 24 dB, 1 byte back
        "c0 14 00 00 1e 00 01 00"), // SET_VGA_GAIN 30 dB
        usb.log);
    assertEquals(15e6, applied.getBandwidthHz());
  }

  @Test
  void setFrequencySplitsMegahertzAndHertz() throws Exception {
    HackRfDevice device = open();
    String[][] cases = {
      {"2441.5e6", "89 09 00 00 20 a1 07 00"},
      {"915e6", "93 03 00 00 00 00 00 00"},
      {"1e6", "01 00 00 00 00 00 00 00"},
      {"433.92e6", "b1 01 00 00 c0 09 0e 00"},
      {"5800123456", "a8 16 00 00 40 e2 01 00"},
    };
    for (String[] c : cases) {
      usb.log.clear();
      device.configure(rx(Double.parseDouble(c[0]), 10e6).build());
      assertEquals("40 10 00 00 00 00 08 00 | " + c[1], usb.log.get(2), c[0]);
    }
  }

  @Test
  void sampleRateUsesTheSmallestExactDividerAndTheDefaultFilter() throws Exception {
    HackRfDevice device = open();
    String[][] cases = {
      {"20e6", "00 2d 31 01 01 00 00 00", "40 07 c0 e1 e4 00 00 00"}, // 15 MHz
      {String.valueOf(8e6 / 3), "00 12 7a 00 03 00 00 00", "40 07 f0 b3 1a 00 00 00"}, // 1.75
      {"10e6", "80 96 98 00 01 00 00 00", "40 07 c0 cf 6a 00 00 00"}, // 7 MHz
      {String.valueOf(20e6 / 3), "00 2d 31 01 03 00 00 00", "40 07 40 4b 4c 00 00 00"}, // 5
    };
    for (String[] c : cases) {
      usb.log.clear();
      device.configure(rx(915e6, Double.parseDouble(c[0])).build());
      assertEquals("40 06 00 00 00 00 08 00 | " + c[1], usb.log.get(0), c[0]);
      assertEquals(c[2], usb.log.get(1), c[0]);
    }
    usb.log.clear();
    device.configure(rx(915e6, 20e6).setBandwidthHz(5e6).build());
    assertEquals("40 07 40 4b 4c 00 00 00", usb.log.get(1)); // an explicit 5 MHz filter
  }

  @Test
  void txConfigurationSetsTheTxGainAndAmpOff() throws Exception {
    HackRfDevice device = open();
    device.configure(rx(915e6, 10e6).setDirection(Direction.DIRECTION_TX)
        .putGainsDb("txvga", 47).build());
    assertEquals("40 11 00 00 00 00 00 00", usb.log.get(3)); // AMP_ENABLE off
    assertEquals("c0 15 00 00 2f 00 01 00", usb.log.get(4)); // SET_TXVGA_GAIN 47 dB
    assertEquals(5, usb.log.size());
  }

  @Test
  void badSettingsAreRejectedWithTheAllowedRangeAndNothingIsSent() throws Exception {
    HackRfDevice device = open();
    assertInvalid(device, rx(7e9, 10e6).build(), "center_frequency_hz 7.0E9 is out of range");
    assertInvalid(device, rx(915e6, 25e6).build(), "allowed 2000000.0 to 2.0E7");
    assertInvalid(device, rx(915e6, 10e6).putGainsDb("lna", 10).build(), "steps of 8.0");
    assertInvalid(device, rx(915e6, 10e6).putGainsDb("vga", 64).build(), "allowed 0.0 to 62.0");
    assertInvalid(device, rx(915e6, 10e6).setBandwidthHz(4e6).build(), "not a filter step");
    assertInvalid(device, rx(915e6, 10e6).setDirection(Direction.DIRECTION_RX_TX).build(),
        "half duplex");
    assertEquals(List.of(), usb.log);
  }

  @Test
  void aRefusedGainIsReported() throws Exception {
    HackRfDevice device = open();
    usb.inReply = 0;
    DeviceException e = assertThrows(DeviceException.class,
        () -> device.configure(rx(915e6, 10e6).putGainsDb("lna", 8).build()));
    assertTrue(e.getMessage().contains("refused SET_LNA_GAIN = 8 dB"), e.getMessage());
  }

  @Test
  void receiveStartsRxModeConvertsInt8AndStopsCleanly() throws Exception {
    HackRfDevice device = open();
    device.configure(rx(915e6, 10e6).build());
    usb.log.clear();
    RxStream stream = device.startReceive();
    assertEquals(List.of("40 01 01 00 00 00 00 00", "bulk 81 262144 x4"), usb.log);
    byte[] raw = {127, -128, 0, 64, -1, 1};
    usb.bulk.deliver(raw);
    float[] iq = new float[16];
    RxBlockInfo info = new RxBlockInfo();
    assertEquals(3, stream.read(iq, 1, 7, info)); // offset in complex samples
    assertArrayEquals(new float[] {0, 0, 1f, -128 / 127f, 0f, 64 / 127f, -1 / 127f, 1 / 127f},
        java.util.Arrays.copyOf(iq, 8), 1e-7f);
    // CS8 on the wire gives back the HackRF's bytes (−128 saturates to −127).
    byte[] cs8 = new byte[6];
    io.jscclink.proto.SampleCodec.encode(iq, 2, 3, io.jscclink.proto.sdr.v1.SampleFormat
        .SAMPLE_FORMAT_CS8, cs8, 0);
    assertArrayEquals(new byte[] {127, -127, 0, 64, -1, 1}, cs8);
    assertEquals(0, info.firstSampleIndex);
    assertEquals(0, info.samplesLostBefore);
    usb.log.clear();
    stream.close();
    assertEquals(List.of("bulk-stop", MODE_OFF), usb.log);
    assertEquals(-1, stream.read(iq, 0, 8, info));
    assertEquals(3, device.counters().samplesReceived.get());
  }

  /**
   * A reader that falls behind loses whole transfers; the loss is reported before exactly the
   * sample that followed it, and the indices count it.
   */
  @Test
  void overflowDropsWholeTransfersAndReportsThemAtTheRightSample() throws Exception {
    HackRfDevice device = open(); // 512 KiB ring: two 256 KiB transfers
    device.configure(rx(915e6, 10e6).build());
    RxStream stream = device.startReceive();
    byte[] transfer = new byte[HackRfDevice.TRANSFER_BYTES];
    int samplesPerTransfer = transfer.length / 2;
    for (int k = 0; k < 5; k++) { // 2 fit, 3 are dropped
      java.util.Arrays.fill(transfer, (byte) k);
      usb.bulk.deliver(transfer);
    }
    float[] iq = new float[2 * 3 * samplesPerTransfer];
    RxBlockInfo info = new RxBlockInfo();
    assertEquals(2 * samplesPerTransfer, stream.read(iq, 0, 3 * samplesPerTransfer, info));
    assertEquals(0, info.samplesLostBefore);
    java.util.Arrays.fill(transfer, (byte) 9);
    usb.bulk.deliver(transfer);
    assertEquals(samplesPerTransfer, stream.read(iq, 0, 3 * samplesPerTransfer, info));
    assertEquals(3L * samplesPerTransfer, info.samplesLostBefore);
    assertEquals(5L * samplesPerTransfer, info.firstSampleIndex);
    assertEquals(9 / 127f, iq[0], 1e-7f);
    assertEquals(3L * samplesPerTransfer, device.counters().samplesLost.get());
    assertEquals(3, device.counters().overflows.get());
    stream.close();
  }

  /** TX: mode 2, int8 samples in whole 512-byte packets (zero padded), then mode 0. */
  @Test
  void transmitSendsInt8PaddedToPacketsThenStops() throws Exception {
    HackRfDevice device = open();
    device.configure(rx(915e6, 10e6).setDirection(Direction.DIRECTION_TX).build());
    usb.log.clear();
    int samples = 300; // 600 bytes: one full packet and a padded one
    float[] iq = new float[2 * samples];
    for (int k = 0; k < iq.length; k++) {
      iq[k] = (k % 3 - 1) * 0.25f; // -0.25, 0, 0.25 → -32, 0, 32 (×127, rounded)
    }
    iq[0] = 2f; // clipped to 127
    CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
      try {
        device.transmit(iq, 0, samples, true, 1);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
    while (!sending.isDone()) {
      if (usb.bulk != null) {
        byte[] chunk = usb.bulk.take();
        assertEquals(0, chunk.length % 512, "transfers are whole 512-byte packets");
        sent.writeBytes(chunk);
      }
      Thread.sleep(1);
    }
    sending.get(5, TimeUnit.SECONDS);
    byte[] bytes = sent.toByteArray();
    assertEquals(1024, bytes.length);
    assertEquals(127, bytes[0]);
    assertEquals(0, bytes[1]);
    assertEquals(32, bytes[2]);
    assertEquals(-32, bytes[3]);
    for (int k = 600; k < 1024; k++) {
      assertEquals(0, bytes[k], "padding");
    }
    assertEquals(List.of("40 01 02 00 00 00 00 00", "bulk 02 262144 x4", "bulk-await-idle",
        "bulk-stop", MODE_OFF), usb.log);
    assertEquals(samples, device.counters().samplesTransmitted.get());
    assertEquals(1, device.counters().burstsTransmitted.get());
  }

  @Test
  void closeReleasesTheTransport() throws Exception {
    HackRfDevice device = open();
    device.close();
    assertTrue(usb.closed);
    assertThrows(DeviceException.class, () -> device.configure(rx(915e6, 10e6).build()));
  }

  private static void assertInvalid(HackRfDevice device, DeviceConfig config, String text) {
    DeviceException e = assertThrows(DeviceException.class, () -> device.configure(config));
    assertEquals(DeviceException.Reason.INVALID_ARGUMENT, e.reason());
    assertTrue(e.getMessage().contains(text), e.getMessage());
  }
}
