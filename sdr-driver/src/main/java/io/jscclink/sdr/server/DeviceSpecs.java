package io.jscclink.sdr.server;

import io.jscclink.sdr.api.DeviceFactory;
import io.jscclink.sdr.sim.SimulatedDevice;

/** Turns the sidecar's {@code --device} argument into the factory of the device it serves. */
public final class DeviceSpecs {
  /** What {@code --device} accepts, for help and error messages. */
  public static final String ALLOWED = "sim, hackrf, hackrf:SERIAL or sigmf:PATH.sigmf-meta";

  private DeviceSpecs() {}

  /**
   * @param spec {@code sim}, {@code hackrf[:serial]} or {@code sigmf:PATH}
   * @param bufferSeconds receive buffer of the simulated and file devices, seconds
   * @throws IllegalArgumentException for anything else, naming what is allowed
   */
  public static DeviceFactory factory(String spec, double bufferSeconds) {
    if (spec.equals("sim")) {
      return SimulatedDevice.factory(bufferSeconds);
    }
    throw new IllegalArgumentException("unknown device '" + spec + "': allowed " + ALLOWED);
  }
}
