package io.jscclink.link.cli;

import io.jscclink.phy.frame.PhyConfig;
import io.jscclink.proto.sdr.v1.ChannelEmulation;
import io.jscclink.proto.sdr.v1.FadingModel;
import picocli.CommandLine.Option;

/**
 * The simulated channel, as command-line options shared by every command that sends over
 * one ({@code link}, {@code sweep}, {@code demo}, {@code calibrate}). Every channel-emulation
 * setting of the sidecar contract is here, so the in-process channel and the sidecar's
 * simulated device are configured from the same flags. Ranges are checked where the
 * settings are applied (phy's {@code ChannelConfig}), with the allowed range in the message.
 */
public final class ChannelOptions {
  /** Channel families of the command line. */
  public enum Kind {
    AWGN, RAYLEIGH, RAYLEIGH_DOPPLER, RICIAN, BSC;

    /** Command-line spelling: lower case with dashes. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** picocli converter accepting the dashed spelling (rayleigh-doppler). */
  static final class KindConverter implements picocli.CommandLine.ITypeConverter<Kind> {
    @Override
    public Kind convert(String value) {
      for (Kind k : Kind.values()) {
        if (k.label().equalsIgnoreCase(value) || k.name().equalsIgnoreCase(value)) {
          return k;
        }
      }
      throw new picocli.CommandLine.TypeConversionException("unknown channel '" + value
          + "'; allowed: awgn, rayleigh, rayleigh-doppler, rician, bsc");
    }
  }

  @Option(names = "--channel", defaultValue = "awgn", converter = KindConverter.class,
      description = "awgn | rayleigh (block fading) | rayleigh-doppler (Clarke/Jakes) | rician"
          + " | bsc (bit level, bit schemes only). Default: ${DEFAULT-VALUE}.")
  Kind kind = Kind.AWGN;

  @Option(names = "--doppler-hz", defaultValue = "0",
      description = "Maximum Doppler frequency, Hz (rayleigh-doppler).")
  double dopplerHz;

  @Option(names = "--block-length", defaultValue = "0", paramLabel = "SAMPLES",
      description = "Samples per fading block (rayleigh, rician); 0 = one gain per frame.")
  int blockLengthSamples;

  @Option(names = "--rician-k", defaultValue = "0", description = "Rician K-factor, linear.")
  double ricianK;

  @Option(names = "--cfo-hz", defaultValue = "0", description = "Carrier frequency offset, Hz.")
  double cfoHz;

  @Option(names = "--timing-offset", defaultValue = "0", paramLabel = "SAMPLES",
      description = "Timing offset before each burst, samples (fractional allowed).")
  double timingOffsetSamples;

  @Option(names = "--sample-rate-offset-ppm", defaultValue = "0",
      description = "Receiver clock offset against the transmitter's, ppm.")
  double sampleRateOffsetPpm;

  @Option(names = "--phase-noise", defaultValue = "0", paramLabel = "RAD2",
      description = "Wiener phase noise: variance of the phase step per sample, rad².")
  double phaseNoiseRad2PerSample;

  @Option(names = "--dc-offset-i", defaultValue = "0", description = "Receiver DC offset, I.")
  double dcOffsetI;

  @Option(names = "--dc-offset-q", defaultValue = "0", description = "Receiver DC offset, Q.")
  double dcOffsetQ;

  @Option(names = "--iq-gain-imbalance-db", defaultValue = "0",
      description = "IQ gain imbalance (Q relative to I), dB.")
  double iqGainImbalanceDb;

  @Option(names = "--iq-phase-imbalance-deg", defaultValue = "0",
      description = "IQ phase imbalance (Q skew from 90°), degrees.")
  double iqPhaseImbalanceDeg;

  @Option(names = "--quantisation-bits", defaultValue = "0",
      description = "Receiver ADC bits per component; 0 = none, 8 = HackRF.")
  int quantisationBits;

  @Option(names = "--clip-level", defaultValue = "1.0",
      description = "Receiver ADC full scale (samples beyond ±level are clipped).")
  double clipLevel;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of every random draw.")
  long seed;

  public Kind kind() {
    return kind;
  }

  public long seed() {
    return seed;
  }

  /**
   * The sidecar contract's emulation settings for this channel at {@code esN0Db}, the SNR per
   * channel symbol after the matched filter (the SNR of the JSCC papers and of the phy's pilot
   * estimator). The channel's SNR is per sample over the full band, so it is Es/N0 less
   * 10·log10(samples per symbol); the noise between bursts gets the same power as inside them,
   * txRms²·sps / (Es/N0), so the receiver sees one noise floor.
   */
  public ChannelEmulation emulation(double esN0Db, PhyConfig phy) {
    double sps = phy.samplesPerSymbol();
    double noisePower = phy.txRms() * phy.txRms() * sps / Math.pow(10, esN0Db / 10);
    return ChannelEmulation.newBuilder()
        .setFading(fadingModel())
        .setSnrDb(esN0Db - 10 * Math.log10(sps))
        .setNoisePower(noisePower)
        .setDopplerHz(dopplerHz)
        .setBlockLengthSamples(blockLengthSamples)
        .setRicianK(ricianK)
        .setCfoHz(cfoHz)
        .setTimingOffsetSamples(timingOffsetSamples)
        .setSampleRateOffsetPpm(sampleRateOffsetPpm)
        .setPhaseNoiseRad2PerSample(phaseNoiseRad2PerSample)
        .setDcOffsetI(dcOffsetI)
        .setDcOffsetQ(dcOffsetQ)
        .setIqGainImbalanceDb(iqGainImbalanceDb)
        .setIqPhaseImbalanceDeg(iqPhaseImbalanceDeg)
        .setQuantisationBits(quantisationBits)
        .setClipLevel(clipLevel)
        .setSeed(seed)
        .build();
  }

  private FadingModel fadingModel() {
    switch (kind) {
      case RAYLEIGH:
        return FadingModel.FADING_RAYLEIGH_BLOCK;
      case RAYLEIGH_DOPPLER:
        return FadingModel.FADING_RAYLEIGH_DOPPLER;
      case RICIAN:
        return FadingModel.FADING_RICIAN_BLOCK;
      default: // AWGN; BSC never reaches the IQ channel
        return FadingModel.FADING_NONE;
    }
  }
}
