package io.jscclink.calibration.iq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jscclink.phy.channel.ChannelConfig;
import io.jscclink.phy.channel.ChannelSimulator;
import org.junit.jupiter.api.Test;

class IqImbalanceTest {
  private static final int SAMPLES = 200_000;
  private static final double NOISE_POWER = 0.02; // σ = 0.1 per branch

  /** Receiver noise through phy's simulated front end, where the truth is configured. */
  static float[] received(double dcI, double dcQ, double gainDb, double phaseDeg) {
    ChannelConfig config =
        ChannelConfig.builder()
            .snrDb(10) // finite: the receiver has noise (noisePower until a burst arrives)
            .noisePower(NOISE_POWER)
            .dcOffsetI(dcI)
            .dcOffsetQ(dcQ)
            .iqGainImbalanceDb(gainDb)
            .iqPhaseImbalanceDeg(phaseDeg)
            .seed(5)
            .build();
    float[] iq = new float[2 * SAMPLES];
    new ChannelSimulator(config, 2e6).noiseOnly(iq, 0, SAMPLES);
    return iq;
  }

  @Test
  void estimatesAndCorrectsDcAndImbalanceOfTheSimulatedFrontEnd() {
    float[] iq = received(0.02, -0.015, 1.5, 4.0);
    IqImbalance est = IqImbalance.estimate(iq, 0, SAMPLES);
    // Standard errors at n = 2e5 with σ = 0.1 per branch: DC 0.1/√n = 2.2e-4; gain
    // (10/ln10)·√(4/n) ≈ 0.019 dB; phase ≈ (180/π)/√n ≈ 0.13°. Tolerances: 5σ.
    assertEquals(0.02, est.dcI, 1.1e-3);
    assertEquals(-0.015, est.dcQ, 1.1e-3);
    assertEquals(1.5, est.gainImbalanceDb, 0.095);
    assertEquals(4.0, est.phaseImbalanceDeg, 0.65);

    est.correct(iq, 0, SAMPLES);
    IqImbalance residual = IqImbalance.estimate(iq, 0, SAMPLES);
    // The target after correction: within 0.1 dB and 1°; DC within 5σ of zero.
    assertEquals(0, residual.dcI, 1.1e-3);
    assertEquals(0, residual.dcQ, 1.1e-3);
    assertEquals(0, residual.gainImbalanceDb, 0.1);
    assertEquals(0, residual.phaseImbalanceDeg, 1.0);
  }

  @Test
  void aCleanReceiverMeasuresClean() {
    IqImbalance est = IqImbalance.estimate(received(0, 0, 0, 0), 0, SAMPLES);
    assertEquals(0, est.gainImbalanceDb, 0.095);
    assertEquals(0, est.phaseImbalanceDeg, 0.65);
  }

  @Test
  void deadBranchIsReportedClearly() {
    float[] iq = new float[200];
    for (int k = 0; k < 100; k++) {
      iq[2 * k] = (float) Math.sin(k);
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> IqImbalance.estimate(iq, 0, 100));
    assertTrue(e.getMessage().contains("no signal"), e.getMessage());
  }
}
