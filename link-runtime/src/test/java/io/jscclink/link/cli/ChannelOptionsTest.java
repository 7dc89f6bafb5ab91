package io.jscclink.link.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jscclink.phy.frame.PhyConfig;
import io.jscclink.proto.sdr.v1.ChannelEmulation;
import io.jscclink.proto.sdr.v1.FadingModel;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ChannelOptionsTest {
  private static final PhyConfig PHY = PhyConfig.builder().samplesPerSymbol(4).txRms(0.2).build();

  @Command(name = "probe")
  static final class Probe {
    @Mixin ChannelOptions channel = new ChannelOptions();
  }

  private static ChannelOptions parse(String... args) {
    Probe p = new Probe();
    new CommandLine(p).parseArgs(args);
    return p.channel;
  }

  @Test
  void everyImpairmentFlagReachesTheEmulationSettings() {
    ChannelEmulation e = parse("--channel", "rayleigh-doppler", "--doppler-hz", "25",
        "--cfo-hz", "1200", "--timing-offset", "0.37", "--sample-rate-offset-ppm", "-20",
        "--phase-noise", "1e-5", "--dc-offset-i", "0.01", "--dc-offset-q", "-0.02",
        "--iq-gain-imbalance-db", "0.5", "--iq-phase-imbalance-deg", "2",
        "--quantisation-bits", "8", "--clip-level", "0.9",
        "--seed", "42", "--block-length", "512", "--rician-k", "3").emulation(7.5, PHY);
    assertEquals(FadingModel.FADING_RAYLEIGH_DOPPLER, e.getFading());
    // Es/N0 7.5 dB at 4 samples per symbol is 7.5 − 6.02 dB per sample over the full band.
    assertEquals(7.5 - 10 * Math.log10(4), e.getSnrDb(), 1e-12);
    assertEquals(0.2 * 0.2 * 4 / Math.pow(10, 0.75), e.getNoisePower(), 1e-15);
    assertEquals(25, e.getDopplerHz());
    assertEquals(1200, e.getCfoHz());
    assertEquals(0.37, e.getTimingOffsetSamples());
    assertEquals(-20, e.getSampleRateOffsetPpm());
    assertEquals(1e-5, e.getPhaseNoiseRad2PerSample());
    assertEquals(0.01, e.getDcOffsetI());
    assertEquals(-0.02, e.getDcOffsetQ());
    assertEquals(0.5, e.getIqGainImbalanceDb());
    assertEquals(2, e.getIqPhaseImbalanceDeg());
    assertEquals(8, e.getQuantisationBits());
    assertEquals(0.9, e.getClipLevel());
    assertEquals(42, e.getSeed());
    assertEquals(512, e.getBlockLengthSamples());
    assertEquals(3, e.getRicianK());
  }

  @Test
  void channelNamesMapToFadingModels() {
    assertEquals(FadingModel.FADING_NONE, parse().emulation(10, PHY).getFading());
    assertEquals(FadingModel.FADING_RAYLEIGH_BLOCK,
        parse("--channel", "RAYLEIGH").emulation(10, PHY).getFading());
    assertEquals(FadingModel.FADING_RICIAN_BLOCK,
        parse("--channel", "rician").emulation(10, PHY).getFading());
    assertEquals(ChannelOptions.Kind.BSC, parse("--channel", "bsc").kind());
  }

  @Test
  void anUnknownChannelIsRejectedWithTheAllowedNames() {
    CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
        () -> parse("--channel", "rayleigh-fast"));
    assertEquals(true, e.getMessage().contains("rayleigh-doppler"), e.getMessage());
  }
}
