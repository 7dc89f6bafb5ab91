package io.jscclink.sdr.api;

import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.proto.sdr.v1.DeviceInfo;

/**
 * One open radio: the simulated device, a SigMF recording or a HackRF One. Opened by its
 * {@link DeviceFactory}, configured, then streamed.
 *
 * <p>Configuration uses the sidecar contract's {@link DeviceConfig} so there is one definition
 * of every setting (documented in {@code sdr.proto}). Invalid settings are rejected with
 * {@link DeviceException.Reason#INVALID_ARGUMENT} naming the allowed range, never replaced.
 */
public interface SdrDevice extends AutoCloseable {
  /** Identity and capabilities. */
  DeviceInfo info();

  /**
   * Checks {@code config} against the capabilities and applies all of it or none of it.
   * Not allowed while streaming.
   *
   * @return the configuration in effect, with driver-chosen values (e.g. bandwidth) filled in
   */
  DeviceConfig configure(DeviceConfig config) throws DeviceException;

  /** The configuration in effect, or null before the first {@link #configure}. */
  DeviceConfig config();

  /**
   * Starts receiving. One RX stream at a time; closing it stops reception.
   *
   * @throws DeviceException FAILED_PRECONDITION when not configured for RX or already
   *     receiving
   */
  RxStream startReceive() throws DeviceException;

  /**
   * Queues {@code samples} complex samples from {@code iq[2·offset…]} (interleaved, full scale
   * ±1). The burst goes out once a call with {@code endOfBurst} arrives (the simulated device)
   * or streams as it comes (hardware). The array is copied before return.
   *
   * @param burstId caller's identifier of the burst, for recordings and logs
   */
  void transmit(float[] iq, int offset, int samples, boolean endOfBurst, long burstId)
      throws DeviceException, InterruptedException;

  /** Live counters since open. */
  DeviceCounters counters();

  /** Last error with how to fix it, or an empty string when healthy. */
  default String lastError() {
    return "";
  }

  /** Stops every stream and releases the device; bounded in time, idempotent. */
  @Override
  void close();
}
