package io.jscclink.sdr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.jscclink.proto.sdr.v1.ConfigureRequest;
import io.jscclink.proto.sdr.v1.ConfigureResponse;
import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.proto.sdr.v1.DeviceServiceGrpc;
import io.jscclink.proto.sdr.v1.OpenRequest;
import io.jscclink.proto.sdr.v1.ReceiveRequest;
import io.jscclink.proto.sdr.v1.SampleBlock;
import io.jscclink.proto.sdr.v1.SampleFormat;
import io.jscclink.proto.sdr.v1.TransmitSummary;
import io.jscclink.proto.sdr.v1.TxChunk;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad requests over a real loopback socket get the contract's status codes with a description
 * that says what is allowed, and the sidecar keeps serving afterwards.
 */
@Timeout(60)
class SidecarBadRequestTest {
  /** 1 MiB messages, so the oversized case is cheap. */
  private static final int MAX_MESSAGE_BYTES = 1 << 20;

  private SidecarServer server;
  private ManagedChannel channel;
  private DeviceServiceGrpc.DeviceServiceBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    server = Sidecars.simulated(0,
        new SidecarServer.Options(5_000, 60_000, MAX_MESSAGE_BYTES, 4, 2), 0.05);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
        .maxInboundMessageSize(4 * MAX_MESSAGE_BYTES).build();
    stub = DeviceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  @Test
  void badRequestsGetTheRightCodesAndTheSidecarKeepsServing() throws Exception {
    // Unknown device.
    expect(Status.Code.NOT_FOUND, "unknown device 'hackrf:0000'",
        () -> stub.open(OpenRequest.newBuilder().setDeviceId("hackrf:0000").build()));
    // Configure and TX without a lease.
    expect(Status.Code.FAILED_PRECONDITION, "call Open first",
        () -> stub.configure(ConfigureRequest.newBuilder()
            .setConfig(Sidecars.simConfig(1e6, false, 10, 1)).build()));
    expect(Status.Code.FAILED_PRECONDITION, "lease_id",
        () -> transmit(TxChunk.newBuilder().setFormat(SampleFormat.SAMPLE_FORMAT_CF32)
            .setSamples(ByteString.copyFrom(new byte[64])).setEndOfBurst(true).build()));

    String lease = stub.open(OpenRequest.newBuilder().setClientName("bad").build()).getLeaseId();
    // A second Open while the lease is held.
    expect(Status.Code.RESOURCE_EXHAUSTED, "is held by 'bad'",
        () -> stub.open(OpenRequest.getDefaultInstance()));
    // TX on an open but unconfigured device.
    expect(Status.Code.FAILED_PRECONDITION, "configure the device",
        () -> transmit(TxChunk.newBuilder().setLeaseId(lease)
            .setFormat(SampleFormat.SAMPLE_FORMAT_CF32)
            .setSamples(ByteString.copyFrom(new byte[64])).setEndOfBurst(true).build()));
    // Settings out of range name the allowed range.
    DeviceConfig good = Sidecars.simConfig(1e6, false, 10, 1);
    expect(Status.Code.INVALID_ARGUMENT, "center_frequency_hz -1.0 is out of range: allowed 0.0",
        () -> configure(lease, good.toBuilder().setCenterFrequencyHz(-1).build()));
    expect(Status.Code.INVALID_ARGUMENT, "sample_rate_hz 0.0 is out of range: allowed 1000.0",
        () -> configure(lease, good.toBuilder().setSampleRateHz(0).build()));
    expect(Status.Code.INVALID_ARGUMENT, "snrDb must be in [-50, 100]",
        () -> configure(lease, good.toBuilder().setEmulation(good.getEmulation().toBuilder()
            .setSnrDb(500)).build()));
    expect(Status.Code.INVALID_ARGUMENT, "unknown gain stage 'lna'",
        () -> configure(lease, good.toBuilder().putGainsDb("lna", 8).build()));
    configure(lease, good);
    // Malformed: a partial sample, an unset format.
    expect(Status.Code.INVALID_ARGUMENT, "not a whole number of SAMPLE_FORMAT_CF32 samples",
        () -> transmit(TxChunk.newBuilder().setLeaseId(lease)
            .setFormat(SampleFormat.SAMPLE_FORMAT_CF32)
            .setSamples(ByteString.copyFrom(new byte[13])).setEndOfBurst(true).build()));
    expect(Status.Code.INVALID_ARGUMENT, "format must be",
        () -> transmit(TxChunk.newBuilder().setLeaseId(lease)
            .setSamples(ByteString.copyFrom(new byte[16])).setEndOfBurst(true).build()));
    // Malformed: a NaN sample.
    byte[] nan = new byte[16];
    java.nio.ByteBuffer.wrap(nan).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(12, Float.NaN);
    expect(Status.Code.INVALID_ARGUMENT, "TX sample 1 is NaN; samples must be finite",
        () -> transmit(TxChunk.newBuilder().setLeaseId(lease)
            .setFormat(SampleFormat.SAMPLE_FORMAT_CF32)
            .setSamples(ByteString.copyFrom(nan)).setEndOfBurst(true).build()));
    // Malformed: bytes that are no protobuf message at all.
    expect(Status.Code.INVALID_ARGUMENT, "malformed jscclink.sdr.v1.DeviceService/Configure",
        () -> rawConfigure(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01}));
    // Oversized: a chunk beyond the maximum message size.
    expect(Status.Code.RESOURCE_EXHAUSTED, "",
        () -> transmit(TxChunk.newBuilder().setLeaseId(lease)
            .setFormat(SampleFormat.SAMPLE_FORMAT_CF32)
            .setSamples(ByteString.copyFrom(new byte[2 * MAX_MESSAGE_BYTES]))
            .setEndOfBurst(true).build()));
    // A block that could not fit in a message.
    expect(Status.Code.INVALID_ARGUMENT, "samples_per_block 1000000 is out of range",
        () -> firstBlock(ReceiveRequest.newBuilder().setLeaseId(lease)
            .setFormat(SampleFormat.SAMPLE_FORMAT_CF32).setSamplesPerBlock(1_000_000).build()));

    // Still serving: the same lease configures, receives and transmits.
    configure(lease, good);
    SampleBlock block = firstBlock(ReceiveRequest.newBuilder().setLeaseId(lease)
        .setFormat(SampleFormat.SAMPLE_FORMAT_CS8).setSamplesPerBlock(1000)
        .setMaxSamples(1000).build());
    assertEquals(1000, block.getSampleCount());
    assertEquals(2000, block.getSamples().size());
    TransmitSummary summary = transmit(TxChunk.newBuilder().setLeaseId(lease)
        .setFormat(SampleFormat.SAMPLE_FORMAT_CS8)
        .setSamples(ByteString.copyFrom(new byte[200])).setEndOfBurst(true).build());
    assertEquals(100, summary.getSamples());
    HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
        .check(HealthCheckRequest.newBuilder().setService(DeviceServiceGrpc.SERVICE_NAME).build());
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.getStatus());
  }

  private ConfigureResponse configure(String lease, DeviceConfig config) {
    return stub.configure(ConfigureRequest.newBuilder().setLeaseId(lease).setConfig(config).build());
  }

  private SampleBlock firstBlock(ReceiveRequest request) {
    Iterator<SampleBlock> blocks = stub.receive(request);
    SampleBlock first = blocks.next();
    while (blocks.hasNext()) {
      blocks.next();
    }
    return first;
  }

  /** One TX stream of one chunk; returns the summary or throws the stream's status. */
  private TransmitSummary transmit(TxChunk chunk) throws Exception {
    CompletableFuture<TransmitSummary> result = new CompletableFuture<>();
    StreamObserver<TxChunk> requests = DeviceServiceGrpc.newStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS).transmit(new StreamObserver<>() {
          private TransmitSummary summary;

          @Override
          public void onNext(TransmitSummary value) {
            summary = value;
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            result.complete(summary);
          }
        });
    requests.onNext(chunk);
    requests.onCompleted();
    try {
      return result.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (StatusRuntimeException) e.getCause();
    }
  }

  /** Sends raw bytes as a Configure request, bypassing the protobuf marshaller. */
  private ConfigureResponse rawConfigure(byte[] body) {
    MethodDescriptor<byte[], ConfigureResponse> method = DeviceServiceGrpc.getConfigureMethod()
        .toBuilder(new RawMarshaller(), DeviceServiceGrpc.getConfigureMethod()
            .getResponseMarshaller())
        .build();
    ClientCall<byte[], ConfigureResponse> call = channel.newCall(method,
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
    return ClientCalls.blockingUnaryCall(call, body);
  }

  private static final class RawMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      throw new UnsupportedOperationException("requests only");
    }
  }

  private interface Call {
    Object run() throws Exception;
  }

  private static void expect(Status.Code code, String inDescription, Call call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
    assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
    String description = String.valueOf(e.getStatus().getDescription());
    assertTrue(description.contains(inDescription),
        "description '" + description + "' should contain '" + inDescription + "'");
  }
}
