package io.jscclink.sdr.client;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.jscclink.proto.SampleCodec;
import io.jscclink.proto.sdr.v1.ReceiveRequest;
import io.jscclink.proto.sdr.v1.SampleBlock;
import io.jscclink.proto.sdr.v1.SampleFormat;
import io.jscclink.sdr.api.RxBlockInfo;
import java.nio.ByteOrder;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One RX stream from the sidecar, read into caller-owned interleaved float arrays.
 *
 * <p>Flow control: the client asks the sidecar for {@link #BLOCKS_IN_FLIGHT} blocks and one
 * more each time the reader takes one, so a slow reader slows the sidecar, whose bounded
 * buffer then overflows — counted there and reported here in
 * {@link RxBlockInfo#samplesLostBefore}.
 *
 * <p>Sample indices are the sidecar's, continued across a sidecar restart: the first block
 * after a restart is flagged {@link RxBlockInfo#restarted} and its lost-before count is the gap
 * estimated from host time. {@link #samplesUnreported()} counts index jumps that no
 * lost-before count explained (should stay 0).
 *
 * <p>Threading: one reader thread calls {@link #read}; {@link #close} may come from any thread.
 */
public final class Receiver implements AutoCloseable {
  /** Blocks requested ahead of the reader. */
  static final int BLOCKS_IN_FLIGHT = 4;

  private final SidecarClient client;
  private final SampleFormat format;
  private final int samplesPerBlock;
  private final long maxSamples;
  private final double sampleRateHz;
  private final int bytesPerSample;
  // Blocks, or an End marker; never more than BLOCKS_IN_FLIGHT + 1 entries.
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(BLOCKS_IN_FLIGHT + 2);
  private volatile ClientCallStreamObserver<ReceiveRequest> call;
  private volatile boolean closed;
  private String lease; // the lease the current stream was started with

  // Reader-thread state.
  private Object held; // what awaitStreaming took from the queue, for the next read
  private SampleBlock current;
  private int consumed; // samples of `current` already delivered
  private long indexOffset; // client index = sidecar index + indexOffset
  private long expectedIndex = -1; // sidecar index of the next sample, -1 before the first
  private long delivered;
  private long samplesLost;
  private long samplesUnreported;
  private long restarts;
  private long lastHostTimeEndNs; // host time just after the last delivered sample
  private long lastArrivalNanos;
  private boolean restartPending;
  private long outageStartNanos;
  private boolean ended;

  /** Marks the end of a stream: completed (status null) or failed. */
  private record End(StatusRuntimeException failure, ClientCallStreamObserver<?> from) {}

  Receiver(SidecarClient client, SampleFormat format, int samplesPerBlock, long maxSamples,
      double sampleRateHz) {
    this.client = client;
    this.format = format;
    this.samplesPerBlock = samplesPerBlock;
    this.maxSamples = maxSamples;
    this.sampleRateHz = sampleRateHz;
    this.bytesPerSample = SampleCodec.bytesPerSample(format);
    start(client.currentLease());
  }

  private void start(String streamLease) {
    lease = streamLease;
    ReceiveRequest request = ReceiveRequest.newBuilder()
        .setLeaseId(streamLease)
        .setFormat(format)
        .setSamplesPerBlock(samplesPerBlock)
        .setMaxSamples(maxSamples == 0 ? 0 : maxSamples - delivered)
        .build();
    ClientCalls.asyncServerStreamingCall(
        client.channel().newCall(BlockMarshaller.RECEIVE, CallOptions.DEFAULT), request,
        new Observer());
  }

  /** Puts the stream's blocks into the queue; runs on gRPC's threads. */
  private final class Observer implements ClientResponseObserver<ReceiveRequest, SampleBlock> {
    private ClientCallStreamObserver<ReceiveRequest> self;

    @Override
    public void beforeStart(ClientCallStreamObserver<ReceiveRequest> requests) {
      self = requests;
      call = requests;
      requests.disableAutoRequestWithInitial(BLOCKS_IN_FLIGHT);
    }

    @Override
    public void onNext(SampleBlock block) {
      queue.add(block); // room guaranteed: at most BLOCKS_IN_FLIGHT outstanding
    }

    @Override
    public void onError(Throwable t) {
      queue.add(new End(t instanceof StatusRuntimeException e ? e
          : Status.fromThrowable(t).asRuntimeException(), self));
    }

    @Override
    public void onCompleted() {
      queue.add(new End(null, self));
    }
  }

  /**
   * Blocks until the sidecar's stream is running — its first block has arrived — without
   * consuming anything. The sidecar starts a receive stream asynchronously, so a burst sent
   * before that goes out with nobody listening, as on air; a caller that transmits what it
   * means to receive calls this first. Reader thread only.
   *
   * @return false when the stream ended before any block came
   */
  public boolean awaitStreaming() throws InterruptedException {
    if (current != null || held != null) {
      return !(held instanceof End);
    }
    if (ended || closed) {
      return false;
    }
    held = queue.take();
    return !(held instanceof End);
  }

  /**
   * Blocks until samples arrive, then copies up to {@code maxSamples} complex samples to
   * {@code iq[2·offset…]} and describes them in {@code info}. A block is never merged with the
   * next, so the lost-before count and the end-of-burst flag apply to exactly these samples.
   *
   * @return complex samples delivered (at least 1), or -1 when the stream has ended (max
   *     samples reached, source ended, or {@link #close})
   * @throws SidecarException when the stream failed and could not be resumed
   * @throws InterruptedException when the reader was interrupted
   */
  public int read(float[] iq, int offset, int maxSamples, RxBlockInfo info)
      throws InterruptedException {
    if (maxSamples <= 0 || offset < 0 || 2L * (offset + (long) maxSamples) > iq.length) {
      throw new IndexOutOfBoundsException("room for " + maxSamples + " samples at offset "
          + offset + " needs " + 2L * (offset + (long) maxSamples) + " floats, array holds "
          + iq.length);
    }
    info.clear();
    while (current == null) {
      if (ended || closed) {
        return -1;
      }
      Object next = held != null ? held : queue.take();
      held = null;
      if (next instanceof End end) {
        if (end.from() == call) {
          handleEnd(end.failure());
        }
        continue;
      }
      takeBlock((SampleBlock) next, info);
    }
    int count = Math.min(maxSamples, current.getSampleCount() - consumed);
    ByteString bytes = current.getSamples();
    if (format == SampleFormat.SAMPLE_FORMAT_CF32) {
      // Bulk copy: the CF32 rate target needs more than the per-value decode loop.
      bytes.substring(consumed * 8, (consumed + count) * 8).asReadOnlyByteBuffer()
          .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(iq, 2 * offset, 2 * count);
    } else {
      SampleCodec.decode(bytes.substring(consumed * bytesPerSample,
          (consumed + count) * bytesPerSample), format, iq, 2 * offset);
    }
    info.firstSampleIndex = current.getFirstSampleIndex() + indexOffset + consumed;
    info.hostTimeNs = current.getHostTimeNs() == 0 ? 0
        : current.getHostTimeNs() + (long) (consumed / sampleRateOrOne() * 1e9);
    consumed += count;
    delivered += count;
    if (consumed == current.getSampleCount()) {
      info.endOfBurst = current.getEndOfBurst();
      current = null;
    }
    return count;
  }

  /** Accounts a new block (its lost-before goes to the caller with its first samples). */
  private void takeBlock(SampleBlock block, RxBlockInfo info) {
    ClientCallStreamObserver<ReceiveRequest> c = call;
    if (c != null) {
      c.request(1);
    }
    long nowNanos = System.nanoTime();
    if (restartPending) {
      restartPending = false;
      restarts++;
      long gapNs = nowNanos - outageStartNanos;
      if (lastHostTimeEndNs != 0 && block.getHostTimeNs() != 0) {
        gapNs = Math.max(0, block.getHostTimeNs() - lastHostTimeEndNs);
      }
      // Unpaced devices have no clock running during the outage: nothing was "lost".
      long gapSamples = block.getHostTimeNs() == 0 ? 0 : Math.round(gapNs * 1e-9 * sampleRateHz);
      long nextClientIndex = expectedIndex < 0 ? 0 : expectedIndex + indexOffset;
      indexOffset = nextClientIndex + gapSamples - block.getFirstSampleIndex();
      expectedIndex = block.getFirstSampleIndex();
      info.restarted = true;
      info.gapNs = gapNs;
      info.samplesLostBefore = gapSamples;
      samplesLost += gapSamples;
    }
    long lost = block.getSamplesLostBefore();
    if (expectedIndex >= 0) {
      long unexplained = block.getFirstSampleIndex() - expectedIndex - lost;
      samplesUnreported += Math.abs(unexplained);
    }
    info.samplesLostBefore += lost;
    samplesLost += lost;
    expectedIndex = block.getFirstSampleIndex() + block.getSampleCount();
    if (block.getHostTimeNs() != 0) {
      lastHostTimeEndNs = block.getHostTimeNs()
          + (long) (block.getSampleCount() / sampleRateOrOne() * 1e9);
    }
    lastArrivalNanos = nowNanos;
    current = block;
    consumed = 0;
  }

  /** The stream ended: finished, or failed; resumes after a sidecar restart when it can. */
  private void handleEnd(StatusRuntimeException failure) {
    if (failure == null) {
      ended = true;
      return;
    }
    if (closed || failure.getStatus().getCode() == Status.Code.CANCELLED) {
      ended = true;
      return;
    }
    if (!SidecarClient.recoverable(failure)) {
      ended = true;
      throw new SidecarException("Receive", failure);
    }
    outageStartNanos = lastArrivalNanos == 0 ? System.nanoTime() : lastArrivalNanos;
    String newLease = client.recover(lease);
    restartPending = true;
    start(newLease);
  }

  private double sampleRateOrOne() {
    return sampleRateHz > 0 ? sampleRateHz : 1;
  }

  /** Complex samples delivered to the reader. */
  public long samplesDelivered() {
    return delivered;
  }

  /** Complex samples reported lost (sidecar overflow plus gaps across restarts). */
  public long samplesLost() {
    return samplesLost;
  }

  /** Index jumps no lost-before count explained; 0 unless the contract is broken. */
  public long samplesUnreported() {
    return samplesUnreported;
  }

  /** Times the stream was resumed after the sidecar went away. */
  public long restarts() {
    return restarts;
  }

  /** Cancels the stream; a blocked {@link #read} returns -1. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    ClientCallStreamObserver<ReceiveRequest> c = call;
    if (c != null) {
      c.cancel("receiver closed", null);
    }
    queue.offer(new End(null, null)); // wakes a blocked reader; the queue has room for it
  }
}
