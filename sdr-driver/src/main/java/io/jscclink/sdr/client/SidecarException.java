package io.jscclink.sdr.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A sidecar call failed. {@link #code()} is the gRPC status code (INVALID_ARGUMENT for a
 * setting out of range, FAILED_PRECONDITION for a missing lease or configuration,
 * RESOURCE_EXHAUSTED for a busy device or an oversized message, UNAVAILABLE when the sidecar
 * cannot be reached after the retries); the message carries the sidecar's description.
 */
public final class SidecarException extends RuntimeException {
  private final Status.Code code;

  SidecarException(String operation, StatusRuntimeException cause) {
    super(operation + " failed: " + cause.getStatus().getCode() + ": "
        + cause.getStatus().getDescription(), cause);
    this.code = cause.getStatus().getCode();
  }

  SidecarException(Status.Code code, String message) {
    super(message);
    this.code = code;
  }

  /** The gRPC status code of the failure. */
  public Status.Code code() {
    return code;
  }
}
