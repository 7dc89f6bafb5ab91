package io.jscclink.sdr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The sidecar's --device argument. */
class DeviceSpecsTest {
  @Test
  void knownSpecsGiveTheirDevices() {
    assertEquals("sim", DeviceSpecs.factory("sim", 0.5).info().getId());
    assertEquals("hackrf", DeviceSpecs.factory("hackrf", 0.5).info().getId());
    assertEquals("hackrf:a06063c8", DeviceSpecs.factory("hackrf:A06063C8", 0.5).info().getId());
    assertEquals(false, DeviceSpecs.factory("hackrf", 0.5).info().getCapabilities()
        .getFullDuplex());
  }

  @Test
  void badSpecsNameWhatIsAllowed() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> DeviceSpecs.factory("hackrf:xyz", 0.5)).getMessage().contains("hex digits"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> DeviceSpecs.factory("usrp", 0.5)).getMessage().contains(DeviceSpecs.ALLOWED));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> DeviceSpecs.factory("sigmf:/nonexistent/capture", 0.5)).getMessage()
        .contains("cannot read"));
    assertThrows(IllegalArgumentException.class, () -> DeviceSpecs.factory("sim", 0));
  }
}
