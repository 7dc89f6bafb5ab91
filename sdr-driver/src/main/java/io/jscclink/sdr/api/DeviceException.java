package io.jscclink.sdr.api;

/**
 * A device operation failed. The {@link Reason} tells the sidecar which gRPC status to answer
 * with; the message says what went wrong and, where there is one, how to fix it.
 */
public final class DeviceException extends Exception {
  /** Why an operation failed. */
  public enum Reason {
    /** A setting outside the device's capabilities; the message names the allowed range. */
    INVALID_ARGUMENT,
    /** No such device (not plugged in, wrong serial, missing file). */
    NOT_FOUND,
    /** The device is held by another process or client. */
    BUSY,
    /** The operating system refuses access (udev rule missing). */
    PERMISSION_DENIED,
    /** The operation needs a state the device is not in (not configured, wrong direction). */
    FAILED_PRECONDITION,
    /** A buffer or burst would exceed a fixed limit. */
    RESOURCE_EXHAUSTED,
    /** The device went away (unplugged) or a transfer failed. */
    IO_ERROR
  }

  private final Reason reason;

  public DeviceException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public DeviceException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Shorthand for an out-of-range setting. */
  public static DeviceException invalid(String message) {
    return new DeviceException(Reason.INVALID_ARGUMENT, message);
  }
}
