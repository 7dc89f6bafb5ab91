package io.jscclink.link.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jscclink.calibration.iq.IqImbalance;
import io.jscclink.link.cli.ChannelOptions;
import io.jscclink.link.radio.InProcessRadio;
import io.jscclink.link.radio.Radio;
import io.jscclink.link.radio.SidecarRadio;
import io.jscclink.link.report.LinkSummary;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.data.Datasets;
import io.jscclink.models.data.ImageSet;
import io.jscclink.models.data.Split;
import io.jscclink.models.store.ModelCatalog;
import io.jscclink.models.store.Scheme;
import io.jscclink.phy.est.BscEquivalent;
import io.jscclink.phy.frame.PhyConfig;
import io.jscclink.proto.sdr.v1.ChannelEmulation;
import io.jscclink.sdr.api.RxBlockInfo;
import io.jscclink.sdr.client.RadioLink;
import io.jscclink.sdr.server.DeviceSpecs;
import io.jscclink.sdr.server.SidecarServer;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The whole link with the bundled BernST model: images → encoder → BPSK frames → simulated
 * channel → phy receiver → decoder, in process and through a sidecar over a real socket.
 */
class LinkRunTest {
  private static final String MODEL = "bernst-mnist-eps0.1";
  private static final PhyConfig PHY = PhyConfig.defaults();

  private static ImageSet testImages() throws Exception {
    assumeTrue(Files.isDirectory(ModelCatalog.modelsFolder().resolve(MODEL)),
        "bundled model " + MODEL + " missing");
    return Datasets.load(DatasetName.MNIST, Split.TEST);
  }

  private static ChannelOptions awgn() {
    ChannelOptions options = new ChannelOptions();
    new CommandLine(new Object() {
      @CommandLine.Mixin ChannelOptions channel = options;
    }).parseArgs("--seed", "5");
    return options;
  }

  private static LinkSummary run(Radio radio, double snrDb, int images) throws Exception {
    return run(radio, snrDb, images, awgn().emulation(snrDb, PHY), LinkRun.Corrections.NONE);
  }

  private static LinkSummary run(Radio radio, double snrDb, int images,
      ChannelEmulation emulation, LinkRun.Corrections corrections) throws Exception {
    ImageSet set = testImages();
    try (SchemeCodec codec = SchemeCodec.open(Scheme.BERNST, "awgn", MODEL, ai.djl.Device.cpu())) {
      LinkRun.Settings settings = new LinkRun.Settings(codec, radio, PHY, 2e6, snrDb,
          emulation, false, Double.NaN, 16, 2, 3_000, 5, corrections);
      return LinkRun.run(settings, set, images, "bernst", "awgn", radio.description()).summary();
    }
  }

  @Test
  void bitsCrossTheInProcessChannelWithTheBerOfBpsk() throws Exception {
    int images = 64;
    LinkSummary s;
    try (Radio radio = new InProcessRadio()) {
      s = run(radio, 5, images);
    }
    assertEquals(images, s.framesSent);
    // At 5 dB the header (rate 1/3 code, CRC) decodes essentially always; allow one miss.
    assertTrue(s.framesReceived >= images - 1, "frames received " + s.framesReceived);
    assertEquals(s.framesReceived, s.imagesComplete);
    // BER of BPSK at Es/N0 = 5 dB is Q(sqrt(2·10^0.5)) = 0.0060. Over ~6400 bits the count is
    // binomial: s.d. sqrt(6400·0.006)/6400 = 0.00097; 4 s.d. around the theory.
    double theory = BscEquivalent.crossoverAwgn(5);
    assertEquals(theory, s.ber, 4 * Math.sqrt(theory / (100.0 * s.imagesComplete)),
        "BER " + s.ber + " vs theory " + theory);
    assertEquals(5, s.snrDbEst, 0.3, "pilot SNR estimate");
    // The in-process channel reports its truth per burst: Es/N0 of the frames as sent.
    assertEquals(5, s.snrDbTrue, 0.2, "true Es/N0 of the frames");
    assertTrue(s.psnrDb > 15, "PSNR " + s.psnrDb);
    assertEquals(0, s.samplesLost);
  }

  @Test
  void theReceiverRemovesACalibratedIqImbalanceBeforeTheSnrIsEstimated() throws Exception {
    // 2 dB / 10° of IQ imbalance: image rejection (1 + g² + 2g·cosφ)/(1 + g² − 2g·cosφ) with
    // g = 1.26 is 48 (16.8 dB), which caps the SNR a receiver can see near 17 dB; at 25 dB
    // the estimate falls far short unless the receiver corrects it.
    ChannelEmulation impaired = awgn().emulation(25, PHY).toBuilder()
        .setIqGainImbalanceDb(2).setIqPhaseImbalanceDeg(10).setDcOffsetI(0.02).build();
    LinkSummary raw;
    LinkSummary corrected;
    try (Radio radio = new InProcessRadio()) {
      raw = run(radio, 25, 16, impaired, LinkRun.Corrections.NONE);
    }
    try (Radio radio = new InProcessRadio()) {
      corrected = run(radio, 25, 16, impaired,
          new LinkRun.Corrections(new IqImbalance(0.02, 0, 2, 10), null));
    }
    assertTrue(raw.snrDbEst < 22, "uncorrected estimate " + raw.snrDbEst);
    assertEquals(25, corrected.snrDbEst, 0.5, "corrected estimate");
  }

  @Test
  void cjsccThroughTheSidecarWithRealImpairmentsMatchesTheIdealSymbolChannel() throws Exception {
    String model = "cjscc-fmnist-awgn-10db";
    assumeTrue(Files.isDirectory(ModelCatalog.modelsFolder().resolve(model)), model + " missing");
    int n = 64;
    ImageSet set = Datasets.load(DatasetName.FASHION_MNIST, Split.TEST);
    ChannelOptions impaired = new ChannelOptions();
    new CommandLine(new Object() {
      @CommandLine.Mixin ChannelOptions channel = impaired;
    }).parseArgs("--cfo-hz", "1500", "--timing-offset", "0.37", "--sample-rate-offset-ppm",
        "20", "--quantisation-bits", "8", "--seed", "11");
    LinkSummary s;
    double ideal = 0;
    try (SchemeCodec codec = SchemeCodec.open(Scheme.CJSCC, "awgn", model, ai.djl.Device.cpu());
        Radio radio = new SidecarRadio(RadioLink.open("sim", null, null, 1.0))) {
      LinkRun.Settings settings = new LinkRun.Settings(codec, radio, PHY, 2e6, 10,
          impaired.emulation(10, PHY), false, Double.NaN, 16, 2, 3_000, 11,
          LinkRun.Corrections.NONE);
      s = LinkRun.run(settings, set, n, "cjscc", "awgn", radio.description()).summary();
      // The ideal symbol-level channel: the same latents plus complex AWGN at 10 dB.
      var m = codec.model(0);
      float[] latents = new float[n * m.latentFloatsPerImage()];
      m.encodeLatents(set.pixels(), 0, n, latents, 0);
      java.util.Random noise = new java.util.Random(5);
      double sigma = Math.sqrt(0.1 / 2);
      for (int i = 0; i < latents.length; i++) {
        latents[i] += (float) (sigma * noise.nextGaussian());
      }
      float[] out = new float[n * 784];
      m.decodeLatents(latents, 0, n, out, 0, null, 0);
      for (int i = 0; i < n; i++) {
        ideal += io.jscclink.models.eval.ImageMetrics.psnrDb(set.pixels(), i * 784, out,
            i * 784, 784) / n;
      }
    }
    assertEquals(n, s.framesReceived, "no frame lost at 10 dB");
    assertEquals(ideal, s.psnrDb, 0.5, "PSNR over the radio vs the ideal channel");
    assertEquals(10, s.snrDbEst, 0.5, "mean estimated SNR");
  }

  @Test
  void theSameRunThroughASidecarOverASocketGivesTheSameKindOfResult() throws Exception {
    LinkSummary s;
    try (Radio radio = new SidecarRadio(RadioLink.open("sim", null, null, 1.0))) {
      s = run(radio, 10, 32);
    }
    assertEquals(32, s.framesSent);
    assertEquals(32, s.framesReceived);
    assertEquals(32, s.imagesComplete);
    // BER at 10 dB is 3.9e-6: over 3200 bits, almost surely none.
    assertTrue(s.ber < 1e-3, "BER " + s.ber);
    assertTrue(s.device.contains("127.0.0.1"), s.device);
    assertTrue(Double.isNaN(s.snrDbTrue), "behind a sidecar the truth is not known here");
  }

  @Test
  void aSidecarThatVanishesMidRunEndsTheRunAndCountsWhatNeverArrived() throws Exception {
    SidecarServer server = new SidecarServer(
        SidecarServer.networkBuilder("127.0.0.1:0", null, null, null),
        DeviceSpecs.factory("sim", 1.0), SidecarServer.Options.defaults(), null).start();
    String address = "127.0.0.1:" + server.port();
    int images = 200;
    int probes = 2;
    int lastBurst = 40;
    LinkSummary s;
    try (Radio radio = new ShutsDownAfter(new SidecarRadio(RadioLink.open("sim", address, null,
        1.0, 300)), lastBurst, server)) {
      s = run(radio, 10, images);
    } finally {
      server.close();
    }
    assertNotNull(s.radioError, "the summary names the failure");
    assertTrue(s.radioError.contains("the radio failed while"), s.radioError);
    assertTrue(s.radioError.contains("did not come back within 300 ms"), s.radioError);
    assertTrue(s.radioError.contains(address), s.radioError);
    assertEquals(s.radioError, s.toMap().get("radio_error"));
    assertTrue(s.stoppedEarly);
    // Every burst up to the shutdown was accepted; the next one failed and nothing after it
    // was encoded beyond the batch in hand.
    assertEquals(lastBurst - probes, s.framesSent);
    assertTrue(s.imagesSent < images, "images sent " + s.imagesSent);
    assertTrue(s.framesReceived <= s.framesSent);
    assertEquals(s.framesSent - s.framesReceived, s.framesLost);
    assertTrue(s.imagesComplete + s.imagesIncomplete <= s.imagesSent);
  }

  /** A sidecar radio whose sidecar shuts down right after the n-th burst it accepted. */
  private static final class ShutsDownAfter implements Radio {
    private final Radio radio;
    private final int bursts;
    private final SidecarServer server;
    private int sent;

    ShutsDownAfter(Radio radio, int bursts, SidecarServer server) {
      this.radio = radio;
      this.bursts = bursts;
      this.server = server;
    }

    @Override
    public void configure(double rate, ChannelEmulation emulation, boolean paced)
        throws Exception {
      radio.configure(rate, emulation, paced);
    }

    @Override
    public void startReceive() throws Exception {
      radio.startReceive();
    }

    @Override
    public void transmit(float[] iq, int samples, long burstId) throws Exception {
      radio.transmit(iq, samples, burstId);
      if (++sent == bursts) {
        server.close();
      }
    }

    @Override
    public int read(float[] iq, int maxSamples, RxBlockInfo info) throws Exception {
      return radio.read(iq, maxSamples, info);
    }

    @Override
    public String description() {
      return radio.description();
    }

    @Override
    public void close() {
      radio.close();
    }
  }
}
