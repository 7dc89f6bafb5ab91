package io.jscclink.sdr.api;

import io.jscclink.proto.sdr.v1.DeviceInfo;

/**
 * Opens the one device a sidecar serves. The sidecar opens it when a client takes the lease
 * and closes it when the lease ends, so hardware is claimed only while someone uses it.
 */
public interface DeviceFactory {
  /** Identity and capabilities, available without opening. */
  DeviceInfo info();

  /** Opens the device; NOT_FOUND, BUSY or PERMISSION_DENIED with how to fix it. */
  SdrDevice open() throws DeviceException;
}
