package io.jscclink.sdr.server;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jscclink.proto.SampleCodec;
import io.jscclink.proto.sdr.v1.CloseRequest;
import io.jscclink.proto.sdr.v1.CloseResponse;
import io.jscclink.proto.sdr.v1.ConfigureRequest;
import io.jscclink.proto.sdr.v1.ConfigureResponse;
import io.jscclink.proto.sdr.v1.Counters;
import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.proto.sdr.v1.DeviceServiceGrpc;
import io.jscclink.proto.sdr.v1.DeviceState;
import io.jscclink.proto.sdr.v1.DeviceStatus;
import io.jscclink.proto.sdr.v1.GetStatusRequest;
import io.jscclink.proto.sdr.v1.ListDevicesRequest;
import io.jscclink.proto.sdr.v1.ListDevicesResponse;
import io.jscclink.proto.sdr.v1.OpenRequest;
import io.jscclink.proto.sdr.v1.OpenResponse;
import io.jscclink.proto.sdr.v1.ReceiveRequest;
import io.jscclink.proto.sdr.v1.RenewLeaseRequest;
import io.jscclink.proto.sdr.v1.RenewLeaseResponse;
import io.jscclink.proto.sdr.v1.SampleBlock;
import io.jscclink.proto.sdr.v1.SampleFormat;
import io.jscclink.proto.sdr.v1.TransmitSummary;
import io.jscclink.proto.sdr.v1.TxChunk;
import io.jscclink.sdr.api.DeviceException;
import io.jscclink.sdr.api.DeviceFactory;
import io.jscclink.sdr.api.RxStream;
import io.jscclink.sdr.api.SdrDevice;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code DeviceService} of one sidecar: one device, one lease holder at a time. The
 * device is opened when a client takes the lease and closed when the lease ends (Close, or
 * expiry when the client stops renewing), so a crashed client never locks the radio.
 */
final class DeviceServiceImpl extends DeviceServiceGrpc.DeviceServiceImplBase {
  private static final Logger LOG = Logger.getLogger(DeviceServiceImpl.class.getName());
  /** Shortest lease a client may ask for, ms. */
  static final int MIN_LEASE_MS = 100;
  /** Bytes a SampleBlock needs besides its samples (tags, varints, timestamps). */
  static final int BLOCK_OVERHEAD_BYTES = 128;

  private final DeviceFactory factory;
  private final SidecarServer.Options options;
  private final ExecutorService rxPumps;
  private final Object lock = new Object();
  private Session session; // guarded by lock
  private Counters lastCounters = Counters.getDefaultInstance(); // of the last closed session
  private String lastError = "";

  DeviceServiceImpl(DeviceFactory factory, SidecarServer.Options options,
      ExecutorService rxPumps) {
    this.factory = factory;
    this.options = options;
    this.rxPumps = rxPumps;
  }

  /** The lease holder's open device and streams. */
  private static final class Session {
    final String leaseId;
    final String clientName;
    final int leaseMs;
    final SdrDevice device;
    volatile long expiresAtNanos;
    RxPump rx; // guarded by the service lock
    TxHandler tx; // the TX stream now, guarded by the service lock

    Session(String leaseId, String clientName, int leaseMs, SdrDevice device) {
      this.leaseId = leaseId;
      this.clientName = clientName;
      this.leaseMs = leaseMs;
      this.device = device;
      renew();
    }

    void renew() {
      expiresAtNanos = System.nanoTime() + leaseMs * 1_000_000L;
    }

    long remainingMs() {
      return Math.max(0, (expiresAtNanos - System.nanoTime()) / 1_000_000L);
    }
  }

  @Override
  public void listDevices(ListDevicesRequest request,
      StreamObserver<ListDevicesResponse> response) {
    response.onNext(ListDevicesResponse.newBuilder().addDevices(factory.info()).build());
    response.onCompleted();
  }

  @Override
  public void open(OpenRequest request, StreamObserver<OpenResponse> response) {
    String id = request.getDeviceId();
    if (!id.isEmpty() && !id.equals(factory.info().getId())) {
      response.onError(Status.NOT_FOUND.withDescription("unknown device '" + id
          + "'; this sidecar serves '" + factory.info().getId() + "' (see ListDevices)")
          .asRuntimeException());
      return;
    }
    long requested = Integer.toUnsignedLong(request.getLeaseMs());
    if (requested != 0 && requested < MIN_LEASE_MS) {
      response.onError(Statuses.invalid("lease_ms " + requested + " is out of range: allowed 0 "
          + "(default " + options.defaultLeaseMs() + " ms) or " + MIN_LEASE_MS + " to "
          + options.maxLeaseMs() + " ms (longer is shortened)"));
      return;
    }
    int leaseMs = requested == 0 ? options.defaultLeaseMs()
        : (int) Math.min(requested, options.maxLeaseMs());
    synchronized (lock) {
      expireIfDue();
      if (session != null) {
        response.onError(Status.RESOURCE_EXHAUSTED.withDescription("device '"
            + factory.info().getId() + "' is held by '" + session.clientName
            + "'; its lease expires in " + session.remainingMs()
            + " ms unless renewed").asRuntimeException());
        return;
      }
      SdrDevice device;
      try {
        device = factory.open();
      } catch (DeviceException e) {
        lastError = e.getMessage();
        response.onError(Statuses.of(e));
        return;
      }
      lastError = "";
      session = new Session(UUID.randomUUID().toString(), request.getClientName(), leaseMs,
          device);
      LOG.info(() -> "lease " + session.leaseId + " granted to '" + request.getClientName()
          + "' for " + leaseMs + " ms");
      response.onNext(OpenResponse.newBuilder()
          .setLeaseId(session.leaseId)
          .setLeaseMs(leaseMs)
          .setDevice(device.info())
          .build());
    }
    response.onCompleted();
  }

  @Override
  public void configure(ConfigureRequest request, StreamObserver<ConfigureResponse> response) {
    try {
      Session s = holder(request.getLeaseId());
      synchronized (lock) {
        if (s.rx != null || s.tx != null) {
          throw Statuses.precondition("cannot configure while streaming; end the Receive and "
              + "Transmit streams first");
        }
      }
      DeviceConfig applied = s.device.configure(request.getConfig());
      response.onNext(ConfigureResponse.newBuilder().setApplied(applied).build());
      response.onCompleted();
    } catch (StatusRuntimeException e) {
      response.onError(e);
    } catch (DeviceException e) {
      response.onError(Statuses.of(e));
    }
  }

  @Override
  public void renewLease(RenewLeaseRequest request, StreamObserver<RenewLeaseResponse> response) {
    try {
      Session s = holder(request.getLeaseId());
      s.renew();
      response.onNext(RenewLeaseResponse.newBuilder().setLeaseMs(s.leaseMs).build());
      response.onCompleted();
    } catch (StatusRuntimeException e) {
      response.onError(e);
    }
  }

  @Override
  public void close(CloseRequest request, StreamObserver<CloseResponse> response) {
    try {
      Session s = holder(request.getLeaseId());
      Counters counters;
      synchronized (lock) {
        counters = endSession(s, null, "closed by its holder");
      }
      response.onNext(CloseResponse.newBuilder().setCounters(counters).build());
      response.onCompleted();
    } catch (StatusRuntimeException e) {
      response.onError(e);
    }
  }

  @Override
  public void getStatus(GetStatusRequest request, StreamObserver<DeviceStatus> response) {
    DeviceStatus.Builder status = DeviceStatus.newBuilder().setDevice(factory.info());
    synchronized (lock) {
      expireIfDue();
      if (session == null) {
        status.setState(DeviceState.DEVICE_STATE_IDLE).setCounters(lastCounters)
            .setError(lastError);
      } else {
        String error = session.device.lastError();
        DeviceState state = !error.isEmpty() ? DeviceState.DEVICE_STATE_FAILED
            : session.rx != null ? DeviceState.DEVICE_STATE_RECEIVING
            : session.tx != null ? DeviceState.DEVICE_STATE_TRANSMITTING
            : DeviceState.DEVICE_STATE_OPEN;
        status.setState(state)
            .setDevice(session.device.info())
            .setLeaseHolder(session.clientName)
            .setLeaseRemainingMs((int) Math.min(Integer.MAX_VALUE, session.remainingMs()))
            .setCounters(session.device.counters().snapshot())
            .setError(error);
        DeviceConfig config = session.device.config();
        if (config != null) {
          status.setConfig(config);
        }
      }
    }
    response.onNext(status.build());
    response.onCompleted();
  }

  @Override
  public void receive(ReceiveRequest request, StreamObserver<SampleBlock> response) {
    ServerCallStreamObserver<SampleBlock> call = (ServerCallStreamObserver<SampleBlock>) response;
    try {
      SampleFormat format = request.getFormat();
      if (format != SampleFormat.SAMPLE_FORMAT_CF32 && format != SampleFormat.SAMPLE_FORMAT_CS16
          && format != SampleFormat.SAMPLE_FORMAT_CS8) {
        throw Statuses.invalid("format must be SAMPLE_FORMAT_CF32, SAMPLE_FORMAT_CS16 or "
            + "SAMPLE_FORMAT_CS8, got " + format);
      }
      int maxPerBlock = (options.maxMessageBytes() - BLOCK_OVERHEAD_BYTES)
          / SampleCodec.bytesPerSample(format);
      long perBlock = request.getSamplesPerBlock() == 0
          ? Math.min(SidecarServer.DEFAULT_SAMPLES_PER_BLOCK, maxPerBlock)
          : Integer.toUnsignedLong(request.getSamplesPerBlock());
      if (perBlock > maxPerBlock) {
        throw Statuses.invalid("samples_per_block " + perBlock + " is out of range: allowed 1 to "
            + maxPerBlock + " for " + format + " (maximum message size "
            + options.maxMessageBytes() + " bytes), or 0 for the default");
      }
      Session s = holder(request.getLeaseId());
      synchronized (lock) {
        // A stream the client just cancelled may still be winding down: wait for it briefly,
        // so close-then-receive works without the caller retrying.
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (s.rx != null && s.rx.isEnding() && System.nanoTime() - deadline < 0) {
          lock.wait(50);
        }
        if (s.rx != null) {
          throw Statuses.precondition("this lease is already receiving; one Receive stream at "
              + "a time (cancel the other first)");
        }
        RxStream stream = s.device.startReceive();
        RxPump[] self = new RxPump[1];
        RxPump pump = new RxPump(stream, call, format, (int) perBlock,
            request.getMaxSamples(), s.device.counters(), () -> rxEnded(s, self[0]));
        self[0] = pump;
        try {
          rxPumps.execute(pump);
        } catch (RejectedExecutionException e) {
          stream.close();
          throw Status.RESOURCE_EXHAUSTED.withDescription(
              "the sidecar runs no more receive streams right now; try again").asRuntimeException();
        }
        s.rx = pump;
      }
    } catch (StatusRuntimeException e) {
      call.onError(e);
    } catch (DeviceException e) {
      call.onError(Statuses.of(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.onError(Status.UNAVAILABLE.withDescription("the sidecar is shutting down")
          .asRuntimeException());
    }
  }

  private void rxEnded(Session s, RxPump pump) {
    synchronized (lock) {
      if (s.rx == pump) {
        s.rx = null;
      }
      lock.notifyAll();
    }
  }

  @Override
  public StreamObserver<TxChunk> transmit(StreamObserver<TransmitSummary> response) {
    ServerCallStreamObserver<TransmitSummary> call =
        (ServerCallStreamObserver<TransmitSummary>) response;
    call.disableAutoRequest();
    TxHandler handler = new TxHandler(call);
    call.request(1);
    return handler;
  }

  /** One Transmit stream: chunks are decoded into a reused buffer and handed to the device. */
  private final class TxHandler implements StreamObserver<TxChunk> {
    private final ServerCallStreamObserver<TransmitSummary> call;
    private Session session;
    private float[] iq = new float[0]; // scratch, grown as needed, owned by this stream
    private long bursts;
    private long samples;
    private long underflowsAtStart;
    private boolean failed;

    TxHandler(ServerCallStreamObserver<TransmitSummary> call) {
      this.call = call;
    }

    @Override
    public void onNext(TxChunk chunk) {
      if (failed) {
        return;
      }
      try {
        if (session == null) {
          if (chunk.getLeaseId().isEmpty()) {
            throw Statuses.precondition("the first TX chunk must carry the lease_id from Open");
          }
          Session s = holder(chunk.getLeaseId());
          synchronized (lock) {
            if (s.tx != null) {
              throw Statuses.precondition("this lease is already transmitting; one Transmit "
                  + "stream at a time");
            }
            s.tx = this;
          }
          session = s;
          underflowsAtStart = s.device.counters().underflows.get();
        } else {
          synchronized (lock) {
            if (DeviceServiceImpl.this.session != session) {
              throw Statuses.precondition("the lease ended during the Transmit stream");
            }
          }
        }
        SampleFormat format = chunk.getFormat();
        if (format == SampleFormat.SAMPLE_FORMAT_UNSPECIFIED
            || format == SampleFormat.UNRECOGNIZED) {
          throw Statuses.invalid("TX chunk format must be SAMPLE_FORMAT_CF32, "
              + "SAMPLE_FORMAT_CS16 or SAMPLE_FORMAT_CS8, got " + format);
        }
        int count;
        try {
          count = SampleCodec.sampleCount(chunk.getSamples(), format);
        } catch (IllegalArgumentException e) {
          throw Statuses.invalid("TX chunk: " + e.getMessage());
        }
        if (iq.length < 2 * count) {
          iq = new float[2 * count];
        }
        SampleCodec.decode(chunk.getSamples(), format, iq, 0);
        session.device.transmit(iq, 0, count, chunk.getEndOfBurst(), chunk.getBurstId());
        samples += count;
        if (chunk.getEndOfBurst()) {
          bursts++;
        }
        call.request(1);
      } catch (StatusRuntimeException e) {
        fail(e);
      } catch (DeviceException e) {
        fail(Statuses.of(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail(Status.UNAVAILABLE.withDescription("the sidecar is shutting down")
            .asRuntimeException());
      }
    }

    private void fail(StatusRuntimeException e) {
      failed = true;
      release();
      call.onError(e);
    }

    private void release() {
      Session s = session;
      if (s != null) {
        synchronized (lock) {
          if (s.tx == this) {
            s.tx = null;
          }
        }
      }
    }

    @Override
    public void onError(Throwable t) {
      release(); // the client went away or cancelled
    }

    @Override
    public void onCompleted() {
      if (failed) {
        return;
      }
      release();
      long underflows = session == null ? 0
          : session.device.counters().underflows.get() - underflowsAtStart;
      call.onNext(TransmitSummary.newBuilder()
          .setBursts(bursts)
          .setSamples(samples)
          .setUnderflows(underflows)
          .build());
      call.onCompleted();
    }
  }

  /** The session of {@code leaseId}, or FAILED_PRECONDITION naming what is wrong. */
  private Session holder(String leaseId) {
    synchronized (lock) {
      expireIfDue();
      if (leaseId.isEmpty()) {
        throw Statuses.precondition("no lease_id: call Open first and pass its lease_id");
      }
      if (session == null || !session.leaseId.equals(leaseId)) {
        throw Statuses.precondition("lease '" + leaseId + "' is not held (expired, closed or "
            + "never granted); call Open again");
      }
      return session;
    }
  }

  /** Ends the lease if it ran out; called by the reaper and before every lease check. */
  void expireIfDue() {
    synchronized (lock) {
      if (session != null && System.nanoTime() - session.expiresAtNanos > 0) {
        LOG.warning("lease " + session.leaseId + " of '" + session.clientName
            + "' expired; releasing the device");
        endSession(session, Status.FAILED_PRECONDITION.withDescription(
            "the lease expired: renew it more often than every " + session.leaseMs + " ms"),
            "expired");
      }
    }
  }

  /** Ends the current session (if any) because the sidecar shuts down. */
  void shutdown() {
    synchronized (lock) {
      if (session != null) {
        endSession(session, Status.UNAVAILABLE.withDescription("the sidecar is shutting down"),
            "sidecar shutdown");
      }
    }
  }

  /** Stops the streams, closes the device, frees the lease. Caller holds the lock. */
  private Counters endSession(Session s, Status rxStatus, String why) {
    if (s.rx != null) {
      s.rx.stop(rxStatus);
    }
    lastCounters = s.device.counters().snapshot();
    lastError = s.device.lastError();
    try {
      s.device.close();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "closing the device failed", e);
    }
    if (session == s) {
      session = null;
    }
    LOG.info(() -> "lease " + s.leaseId + " ended: " + why);
    return lastCounters;
  }
}
