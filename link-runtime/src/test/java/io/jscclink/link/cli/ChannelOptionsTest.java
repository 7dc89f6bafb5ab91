package io.jscclink.link.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jscclink.proto.sdr.v1.ChannelEmulation;
import io.jscclink.proto.sdr.v1.FadingModel;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ChannelOptionsTest {
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
        "--quantisation-bits", "8", "--clip-level", "0.9", "--noise-power", "2e-3",
        "--seed", "42", "--block-length", "512", "--rician-k", "3").emulation(7.5);
    assertEquals(FadingModel.FADING_RAYLEIGH_DOPPLER, e.getFading());
    assertEquals(7.5, e.getSnrDb());
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
    assertEquals(2e-3, e.getNoisePower());
    assertEquals(42, e.getSeed());
    assertEquals(512, e.getBlockLengthSamples());
    assertEquals(3, e.getRicianK());
  }

  @Test
  void channelNamesMapToFadingModels() {
    assertEquals(FadingModel.FADING_NONE, parse().emulation(10).getFading());
    assertEquals(FadingModel.FADING_RAYLEIGH_BLOCK,
        parse("--channel", "RAYLEIGH").emulation(10).getFading());
    assertEquals(FadingModel.FADING_RICIAN_BLOCK,
        parse("--channel", "rician").emulation(10).getFading());
    assertEquals(ChannelOptions.Kind.BSC, parse("--channel", "bsc").kind());
  }

  @Test
  void anUnknownChannelIsRejectedWithTheAllowedNames() {
    CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
        () -> parse("--channel", "rayleigh-fast"));
    assertEquals(true, e.getMessage().contains("rayleigh-doppler"), e.getMessage());
  }
}
