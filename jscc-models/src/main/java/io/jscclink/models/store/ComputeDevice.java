package io.jscclink.models.store;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * Where a receiver runs: {@code --compute auto|cpu|gpu}. {@code auto} takes the first CUDA GPU
 * when DJL's engine sees one and the CPU otherwise; {@code gpu} without one is an error that
 * says how to get DJL's CUDA libtorch, never a silent fall-back.
 */
public final class ComputeDevice {
  /** The user's choice, as on the command line. */
  public enum Choice {
    AUTO, CPU, GPU;

    public static Choice parse(String value) {
      for (Choice c : values()) {
        if (c.name().equalsIgnoreCase(value)) {
          return c;
        }
      }
      throw new IllegalArgumentException(
          "unknown compute device '" + value + "'; allowed: auto, cpu, gpu");
    }
  }

  /** How to get a CUDA libtorch for DJL: no CUDA native jar of this version is on Maven Central. */
  public static final String CUDA_HELP = "DJL found no CUDA GPU. The bundled PyTorch native"
      + " library is CPU-only; on a machine with an NVIDIA GPU and network access, unset"
      + " ai.djl.offline (JSCC_JAVA_OPTS=-Dai.djl.offline=false) and set PYTORCH_FLAVOR to a CUDA build of PyTorch 2.7.1 (cu126 or cu128)"
      + " so that DJL downloads its CUDA libtorch, or point PYTORCH_LIBRARY_PATH at a local CUDA"
      + " libtorch 2.7.1 (see the README).";

  private final Device device;
  private final String explanation;

  private ComputeDevice(Device device, String explanation) {
    this.device = device;
    this.explanation = explanation;
  }

  /** Resolves {@code choice} against the GPUs the engine sees. */
  public static ComputeDevice select(Choice choice) {
    return select(choice, Engine.getInstance().getGpuCount());
  }

  static ComputeDevice select(Choice choice, int gpuCount) {
    switch (choice) {
      case CPU:
        return new ComputeDevice(Device.cpu(), "cpu (asked for)");
      case GPU:
        if (gpuCount == 0) {
          throw new IllegalStateException("--compute gpu: " + CUDA_HELP);
        }
        return new ComputeDevice(Device.gpu(0), "gpu(0) (asked for; " + gpuCount + " visible)");
      default:
        return gpuCount > 0
            ? new ComputeDevice(Device.gpu(0), "gpu(0) (auto: " + gpuCount + " CUDA GPU(s) visible)")
            : new ComputeDevice(Device.cpu(), "cpu (auto: no CUDA GPU visible to DJL)");
    }
  }

  public Device device() {
    return device;
  }

  /** One line saying which device was chosen and why, for the command's output. */
  public String explanation() {
    return explanation;
  }

  @Override
  public String toString() {
    return device.toString().toLowerCase(Locale.ROOT);
  }
}
