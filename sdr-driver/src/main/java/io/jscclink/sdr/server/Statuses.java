package io.jscclink.sdr.server;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jscclink.sdr.api.DeviceException;

/** Maps device failures onto the gRPC status codes the contract names. */
final class Statuses {
  private Statuses() {}

  static StatusRuntimeException of(DeviceException e) {
    Status status;
    switch (e.reason()) {
      case INVALID_ARGUMENT:
        status = Status.INVALID_ARGUMENT;
        break;
      case NOT_FOUND:
        status = Status.NOT_FOUND;
        break;
      case BUSY:
      case RESOURCE_EXHAUSTED:
        status = Status.RESOURCE_EXHAUSTED;
        break;
      case PERMISSION_DENIED:
        status = Status.PERMISSION_DENIED;
        break;
      case FAILED_PRECONDITION:
        status = Status.FAILED_PRECONDITION;
        break;
      default: // IO_ERROR: the device failed mid-operation; retrying the same call won't help
        status = Status.ABORTED;
        break;
    }
    return status.withDescription(e.getMessage()).withCause(e).asRuntimeException();
  }

  static StatusRuntimeException invalid(String description) {
    return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
  }

  static StatusRuntimeException precondition(String description) {
    return Status.FAILED_PRECONDITION.withDescription(description).asRuntimeException();
  }
}
