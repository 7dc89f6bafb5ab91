package io.jscclink.sdr.server;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.jscclink.proto.SampleCodec;
import io.jscclink.proto.sdr.v1.SampleBlock;
import io.jscclink.proto.sdr.v1.SampleFormat;
import io.jscclink.sdr.api.DeviceCounters;
import io.jscclink.sdr.api.DeviceException;
import io.jscclink.sdr.api.RxBlockInfo;
import io.jscclink.sdr.api.RxStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Moves one RX stream from the device to one gRPC call, on its own thread. It reads from the
 * device only while the call is ready (manual flow control): a slow client leaves samples in
 * the device's bounded buffer, where overflow is counted and reported in the next block.
 *
 * <p>Only the pump thread touches the call's outbound side; {@link #stop} just sets a reason
 * and wakes it.
 */
final class RxPump implements Runnable {
  /** How long the pump sleeps when the call is not ready before looking again. */
  private static final long READY_POLL_MS = 50;

  private final RxStream stream;
  private final ServerCallStreamObserver<SampleBlock> call;
  private final SampleFormat format;
  private final int samplesPerBlock;
  private final long maxSamples;
  private final DeviceCounters counters;
  private final Runnable onEnd;
  private final Object ready = new Object();
  private volatile boolean clientCancelled;
  private volatile boolean stopping;
  private volatile Status stopStatus;

  RxPump(RxStream stream, ServerCallStreamObserver<SampleBlock> call, SampleFormat format,
      int samplesPerBlock, long maxSamples, DeviceCounters counters, Runnable onEnd) {
    this.stream = stream;
    this.call = call;
    this.format = format;
    this.samplesPerBlock = samplesPerBlock;
    this.maxSamples = maxSamples;
    this.counters = counters;
    this.onEnd = onEnd;
    // Ready while up to two blocks wait in the transport (default: 32 KiB, less than one
    // block), so the pump prepares the next block while the network thread sends the last.
    call.setOnReadyThreshold(2 * samplesPerBlock * SampleCodec.bytesPerSample(format));
    call.setOnReadyHandler(this::wake);
    call.setOnCancelHandler(() -> {
      clientCancelled = true;
      stream.close();
      wake();
    });
  }

  /**
   * Ends the stream from the server side: with {@code status} as an error, or completed
   * normally when null. Returns at once; the pump thread finishes the call.
   */
  void stop(Status status) {
    stopStatus = status;
    stopping = true;
    stream.close();
    wake();
  }

  /** True once the stream is ending (cancelled or stopped) and the thread is winding down. */
  boolean isEnding() {
    return clientCancelled || stopping;
  }

  private void wake() {
    synchronized (ready) {
      ready.notifyAll();
    }
  }

  @Override
  public void run() {
    int bytesPerSample = SampleCodec.bytesPerSample(format);
    float[] iq = new float[2 * samplesPerBlock]; // scratch, owned by this pump thread
    RxBlockInfo info = new RxBlockInfo();
    long sent = 0;
    long sequence = 0;
    try {
      while (!clientCancelled && !stopping) {
        if (!call.isReady()) {
          synchronized (ready) {
            if (!call.isReady() && !clientCancelled && !stopping) {
              ready.wait(READY_POLL_MS);
            }
          }
          continue;
        }
        int wanted = maxSamples > 0
            ? (int) Math.min(samplesPerBlock, maxSamples - sent) : samplesPerBlock;
        if (wanted == 0) {
          break;
        }
        int count = stream.read(iq, 0, wanted, info);
        if (count < 0) {
          break;
        }
        byte[] bytes = new byte[count * bytesPerSample]; // handed to gRPC, so one per block
        if (format == SampleFormat.SAMPLE_FORMAT_CF32) {
          // Bulk copy (an intrinsic memcpy on little-endian hosts): the CF32 rate target
          // needs more than the per-value codec loop gives.
          ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
              .put(iq, 0, 2 * count);
        } else {
          SampleCodec.encode(iq, 0, count, format, bytes, 0);
        }
        call.onNext(SampleBlock.newBuilder()
            .setSequence(sequence++)
            .setFirstSampleIndex(info.firstSampleIndex)
            .setFormat(format)
            .setSamples(UnsafeByteOperations.unsafeWrap(bytes))
            .setSampleCount(count)
            .setEndOfBurst(info.endOfBurst)
            .setSamplesLostBefore(info.samplesLostBefore)
            .setHostTimeNs(info.hostTimeNs)
            .build());
        counters.blocksSent.incrementAndGet();
        sent += count;
      }
      finish(stopStatus);
    } catch (DeviceException e) {
      finish(Statuses.of(e).getStatus());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finish(Status.UNAVAILABLE.withDescription("the sidecar is shutting down"));
    } catch (StatusRuntimeException e) {
      // The call was cancelled under us; nothing more can be sent.
    } catch (RuntimeException e) {
      // A device bug must not leave the client waiting on a stream nobody feeds.
      finish(Status.INTERNAL.withDescription("the device failed while streaming: " + e)
          .withCause(e));
    } finally {
      stream.close();
      onEnd.run();
    }
  }

  private void finish(Status status) {
    if (clientCancelled) {
      return;
    }
    if (status == null) {
      call.onCompleted();
    } else {
      call.onError(status.asRuntimeException());
    }
  }
}
