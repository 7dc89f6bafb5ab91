package io.jscclink.sdr.client;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.jscclink.proto.sdr.v1.DeviceServiceGrpc;
import io.jscclink.proto.sdr.v1.ReceiveRequest;
import io.jscclink.proto.sdr.v1.SampleBlock;
import java.io.IOException;
import java.io.InputStream;

/**
 * Parses {@link SampleBlock}s with one copy fewer than gRPC's default: the message is read
 * into its own array and the {@code samples} field aliases it, instead of being read into a
 * shared buffer and copied out again. At 60 Msamples/s CF32 that is 480 MB/s less copying.
 */
final class BlockMarshaller implements MethodDescriptor.Marshaller<SampleBlock> {
  /** The Receive method with this marshaller for its responses. */
  static final MethodDescriptor<ReceiveRequest, SampleBlock> RECEIVE =
      DeviceServiceGrpc.getReceiveMethod().toBuilder(
          ProtoUtils.marshaller(ReceiveRequest.getDefaultInstance()), new BlockMarshaller())
          .build();

  private BlockMarshaller() {}

  @Override
  public InputStream stream(SampleBlock value) {
    return ProtoUtils.marshaller(SampleBlock.getDefaultInstance()).stream(value);
  }

  @Override
  public SampleBlock parse(InputStream stream) {
    try {
      byte[] message;
      if (stream instanceof KnownLength) {
        message = new byte[stream.available()]; // one array per block, kept by the block
        int read = stream.readNBytes(message, 0, message.length);
        if (read != message.length) {
          throw new IOException("block ended after " + read + " of " + message.length
              + " bytes");
        }
      } else {
        message = stream.readAllBytes();
      }
      CodedInputStream input = CodedInputStream.newInstance(message);
      input.enableAliasing(true); // the array is this block's alone
      input.setSizeLimit(Integer.MAX_VALUE);
      return SampleBlock.parseFrom(input);
    } catch (InvalidProtocolBufferException e) {
      throw Status.INTERNAL.withDescription("malformed SampleBlock from the sidecar")
          .withCause(e).asRuntimeException();
    } catch (IOException e) {
      throw Status.INTERNAL.withDescription("reading a SampleBlock failed").withCause(e)
          .asRuntimeException();
    }
  }
}
