package io.jscclink.calibration.capture;

import io.jscclink.phy.frame.PhyConfig;
import io.jscclink.proto.sdr.v1.ChannelEmulation;
import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.proto.sdr.v1.Direction;
import io.jscclink.sdr.client.RadioLink;
import io.jscclink.sdr.sigmf.SigMfRecorder;
import java.io.IOException;
import java.util.function.IntConsumer;

/**
 * A radio link prepared for calibration captures: {@code --device sim} (channel emulation
 * applied, truth known), {@code hackrf} (real radios, truth unknown) or {@code sigmf:PATH}
 * (a recording replayed through the same receiver).
 */
public final class CalibrationRig implements AutoCloseable {
  private final RadioLink link;
  private final boolean replay;
  private final boolean simulated;
  private final PhyConfig phy;
  private final double sampleRateHz;
  private final PilotCapture capture;
  private java.util.Map<String, Double> gains = java.util.Map.of();

  private CalibrationRig(RadioLink link, String device, PhyConfig phy, double sampleRateHz) {
    this.link = link;
    this.replay = device.startsWith("sigmf:");
    this.simulated = device.equals("sim");
    this.phy = phy;
    this.sampleRateHz = sampleRateHz;
    this.capture = new PilotCapture(phy, sampleRateHz);
  }

  /**
   * @param device {@code sim}, {@code hackrf[:serial]} or {@code sigmf:PATH}
   * @param txSidecar attach to this sidecar (null: start one here); rxSidecar likewise
   */
  public static CalibrationRig open(String device, String txSidecar, String rxSidecar,
      PhyConfig phy, double sampleRateHz) throws IOException {
    return new CalibrationRig(RadioLink.open(device, txSidecar, rxSidecar, 2.0), device, phy,
        sampleRateHz);
  }

  public boolean simulated() {
    return simulated;
  }

  public boolean replay() {
    return replay;
  }

  public PhyConfig phy() {
    return phy;
  }

  public double sampleRateHz() {
    return sampleRateHz;
  }

  public PilotCapture capture() {
    return capture;
  }

  /** Gain per stage for the next runs (empty: the devices' defaults). */
  public void gains(java.util.Map<String, Double> stageGainsDb) {
    this.gains = java.util.Map.copyOf(stageGainsDb);
  }

  public String description() {
    return link.description();
  }

  /**
   * The emulation for frames of {@code plan} to arrive at {@code esN0Db} (per symbol after the
   * matched filter): the channel's per-sample SNR is Es/N0 − 10·log10(sps), raised by the
   * burst's power ratio (padding lowers a burst's mean power, from which the simulated channel
   * sets its noise); idle noise gets the same power, txRms²·sps/(Es/N0).
   */
  public ChannelEmulation atEsN0(ChannelEmulation base, double esN0Db, PilotCapture.Plan plan) {
    double sps = phy.samplesPerSymbol();
    double ratio = capture.burstPowerRatio(plan);
    return base.toBuilder()
        .setSnrDb(esN0Db - 10 * Math.log10(sps) + 10 * Math.log10(ratio))
        .setNoisePower(phy.txRms() * phy.txRms() * sps / Math.pow(10, esN0Db / 10))
        .build();
  }

  /** Configures the radio(s) and captures {@code plan} (or replays the recording to its end). */
  public FrameLog run(ChannelEmulation emulation, PilotCapture.Plan plan, SigMfRecorder recorder,
      IntConsumer progress) throws IOException, InterruptedException {
    if (replay) {
      link.rx().configure(DeviceConfig.newBuilder().setSampleRateHz(sampleRateHz)
          .setDirection(Direction.DIRECTION_RX).build());
      return capture.replay(link.rx(), plan, progress);
    }
    if (link.oneRadio()) {
      link.tx().configure(config(Direction.DIRECTION_RX_TX, emulation));
    } else {
      link.tx().configure(config(Direction.DIRECTION_TX, emulation));
      link.rx().configure(config(Direction.DIRECTION_RX, emulation));
    }
    return capture.run(link.tx(), link.rx(), plan, recorder, progress);
  }

  private DeviceConfig config(Direction direction, ChannelEmulation emulation) {
    return DeviceConfig.newBuilder().setSampleRateHz(sampleRateHz).setDirection(direction)
        .setEmulation(emulation).putAllGainsDb(gains).setPaced(false).build();
  }

  @Override
  public void close() {
    link.close();
  }
}
