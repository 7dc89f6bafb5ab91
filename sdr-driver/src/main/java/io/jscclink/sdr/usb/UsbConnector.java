package io.jscclink.sdr.usb;

import io.jscclink.sdr.api.DeviceException;

/** Finds and opens a USB device, giving its {@link UsbTransport}. */
public interface UsbConnector {
  /**
   * Opens the first device with this vendor and product id, or the one whose serial number
   * ends with {@code serial} when it is not empty.
   *
   * @throws DeviceException NOT_FOUND (with how to check the connection), PERMISSION_DENIED
   *     (with the udev rule to install), BUSY (another process has it)
   */
  UsbTransport open(int vendorId, int productId, String serial) throws DeviceException;
}
