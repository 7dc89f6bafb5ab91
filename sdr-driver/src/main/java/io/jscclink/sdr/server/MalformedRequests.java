package io.jscclink.sdr.server;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.InputStream;

/**
 * Answers a request that is not a valid protobuf message with INVALID_ARGUMENT naming the
 * method, instead of grpc-java's UNKNOWN "Application error processing RPC". The transport
 * hands raw bytes through; the request is parsed here, where a failure can be answered.
 */
final class MalformedRequests {
  private MalformedRequests() {}

  /** {@code service} with every method's request parsed by this class. */
  static ServerServiceDefinition answeredAsInvalidArgument(ServerServiceDefinition service) {
    ServerServiceDefinition.Builder builder =
        ServerServiceDefinition.builder(service.getServiceDescriptor().getName());
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      builder.addMethod(wrap(method));
    }
    return builder.build();
  }

  private static <Q, R> ServerMethodDefinition<InputStream, R> wrap(
      ServerMethodDefinition<Q, R> definition) {
    MethodDescriptor<Q, R> typed = definition.getMethodDescriptor();
    MethodDescriptor<InputStream, R> raw =
        typed.toBuilder(new PassThrough(), typed.getResponseMarshaller()).build();
    ServerCallHandler<InputStream, R> handler = (call, headers) -> {
      ServerCall.Listener<Q> inner = definition.getServerCallHandler()
          .startCall(new TypedCall<>(call, typed), headers);
      return new ServerCall.Listener<>() {
        private boolean failed;

        @Override
        public void onMessage(InputStream message) {
          if (failed) {
            return;
          }
          Q request;
          try {
            request = typed.parseRequest(message);
          } catch (RuntimeException e) {
            failed = true;
            call.close(Status.INVALID_ARGUMENT.withDescription("malformed "
                + typed.getFullMethodName() + " request: not a valid protobuf message ("
                + e.getMessage() + ")"), new Metadata());
            inner.onCancel(); // lets the handler release what the stream held
            return;
          }
          inner.onMessage(request);
        }

        @Override
        public void onHalfClose() {
          if (!failed) {
            inner.onHalfClose();
          }
        }

        @Override
        public void onCancel() {
          if (!failed) {
            inner.onCancel();
          }
        }

        @Override
        public void onComplete() {
          inner.onComplete();
        }

        @Override
        public void onReady() {
          inner.onReady();
        }
      };
    };
    return ServerMethodDefinition.create(raw, handler);
  }

  /** The raw call seen by the typed handler: only the method descriptor differs. */
  private static final class TypedCall<Q, R> extends ForwardingServerCall<Q, R> {
    private final ServerCall<InputStream, R> raw;
    private final MethodDescriptor<Q, R> method;

    TypedCall(ServerCall<InputStream, R> raw, MethodDescriptor<Q, R> method) {
      this.raw = raw;
      this.method = method;
    }

    @SuppressWarnings("unchecked")
    @Override
    protected ServerCall<Q, R> delegate() {
      return (ServerCall<Q, R>) (ServerCall<?, R>) raw; // requests never pass through the call
    }

    @Override
    public MethodDescriptor<Q, R> getMethodDescriptor() {
      return method;
    }
  }

  /** Hands the request bytes through unparsed. */
  private static final class PassThrough implements MethodDescriptor.Marshaller<InputStream> {
    @Override
    public InputStream stream(InputStream value) {
      return value;
    }

    @Override
    public InputStream parse(InputStream stream) {
      return stream;
    }
  }
}
