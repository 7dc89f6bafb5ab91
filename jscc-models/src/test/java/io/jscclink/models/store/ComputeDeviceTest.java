package io.jscclink.models.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class ComputeDeviceTest {
  @Test
  void autoTakesTheGpuOnlyWhenOneIsVisible() {
    assertEquals(Device.gpu(0), ComputeDevice.select(ComputeDevice.Choice.AUTO, 2).device());
    ComputeDevice cpu = ComputeDevice.select(ComputeDevice.Choice.AUTO, 0);
    assertEquals(Device.cpu(), cpu.device());
    assertTrue(cpu.explanation().contains("no CUDA GPU"), cpu.explanation());
  }

  @Test
  void askingForAGpuThatIsNotThereFailsWithHowToGetOne() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ComputeDevice.select(ComputeDevice.Choice.GPU, 0));
    assertTrue(e.getMessage().contains("PYTORCH_LIBRARY_PATH"), e.getMessage());
    assertEquals(Device.cpu(), ComputeDevice.select(ComputeDevice.Choice.CPU, 4).device());
  }

  @Test
  void theEngineOnThisMachineResolvesAutoWithoutFailing() {
    ComputeDevice d = ComputeDevice.select(ComputeDevice.Choice.AUTO);
    assertTrue(d.device().equals(Device.cpu()) || d.device().isGpu());
    assertThrows(IllegalArgumentException.class, () -> ComputeDevice.Choice.parse("tpu"));
  }
}
