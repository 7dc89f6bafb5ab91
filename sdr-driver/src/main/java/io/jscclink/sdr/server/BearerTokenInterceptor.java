package io.jscclink.sdr.server;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Rejects calls without {@code authorization: Bearer <token>} (UNAUTHENTICATED). */
final class BearerTokenInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final byte[] expected;

  BearerTokenInterceptor(String token) {
    this.expected = ("Bearer " + token).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String presented = headers.get(AUTHORIZATION);
    // Constant-time comparison: the token must not leak through response timing.
    if (presented == null || !MessageDigest.isEqual(
        presented.getBytes(StandardCharsets.US_ASCII), expected)) {
      call.close(Status.UNAUTHENTICATED.withDescription(
          "missing or wrong bearer token: send 'authorization: Bearer <token>' with the token "
              + "the sidecar was started with"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
