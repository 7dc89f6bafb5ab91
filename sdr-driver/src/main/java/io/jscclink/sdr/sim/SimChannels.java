package io.jscclink.sdr.sim;

import io.jscclink.phy.channel.ChannelConfig;
import io.jscclink.phy.channel.Fading;
import io.jscclink.proto.sdr.v1.ChannelEmulation;
import io.jscclink.sdr.api.DeviceException;

/** Maps the contract's {@link ChannelEmulation} onto phy's {@link ChannelConfig}. */
final class SimChannels {
  /** Noise power when {@code noise_power} is 0 (−30 dBFS), as the contract says. */
  static final double DEFAULT_NOISE_POWER = 1e-3;

  private SimChannels() {}

  /** Builds phy's configuration; phy's range checks come back as INVALID_ARGUMENT. */
  static ChannelConfig toChannelConfig(ChannelEmulation emulation) throws DeviceException {
    try {
      return ChannelConfig.builder()
          .fading(fading(emulation))
          .snrDb(emulation.getSnrDb())
          .noisePower(emulation.getNoisePower() == 0 ? DEFAULT_NOISE_POWER
              : emulation.getNoisePower())
          .dopplerHz(emulation.getDopplerHz())
          .blockLengthSamples(checkedInt("emulation.block_length_samples",
              emulation.getBlockLengthSamples()))
          .ricianK(emulation.getRicianK())
          .cfoHz(emulation.getCfoHz())
          .timingOffsetSamples(emulation.getTimingOffsetSamples())
          .sampleRateOffsetPpm(emulation.getSampleRateOffsetPpm())
          .phaseNoiseRad2PerSample(emulation.getPhaseNoiseRad2PerSample())
          .dcOffsetI(emulation.getDcOffsetI())
          .dcOffsetQ(emulation.getDcOffsetQ())
          .iqGainImbalanceDb(emulation.getIqGainImbalanceDb())
          .iqPhaseImbalanceDeg(emulation.getIqPhaseImbalanceDeg())
          .quantisationBits(checkedInt("emulation.quantisation_bits",
              emulation.getQuantisationBits()))
          .clipLevel(emulation.getClipLevel() == 0 ? 1.0 : emulation.getClipLevel())
          .seed(emulation.getSeed())
          .build();
    } catch (IllegalArgumentException e) {
      throw DeviceException.invalid("emulation: " + e.getMessage());
    }
  }

  /**
   * True when the channel has state that evolves between bursts (Doppler fading, carrier
   * offset, phase noise): then idle noise must go through the simulator sample by sample to
   * keep its clock right.
   */
  static boolean evolvesBetweenBursts(ChannelConfig config) {
    return config.fading() == Fading.RAYLEIGH_DOPPLER
        || config.cfoHz() != 0
        || config.phaseNoiseRad2PerSample() != 0;
  }

  private static Fading fading(ChannelEmulation emulation) throws DeviceException {
    switch (emulation.getFading()) {
      case FADING_UNSPECIFIED:
      case FADING_NONE:
        return Fading.NONE;
      case FADING_RAYLEIGH_BLOCK:
        return Fading.RAYLEIGH_BLOCK;
      case FADING_RAYLEIGH_DOPPLER:
        return Fading.RAYLEIGH_DOPPLER;
      case FADING_RICIAN_BLOCK:
        return Fading.RICIAN_BLOCK;
      default:
        throw DeviceException.invalid("emulation.fading: unknown model " + emulation.getFading()
            + "; allowed FADING_NONE, FADING_RAYLEIGH_BLOCK, FADING_RAYLEIGH_DOPPLER, "
            + "FADING_RICIAN_BLOCK");
    }
  }

  private static int checkedInt(String name, int unsignedValue) throws DeviceException {
    if (unsignedValue < 0) {
      throw DeviceException.invalid(name + " " + Integer.toUnsignedString(unsignedValue)
          + " is out of range: allowed 0 to " + Integer.MAX_VALUE);
    }
    return unsignedValue;
  }
}
