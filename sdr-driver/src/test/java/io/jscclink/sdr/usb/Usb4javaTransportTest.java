package io.jscclink.sdr.usb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jscclink.sdr.api.DeviceException;
import io.jscclink.sdr.api.DeviceException.Reason;
import org.junit.jupiter.api.Test;
import org.usb4java.LibUsb;

/** libusb failures become the device reasons the sidecar maps to gRPC codes, with a fix. */
class Usb4javaTransportTest {
  @Test
  void libusbErrorsSayWhatWentWrongAndHowToFixIt() {
    DeviceException denied = Usb4javaTransport.failure(LibUsb.ERROR_ACCESS, "opening");
    assertEquals(Reason.PERMISSION_DENIED, denied.reason());
    assertTrue(denied.getMessage().contains("53-hackrf.rules"), denied.getMessage());
    assertTrue(denied.getMessage().contains("udevadm"), denied.getMessage());

    DeviceException busy = Usb4javaTransport.failure(LibUsb.ERROR_BUSY, "claiming");
    assertEquals(Reason.BUSY, busy.reason());
    assertTrue(busy.getMessage().contains("another process"), busy.getMessage());

    DeviceException unplugged = Usb4javaTransport.failure(LibUsb.ERROR_NO_DEVICE, "transfer");
    assertEquals(Reason.IO_ERROR, unplugged.reason());
    assertTrue(unplugged.getMessage().contains("unplugged; plug it back in"),
        unplugged.getMessage());

    assertEquals(Reason.NOT_FOUND,
        Usb4javaTransport.failure(LibUsb.ERROR_NOT_FOUND, "opening").reason());
    assertEquals(Reason.IO_ERROR, Usb4javaTransport.failure(LibUsb.ERROR_PIPE, "x").reason());
  }

  /** The udev rule the hints point to ships in the jar and matches HackRF One. */
  @Test
  void udevRuleIsShippedAsAResource() throws Exception {
    try (var in = Usb4javaTransportTest.class
        .getResourceAsStream("/io/jscclink/sdr/hackrf/53-hackrf.rules")) {
      String rule = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(rule.contains("ATTR{idVendor}==\"1d50\", ATTR{idProduct}==\"6089\""), rule);
    }
  }
}
