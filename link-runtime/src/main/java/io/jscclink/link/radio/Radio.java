package io.jscclink.link.radio;

import io.jscclink.proto.sdr.v1.ChannelEmulation;
import io.jscclink.sdr.api.RxBlockInfo;
import io.jscclink.sdr.sim.SimulatedDevice;

/**
 * The link's view of its radio: one TX path and one RX path, whether the channel runs in this
 * process or behind a sidecar. Samples are interleaved floats, full scale ±1.
 *
 * <p>Threading: {@link #transmit} is called by the TX stage, {@link #read} by the RX stage.
 */
public interface Radio extends AutoCloseable {
  /**
   * Applies the sample rate and, on a simulated radio, the channel emulation.
   *
   * @param paced a simulated radio's sample clock runs in real time (as hardware does);
   *     unpaced it makes samples as fast as the receiver takes them
   */
  void configure(double sampleRateHz, ChannelEmulation emulation, boolean paced)
      throws Exception;

  /** Starts the receive stream; call before the first transmit so no burst goes unheard. */
  void startReceive() throws Exception;

  /** Sends one burst of {@code samples} complex samples. */
  void transmit(float[] iq, int samples, long burstId) throws Exception;

  /**
   * Up to {@code maxSamples} received samples into {@code iq}, described in {@code info}.
   *
   * @return samples delivered, or -1 when the stream ended
   */
  int read(float[] iq, int maxSamples, RxBlockInfo info) throws Exception;

  /**
   * Asks a simulated radio to tell the channel's truth for each burst (on the thread that
   * reads); radios that cannot know it ignore the request.
   */
  default void observeTruth(SimulatedDevice.BurstObserver observer) {}

  /** Where the link runs, for reports ("in-process", "sim via a sidecar on …"). */
  String description();

  /** Bounded in time; idempotent. */
  @Override
  void close();
}
