package io.jscclink.link.cli;

import io.jscclink.link.pipeline.LinkRun;
import io.jscclink.link.pipeline.SchemeCodec;
import io.jscclink.link.radio.InProcessRadio;
import io.jscclink.link.radio.Radio;
import io.jscclink.link.radio.SidecarRadio;
import io.jscclink.link.tx.ImageInput;
import io.jscclink.link.tx.SampleImages;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.data.Datasets;
import io.jscclink.models.data.ImageSet;
import io.jscclink.models.data.Split;
import io.jscclink.models.store.ComputeDevice;
import io.jscclink.models.store.Scheme;
import io.jscclink.phy.est.BscEquivalent;
import io.jscclink.phy.frame.PhyConfig;
import io.jscclink.sdr.client.RadioLink;
import java.nio.file.Path;

/**
 * One link run from command-line choices, shared by {@code link}, {@code sweep} and
 * {@code demo}: opens the scheme's models, the images and the radio, runs, closes.
 */
final class LinkSetup {
  String scheme;
  ChannelOptions channel;
  double snrDb;
  String device = "in-process";
  String[] sidecars;
  String model;
  int images = 64;
  Path input;
  double sampleRateHz = 2e6;
  int batch = 16;
  boolean paced;
  /** Gain per radio stage (empty: the devices' defaults). */
  java.util.Map<String, Double> gains = java.util.Map.of();
  LinkRun.Corrections corrections = LinkRun.Corrections.NONE;
  ComputeDevice.Choice compute = ComputeDevice.Choice.AUTO;
  /** Send the bundled sample images instead of reading the test set (the demo). */
  boolean samples;
  /** Set (Ctrl-C) to end the run early and cleanly. */
  final java.util.concurrent.atomic.AtomicBoolean stop =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** What a run produced, with the images that were sent. */
  record Outcome(LinkRun.Result result, ImageSet sent, int count, String models) {}

  Outcome run() throws Exception {
    Scheme s = Scheme.fromCliName(scheme);
    boolean bsc = channel.kind() == ChannelOptions.Kind.BSC;
    String family = channel.kind() == ChannelOptions.Kind.AWGN ? "awgn" : "rayleigh";
    PhyConfig phy = PhyConfig.defaults();
    ComputeDevice where = ComputeDevice.select(compute);
    try (SchemeCodec codec = SchemeCodec.open(s, family, model, where.device())) {
      ImageSet set = input != null ? ImageInput.readPngFolder(input)
          : samples ? SampleImages.load(codec.dataset())
          : Datasets.load(DatasetName.fromCliName(codec.dataset()), Split.TEST);
      int n = input != null ? set.count() : Math.min(images, set.count());
      double epsilon = bsc ? BscEquivalent.crossoverAwgn(snrDb) : Double.NaN;
      try (Radio radio = bsc ? null : openRadio()) {
        LinkRun.Settings settings = new LinkRun.Settings(codec, radio, phy, sampleRateHz, snrDb,
            channel.emulation(snrDb, phy), paced, epsilon, batch, bsc ? 0 : 4, 3_000,
            channel.seed(), corrections);
        LinkRun.Result result = LinkRun.run(settings, set, n, s.cliName(),
            channel.kind().label(), bsc ? "bit-level" : radio.description(), stop);
        return new Outcome(result, set, n, codec.describe());
      }
    }
  }

  private Radio openRadio() throws Exception {
    if (device.equals("in-process") && sidecars == null) {
      return new InProcessRadio(gains);
    }
    String tx = sidecars == null ? null : sidecars[0];
    String rx = sidecars == null || sidecars.length < 2 ? null : sidecars[1];
    String spec = device.equals("in-process") ? "sim" : device;
    return new SidecarRadio(RadioLink.open(spec, tx, rx, 1.0), gains);
  }
}
