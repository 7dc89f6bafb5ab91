package io.jscclink.sdr.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jscclink.proto.sdr.v1.ChannelEmulation;
import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.proto.sdr.v1.Direction;
import io.jscclink.proto.sdr.v1.FadingModel;
import io.jscclink.sdr.api.DeviceException;
import io.jscclink.sdr.api.RxBlockInfo;
import io.jscclink.sdr.api.RxStream;
import org.junit.jupiter.api.Test;

/** The simulated device applies the contract's emulation settings through phy's channel. */
class SimulatedDeviceTest {
  private static final double RATE_HZ = 1e6;
  private static final int BURST = 256;
  private static final double AMPLITUDE = 0.1 * Math.sqrt(0.5);

  private static DeviceConfig config(ChannelEmulation.Builder emulation) {
    return DeviceConfig.newBuilder().setCenterFrequencyHz(915e6).setSampleRateHz(RATE_HZ)
        .setDirection(Direction.DIRECTION_RX_TX).setPaced(false).setEmulation(emulation).build();
  }

  /**
   * Sends one constant burst s = A(1+j) with A = 0.1/√2 (power 0.01, −20 dBFS: faded peaks up
   * to |h| = 7 stay clear of the ±1 clipping) and returns the received burst samples.
   */
  private static float[] roundTrip(SimulatedDevice device, RxStream rx, long burstId)
      throws Exception {
    float[] tx = new float[2 * BURST];
    java.util.Arrays.fill(tx, (float) AMPLITUDE);
    device.transmit(tx, 0, BURST, true, burstId);
    float[] out = new float[2 * BURST];
    RxBlockInfo info = new RxBlockInfo();
    int got = rx.read(out, 0, BURST, info); // the burst starts a block: nothing precedes it
    assertEquals(BURST, got);
    assertTrue(info.endOfBurst);
    return out;
  }

  /**
   * Rayleigh block fading, one gain per burst: the per-burst gain ĥ = Σ r·conj(s) / Σ |s|² has
   * E|ĥ|² = 1 and P(|ĥ|² < 0.1) = 1 − e^−0.1 = 0.095. With M = 400 bursts the mean's standard
   * deviation is 1/√M = 0.05 (|h|² is exponential) and the fraction's √(0.095·0.905/M) =
   * 0.015; tolerances are 4 σ. Noise at 30 dB SNR perturbs ĥ by ~0.002, negligible.
   */
  @Test
  void rayleighBlockFadingHasUnitMeanPowerAndExponentialGains() throws Exception {
    SimulatedDevice device = new SimulatedDevice(0.05);
    device.configure(config(ChannelEmulation.newBuilder()
        .setFading(FadingModel.FADING_RAYLEIGH_BLOCK).setSnrDb(30).setSeed(17)));
    int bursts = 400;
    double sumPower = 0;
    int deepFades = 0;
    double previousRe = Double.NaN;
    int changes = 0;
    try (RxStream rx = device.startReceive()) {
      for (int b = 0; b < bursts; b++) {
        float[] r = roundTrip(device, rx, b);
        double hRe = 0;
        double hIm = 0;
        for (int n = 0; n < BURST; n++) { // r·conj(s) with s = A(1+j), |s|² = 2A²
          hRe += AMPLITUDE * (r[2 * n] + r[2 * n + 1]);
          hIm += AMPLITUDE * (r[2 * n + 1] - r[2 * n]);
        }
        hRe /= BURST * 2 * AMPLITUDE * AMPLITUDE;
        hIm /= BURST * 2 * AMPLITUDE * AMPLITUDE;
        double power = hRe * hRe + hIm * hIm;
        sumPower += power;
        deepFades += power < 0.1 ? 1 : 0;
        changes += hRe != previousRe ? 1 : 0;
        previousRe = hRe;
      }
    }
    assertEquals(1.0, sumPower / bursts, 0.2);
    assertEquals(0.095, (double) deepFades / bursts, 0.06);
    assertEquals(bursts, changes, "a new gain every burst");
  }

  /**
   * A carrier offset rotates consecutive samples by 2π·f/fs: 1 kHz at 1 MHz is 6.28 mrad per
   * sample. Averaging r[n+1]·r*[n] over a 256-sample burst at 40 dB SNR gives the angle to
   * about 1e-4 rad.
   */
  @Test
  void carrierOffsetRotatesTheBurst() throws Exception {
    SimulatedDevice device = new SimulatedDevice(0.05);
    device.configure(config(ChannelEmulation.newBuilder().setCfoHz(1000).setSnrDb(40)
        .setSeed(3)));
    try (RxStream rx = device.startReceive()) {
      float[] r = roundTrip(device, rx, 1);
      double re = 0;
      double im = 0;
      for (int n = 0; n + 1 < BURST; n++) {
        re += r[2 * n + 2] * r[2 * n] + r[2 * n + 3] * r[2 * n + 1];
        im += r[2 * n + 3] * r[2 * n] - r[2 * n + 2] * r[2 * n + 1];
      }
      assertEquals(2 * Math.PI * 1000 / RATE_HZ, Math.atan2(im, re), 5e-4);
    }
  }

  @Test
  void emulationOutOfRangeIsRejectedWithTheRange() {
    SimulatedDevice device = new SimulatedDevice(0.05);
    DeviceException e = assertThrows(DeviceException.class, () -> device.configure(config(
        ChannelEmulation.newBuilder().setCfoHz(600e3))));
    assertEquals(DeviceException.Reason.INVALID_ARGUMENT, e.reason());
    assertTrue(e.getMessage().contains("cfoHz must be in [-sampleRate/2, sampleRate/2]"),
        e.getMessage());
    e = assertThrows(DeviceException.class, () -> device.configure(config(
        ChannelEmulation.newBuilder().setQuantisationBits(1))));
    assertTrue(e.getMessage().contains("quantisationBits must be 0 (none) or in [2, 16]"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SimulatedDevice(0));
  }

  @Test
  void gainStagesMoveTheSnrAndTheLevelAtTheAdc() throws Exception {
    // TX 10 dB above the reference: the burst's power and its SNR rise 10 dB (so its noise
    // stays); RX 6 dB above its reference: a gain of 6 dB ahead of the ADC.
    var channel = SimulatedDevice.withGains(SimChannels.toChannelConfig(
        ChannelEmulation.newBuilder().setSnrDb(10).setNoisePower(1e-3).build()),
        java.util.Map.of("tx", SimulatedDevice.TX_REFERENCE_DB + 10,
            "rx", SimulatedDevice.RX_REFERENCE_DB + 6));
    assertEquals(20, channel.snrDb(), 1e-12);
    assertEquals(1e-3, channel.noisePower(), 1e-16);
    assertEquals(6, channel.rxGainDb(), 1e-12);

    SimulatedDevice device = new SimulatedDevice(0.05);
    device.configure(config(ChannelEmulation.newBuilder().setSnrDb(90)).toBuilder()
        .putGainsDb("tx", SimulatedDevice.TX_REFERENCE_DB + 4)
        .putGainsDb("rx", SimulatedDevice.RX_REFERENCE_DB + 6).build());
    try (RxStream rx = device.startReceive()) {
      float[] r = roundTrip(device, rx, 1);
      // At 90 + 4 dB SNR the noise is ~2e-5 of the amplitude: what is left is both gains.
      assertEquals(AMPLITUDE * Math.pow(10, 10 / 20.0), r[0], 1e-5, "TX and RX gain");
    }
    DeviceException e = assertThrows(DeviceException.class, () -> device.configure(
        config(ChannelEmulation.newBuilder()).toBuilder().putGainsDb("tx", 50).build()));
    assertTrue(e.getMessage().contains("gains_db[tx]") && e.getMessage().contains("47"),
        e.getMessage());
  }
}
