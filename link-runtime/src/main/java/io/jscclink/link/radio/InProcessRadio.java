package io.jscclink.link.radio;

import io.jscclink.proto.sdr.v1.ChannelEmulation;
import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.proto.sdr.v1.Direction;
import io.jscclink.sdr.api.RxBlockInfo;
import io.jscclink.sdr.api.RxStream;
import io.jscclink.sdr.sim.SimulatedDevice;

/**
 * The channel in this process: the sidecar's simulated device called directly, so the
 * in-process run and {@code --device sim} share one channel implementation and differ only by
 * the gRPC hop.
 */
public final class InProcessRadio implements Radio {
  private final SimulatedDevice device = new SimulatedDevice(1.0);
  private final java.util.Map<String, Double> gainsDb;
  private RxStream rx;

  /** The device's gains at their references. */
  public InProcessRadio() {
    this(java.util.Map.of());
  }

  /** @param gainsDb gain per stage ({@code tx}, {@code rx}) of the simulated device */
  public InProcessRadio(java.util.Map<String, Double> gainsDb) {
    this.gainsDb = java.util.Map.copyOf(gainsDb);
  }

  @Override
  public void configure(double sampleRateHz, ChannelEmulation emulation, boolean paced) throws Exception {
    device.configure(DeviceConfig.newBuilder().setSampleRateHz(sampleRateHz)
        .setDirection(Direction.DIRECTION_RX_TX).setEmulation(emulation).putAllGainsDb(gainsDb)
        .setPaced(paced).build());
  }

  @Override
  public void startReceive() throws Exception {
    rx = device.startReceive();
  }

  @Override
  public void transmit(float[] iq, int samples, long burstId) throws Exception {
    device.transmit(iq, 0, samples, true, burstId);
  }

  @Override
  public int read(float[] iq, int maxSamples, RxBlockInfo info) throws Exception {
    return rx.read(iq, 0, maxSamples, info);
  }

  @Override
  public void observeTruth(SimulatedDevice.BurstObserver observer) {
    device.observeBursts(observer);
  }

  @Override
  public String description() {
    return "in-process";
  }

  @Override
  public void close() {
    if (rx != null) {
      rx.close();
    }
    device.close();
  }
}
