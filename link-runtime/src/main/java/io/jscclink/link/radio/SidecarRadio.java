package io.jscclink.link.radio;

import io.jscclink.proto.sdr.v1.ChannelEmulation;
import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.proto.sdr.v1.Direction;
import io.jscclink.proto.sdr.v1.SampleFormat;
import io.jscclink.sdr.api.RxBlockInfo;
import io.jscclink.sdr.client.RadioLink;
import io.jscclink.sdr.client.Receiver;
import java.util.Map;

/** A radio behind one or two sidecars ({@code --device sim|hackrf|sigmf:…}, {@code --sidecar}). */
public final class SidecarRadio implements Radio {
  private final RadioLink link;
  private final Map<String, Double> gainsDb;
  private Receiver receiver;

  public SidecarRadio(RadioLink link) {
    this(link, Map.of());
  }

  /**
   * @param gainsDb gain per stage name, applied to both ends (each sidecar rejects a stage its
   *     device does not have, naming the ones it has)
   */
  public SidecarRadio(RadioLink link, Map<String, Double> gainsDb) {
    this.link = link;
    this.gainsDb = Map.copyOf(gainsDb);
  }

  @Override
  public void configure(double sampleRateHz, ChannelEmulation emulation, boolean paced) {
    if (link.oneRadio()) {
      link.tx().configure(config(sampleRateHz, Direction.DIRECTION_RX_TX, emulation, paced));
    } else {
      link.tx().configure(config(sampleRateHz, Direction.DIRECTION_TX, emulation, paced));
      link.rx().configure(config(sampleRateHz, Direction.DIRECTION_RX, emulation, paced));
    }
  }

  private DeviceConfig config(double rate, Direction direction, ChannelEmulation e,
      boolean paced) {
    return DeviceConfig.newBuilder().setSampleRateHz(rate).setDirection(direction)
        .setEmulation(e).putAllGainsDb(gainsDb).setPaced(paced).build();
  }

  @Override
  public void startReceive() throws InterruptedException {
    receiver = link.rx().receive(SampleFormat.SAMPLE_FORMAT_CF32, 0, 0);
    // Frames sent before the sidecar runs the stream would go out unheard.
    receiver.awaitStreaming();
  }

  @Override
  public void transmit(float[] iq, int samples, long burstId) {
    link.tx().transmit(iq, 0, samples, burstId);
  }

  @Override
  public int read(float[] iq, int maxSamples, RxBlockInfo info) throws InterruptedException {
    return receiver.read(iq, 0, maxSamples, info);
  }

  @Override
  public String description() {
    return link.description();
  }

  @Override
  public void close() {
    if (receiver != null) {
      receiver.close();
    }
    link.close();
  }
}
