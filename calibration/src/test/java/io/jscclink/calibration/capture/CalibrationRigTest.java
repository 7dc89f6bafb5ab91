package io.jscclink.calibration.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jscclink.calibration.channel.FadingFit;
import io.jscclink.calibration.clock.ClockOffset;
import io.jscclink.phy.frame.PhyConfig;
import io.jscclink.proto.sdr.v1.ChannelEmulation;
import io.jscclink.proto.sdr.v1.FadingModel;
import org.junit.jupiter.api.Test;

/** Calibration captures through a simulated radio behind a real sidecar socket. */
class CalibrationRigTest {
  private static final PhyConfig PHY = PhyConfig.defaults();
  private static final double RATE = 1e6;

  private static ChannelEmulation.Builder channel(long seed) {
    return ChannelEmulation.newBuilder().setFading(FadingModel.FADING_NONE).setSeed(seed);
  }

  @Test
  void pilotFramesArriveAtTheIntendedEsN0() throws Exception {
    try (CalibrationRig rig = CalibrationRig.open("sim", null, null, PHY, RATE)) {
      int frameSamples = rig.capture().frameSamples(64);
      // Padded bursts: the rig must compensate the lower burst power in the SNR setting.
      PilotCapture.Plan plan = new PilotCapture.Plan(200, 64, 50, frameSamples + 500);
      FrameLog log = rig.run(rig.atEsN0(channel(3).build(), 10, plan), plan, null, n -> { });
      assertTrue(log.count() >= 199, "frames detected " + log.count());
      double mean = 0;
      for (int i = 0; i < log.count(); i++) {
        mean += log.pilotSnrDb()[i];
      }
      mean /= log.count();
      // The phy's own target: bias < 0.2 dB; the mean of 200 frames has s.e. ≈ 0.02 dB.
      assertEquals(10, mean, 0.25, "mean pilot SNR");
    }
  }

  @Test
  void clockAndCarrierOffsetsComeBackFromOneLongBurst() throws Exception {
    try (CalibrationRig rig = CalibrationRig.open("sim", null, null, PHY, RATE)) {
      int spacing = rig.capture().frameSamples(64) + 200;
      PilotCapture.Plan plan = new PilotCapture.Plan(300, 64, 300, spacing);
      ChannelEmulation e = rig.atEsN0(channel(4).setCfoHz(1500).setSampleRateOffsetPpm(25)
          .build(), 15, plan);
      FrameLog log = rig.run(e, plan, null, n -> { });
      assertTrue(log.count() >= 295, "frames detected " + log.count());
      ClockOffset clock = ClockOffset.estimate(log.frameIndex(), log.startSample(), log.cfoHz(),
          log.count(), spacing);
      // Targets of the issue: ppm within 1, CFO within 1% or 10 Hz.
      assertEquals(25, clock.sampleRateOffsetPpm, 1.0, "ppm");
      assertEquals(1500, clock.cfoHz, 15, "CFO");
    }
  }

  @Test
  void ricianKFactorOfTwoThousandFramesIsWithinFifteenPercent() throws Exception {
    try (CalibrationRig rig = CalibrationRig.open("sim", null, null, PHY, RATE)) {
      int spacing = rig.capture().frameSamples(64);
      PilotCapture.Plan plan = new PilotCapture.Plan(2000, 64, 1000, spacing);
      // One fading block per frame: independent gains, K = 3.
      ChannelEmulation e = rig.atEsN0(channel(5).setFading(FadingModel.FADING_RICIAN_BLOCK)
          .setRicianK(3).setBlockLengthSamples(spacing).build(), 20, plan);
      FrameLog log = rig.run(e, plan, null, n -> { });
      assertTrue(log.count() >= 1900, "frames detected " + log.count());
      FadingFit fit = FadingFit.of(log.gainRe(), log.gainIm(), log.count());
      // CRB of K̂ at K = 3, n = 2000 is ≈ 0.15 (FadingFitTest); 15% is 0.45 = 3 s.d.
      assertEquals(3, fit.kMaximumLikelihood, 0.45, "K (ML)");
    }
  }
}
