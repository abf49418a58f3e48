package org.evote.ballotserver.http;

/** A rejection carried through {@code ctx.fail(status, error)} to the failure handler. */
public final class ApiError extends RuntimeException {
  private final String reason;

  public ApiError(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
