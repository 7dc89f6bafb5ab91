package io.jscclink.models.store;

import java.io.IOException;

/** A model directory that cannot be used: missing, truncated, corrupt or not what was asked. */
public final class ModelFileException extends IOException {
  public ModelFileException(String message) {
    super(message);
  }

  public ModelFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
