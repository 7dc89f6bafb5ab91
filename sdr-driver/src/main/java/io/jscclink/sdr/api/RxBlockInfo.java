package io.jscclink.sdr.api;

/**
 * What {@link RxStream#read} reports about the samples it delivered. Caller-owned and
 * overwritten on every read, so a reader allocates nothing per block.
 */
public final class RxBlockInfo {
  /** Index of the first delivered sample in the device's sample clock. */
  public long firstSampleIndex;
  /** Complex samples lost (overflow, transfer error) right before the delivered ones. */
  public long samplesLostBefore;
  /** The delivered samples end a burst (simulated device) or the recording (file device). */
  public boolean endOfBurst;
  /** Host time of the first delivered sample, ns since the Unix epoch; 0 when unknown. */
  public long hostTimeNs;
  /**
   * The stream was re-established after the sidecar went away (client library only): then
   * {@link #samplesLostBefore} is the gap estimated from host time (0 for an unpaced device,
   * whose clock does not run while nobody reads) and {@link #gapNs} the outage.
   */
  public boolean restarted;
  /** Host time between the last sample before a restart and the first after it, ns. */
  public long gapNs;

  /** Clears every field; read implementations call it first. */
  public void clear() {
    firstSampleIndex = 0;
    samplesLostBefore = 0;
    endOfBurst = false;
    hostTimeNs = 0;
    restarted = false;
    gapNs = 0;
  }
}
