package io.jscclink.sdr.server;

import io.jscclink.sdr.api.DeviceFactory;
import io.jscclink.sdr.hackrf.HackRfDevice;
import java.nio.file.Path;
import io.jscclink.sdr.sigmf.SigMfFileDevice;
import io.jscclink.sdr.sim.SimulatedDevice;
import io.jscclink.sdr.usb.Usb4javaTransport;

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
    if (spec.equals("hackrf") || spec.startsWith("hackrf:")) {
      String serial = spec.equals("hackrf") ? "" : spec.substring("hackrf:".length());
      if (!serial.matches("[0-9a-fA-F]*")) {
        throw new IllegalArgumentException("HackRF serial '" + serial + "' must be hex digits "
            + "(all or the last few shown by hackrf_info)");
      }
      return HackRfDevice.factory(Usb4javaTransport.connector(), serial.toLowerCase());
    }
    if (spec.startsWith("sigmf:") && spec.length() > "sigmf:".length()) {
      return SigMfFileDevice.factory(Path.of(spec.substring("sigmf:".length())));
    }
    throw new IllegalArgumentException("unknown device '" + spec + "': allowed " + ALLOWED);
  }
}
