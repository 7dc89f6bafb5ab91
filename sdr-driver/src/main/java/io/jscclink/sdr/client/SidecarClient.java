package io.jscclink.sdr.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.jscclink.proto.SampleCodec;
import io.jscclink.proto.sdr.v1.CloseRequest;
import io.jscclink.proto.sdr.v1.ConfigureRequest;
import io.jscclink.proto.sdr.v1.Counters;
import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.proto.sdr.v1.DeviceInfo;
import io.jscclink.proto.sdr.v1.DeviceServiceGrpc;
import io.jscclink.proto.sdr.v1.DeviceStatus;
import io.jscclink.proto.sdr.v1.GetStatusRequest;
import io.jscclink.proto.sdr.v1.ListDevicesRequest;
import io.jscclink.proto.sdr.v1.OpenRequest;
import io.jscclink.proto.sdr.v1.OpenResponse;
import io.jscclink.proto.sdr.v1.RenewLeaseRequest;
import io.jscclink.proto.sdr.v1.SampleFormat;
import io.jscclink.proto.sdr.v1.TransmitSummary;
import io.jscclink.proto.sdr.v1.TxChunk;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The client of one device sidecar, used by link-runtime and calibration. It hides the
 * contract's plumbing: every call has a deadline; transient failures (UNAVAILABLE) are
 * retried with exponential backoff and jitter; the lease is renewed in the background at a
 * third of its duration; after a sidecar restart the lease is taken again, the last
 * configuration re-applied and a running {@link Receiver} resumed with the gap reported.
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * try (SidecarClient radio = SidecarClient.builder().target("127.0.0.1:50051").build()) {
 *   radio.open("");
 *   radio.configure(config);
 *   try (Receiver rx = radio.receive(SampleFormat.SAMPLE_FORMAT_CF32, 0, 0)) {
 *     radio.transmit(iq, 0, samples, 7);
 *     int n = rx.read(buffer, 0, buffer.length / 2, info);
 *   }
 * }
 * }</pre>
 *
 * <p>Thread safety: the control methods may be called from any thread; a {@link Receiver} is
 * read by one thread.
 */
public final class SidecarClient implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SidecarClient.class.getName());
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel ownedChannel;
  private final Channel channel;
  private final Settings settings;
  private final ScheduledExecutorService renewer;
  private final Object leaseLock = new Object();
  private final AtomicLong reconnects = new AtomicLong();
  // Guarded by leaseLock.
  private String leaseId = "";
  private int grantedLeaseMs;
  private String deviceId;
  private DeviceConfig lastConfig;
  private DeviceInfo device;
  private ScheduledFuture<?> renewal;
  private boolean closed;

  /** Everything the builder sets, immutable. */
  record Settings(String clientName, int leaseMs, long callTimeoutMs, int maxAttempts,
      long initialBackoffMs, long maxBackoffMs, long reconnectTimeoutMs, int maxMessageBytes,
      int txChunkSamples) {}

  private SidecarClient(ManagedChannel ownedChannel, Channel channel, Settings settings) {
    this.ownedChannel = ownedChannel;
    this.channel = channel;
    this.settings = settings;
    this.renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "sidecar-lease-renewal");
      thread.setDaemon(true);
      return thread;
    });
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SidecarClient}; every setter checks its range. */
  public static final class Builder {
    private String target = "127.0.0.1:50051";
    private ManagedChannel channel;
    private String clientName = "jscc-link";
    private int leaseMs;
    private long callTimeoutMs = 5_000;
    private int maxAttempts = 5;
    private long initialBackoffMs = 100;
    private long maxBackoffMs = 2_000;
    private long reconnectTimeoutMs = 15_000;
    private int maxMessageBytes = 16 * 1024 * 1024;
    private int txChunkSamples = 65536;
    private int flowControlWindowBytes = 4 * 1024 * 1024;
    private String bearerToken;
    private Path trustCertPem;

    private Builder() {}

    /** Sidecar address {@code host:port} [127.0.0.1:50051]. */
    public Builder target(String hostPort) {
      this.target = hostPort;
      return this;
    }

    /** Uses this channel instead of opening one (tests); the caller keeps ownership. */
    public Builder channel(ManagedChannel existing) {
      this.channel = existing;
      return this;
    }

    /** Name shown in the sidecar's status and logs. */
    public Builder clientName(String name) {
      this.clientName = name;
      return this;
    }

    /** Lease to ask for, ms; 0 takes the sidecar's default [0]. */
    public Builder leaseMs(int ms) {
      this.leaseMs = check("leaseMs", ms, 0, 3_600_000);
      return this;
    }

    /** Deadline of every unary call, ms [5000]. */
    public Builder callTimeoutMs(long ms) {
      this.callTimeoutMs = check("callTimeoutMs", ms, 10, 600_000);
      return this;
    }

    /** Attempts of a call that fails with UNAVAILABLE, first one included [5]. */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = check("maxAttempts", attempts, 1, 100);
      return this;
    }

    /** First retry delay and its cap, ms; each retry doubles it (with ±25 % jitter). */
    public Builder backoffMs(long initialMs, long maxMs) {
      this.initialBackoffMs = check("initialBackoffMs", initialMs, 1, 60_000);
      this.maxBackoffMs = check("maxBackoffMs", maxMs, initialMs, 600_000);
      return this;
    }

    /** How long to keep trying to win the device back after a sidecar restart, ms; 0 off. */
    public Builder reconnectTimeoutMs(long ms) {
      this.reconnectTimeoutMs = check("reconnectTimeoutMs", ms, 0, 3_600_000);
      return this;
    }

    /** Largest message accepted from the sidecar, bytes [16 MiB]. */
    public Builder maxMessageBytes(int bytes) {
      this.maxMessageBytes = check("maxMessageBytes", bytes, 64 * 1024, 256 * 1024 * 1024);
      return this;
    }

    /** Complex samples per TX chunk [65536]. */
    public Builder txChunkSamples(int samples) {
      this.txChunkSamples = check("txChunkSamples", samples, 1, 1 << 22);
      return this;
    }

    /**
     * HTTP/2 flow-control window of a channel this client opens, bytes [4 MiB]. Large keeps
     * several 512 KiB CF32 blocks in flight (throughput); small bounds what sits in transit
     * when the reader stalls (the rest overflows in the sidecar, counted).
     */
    public Builder flowControlWindowBytes(int bytes) {
      this.flowControlWindowBytes = check("flowControlWindowBytes", bytes, 64 * 1024,
          256 * 1024 * 1024);
      return this;
    }

    /** Bearer token the sidecar was started with (sent on every call). */
    public Builder bearerToken(String token) {
      this.bearerToken = token;
      return this;
    }

    /** TLS: trust this CA / self-signed certificate (PEM); plaintext when not set. */
    public Builder trustCertPem(Path pem) {
      this.trustCertPem = pem;
      return this;
    }

    public SidecarClient build() throws IOException {
      if (txChunkSamples * 8L + 1024 > maxMessageBytes) {
        throw new IllegalArgumentException("txChunkSamples " + txChunkSamples + " does not fit "
            + "in maxMessageBytes " + maxMessageBytes + " as CF32 (8 bytes per sample)");
      }
      Settings settings = new Settings(clientName, leaseMs, callTimeoutMs, maxAttempts,
          initialBackoffMs, maxBackoffMs, reconnectTimeoutMs, maxMessageBytes, txChunkSamples);
      ManagedChannel owned = null;
      Channel base = channel;
      if (base == null) {
        NettyChannelBuilder netty = trustCertPem == null
            ? NettyChannelBuilder.forTarget(target).usePlaintext()
            : NettyChannelBuilder.forTarget(target, TlsChannelCredentials.newBuilder()
                .trustManager(new File(trustCertPem.toString())).build());
        owned = netty.maxInboundMessageSize(maxMessageBytes)
            .flowControlWindow(flowControlWindowBytes)
            .build();
        base = owned;
      }
      if (bearerToken != null) {
        base = ClientInterceptors.intercept(base, new BearerToken(bearerToken));
      }
      return new SidecarClient(owned, base, settings);
    }

    private static int check(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " " + value + " is out of range: allowed " + min + " to " + max);
      }
      return value;
    }

    private static long check(String name, long value, long min, long max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " " + value + " is out of range: allowed " + min + " to " + max);
      }
      return value;
    }
  }

  /** Adds {@code authorization: Bearer <token>} to every call. */
  private static final class BearerToken implements ClientInterceptor {
    private final String value;

    BearerToken(String token) {
      this.value = "Bearer " + token;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method,
        CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          headers.put(AUTHORIZATION, value);
          super.start(listener, headers);
        }
      };
    }
  }

  /**
   * Waits until the sidecar's health service says SERVING, retrying with backoff.
   *
   * @throws SidecarException UNAVAILABLE when it does not come up within the attempts
   */
  public void awaitServing() {
    call("health check", true, () -> {
      HealthCheckResponse response = HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(settings.callTimeoutMs(), TimeUnit.MILLISECONDS)
          .check(HealthCheckRequest.newBuilder().setService(DeviceServiceGrpc.SERVICE_NAME)
              .build());
      if (response.getStatus() != HealthCheckResponse.ServingStatus.SERVING) {
        throw Status.UNAVAILABLE.withDescription("sidecar health is " + response.getStatus())
            .asRuntimeException();
      }
      return response;
    });
  }

  /** The devices the sidecar serves (no lease needed). */
  public List<DeviceInfo> listDevices() {
    return call("ListDevices", true,
        () -> stub().listDevices(ListDevicesRequest.getDefaultInstance())).getDevicesList();
  }

  /**
   * Takes the device's lease and starts renewing it.
   *
   * @param id device id from {@link #listDevices()}, or "" for the sidecar's only device
   * @throws SidecarException RESOURCE_EXHAUSTED while another client holds it, NOT_FOUND for
   *     an unknown id
   */
  public DeviceInfo open(String id) {
    synchronized (leaseLock) {
      if (!leaseId.isEmpty()) {
        throw new SidecarException(Status.Code.FAILED_PRECONDITION,
            "this client already holds the lease on '" + device.getId() + "'; close it first");
      }
      deviceId = id;
      lastConfig = null;
      takeLease();
      return device;
    }
  }

  /** Caller holds leaseLock. */
  private void takeLease() {
    OpenResponse response = call("Open", true, () -> stub().open(OpenRequest.newBuilder()
        .setDeviceId(deviceId)
        .setClientName(settings.clientName())
        .setLeaseMs(settings.leaseMs())
        .build()));
    leaseId = response.getLeaseId();
    grantedLeaseMs = response.getLeaseMs();
    device = response.getDevice();
    long periodMs = Math.max(10, grantedLeaseMs / 3);
    if (renewal != null) {
      renewal.cancel(false);
    }
    renewal = renewer.scheduleWithFixedDelay(this::renewOnce, periodMs, periodMs,
        TimeUnit.MILLISECONDS);
  }

  private void renewOnce() {
    String lease;
    synchronized (leaseLock) {
      lease = leaseId;
    }
    if (lease.isEmpty()) {
      return;
    }
    try {
      stub(Math.max(10, grantedLeaseMs / 3))
          .renewLease(RenewLeaseRequest.newBuilder().setLeaseId(lease).build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
        synchronized (leaseLock) {
          if (leaseId.equals(lease)) {
            LOG.warning("lease lost: " + e.getStatus().getDescription());
            leaseId = "";
          }
        }
      }
      // UNAVAILABLE and deadlines: try again at the next period; the lease may still hold.
    }
  }

  /**
   * Applies a configuration (all of it or none). Remembered and re-applied after a reconnect.
   *
   * @return the configuration in effect, with driver-chosen values filled in
   * @throws SidecarException INVALID_ARGUMENT naming the allowed range of a bad setting
   */
  public DeviceConfig configure(DeviceConfig config) {
    synchronized (leaseLock) {
      String lease = currentLease();
      DeviceConfig applied;
      try {
        applied = configureAfterStreamsEnd(lease, config);
      } catch (SidecarException e) {
        if (!(e.getCause() instanceof StatusRuntimeException cause) || !recoverable(cause)) {
          throw e;
        }
        // The lease ran out (a stalled process) or the sidecar restarted: win it back once.
        String newLease = recover(lease);
        applied = call("Configure", true, () -> stub().configure(
            ConfigureRequest.newBuilder().setLeaseId(newLease).setConfig(config).build()))
            .getApplied();
      }
      lastConfig = config;
      return applied;
    }
  }

  /**
   * Transmits one burst of {@code samples} complex samples from {@code iq[2·offset…]}
   * (interleaved floats, full scale ±1), sent as CF32 chunks with flow control.
   *
   * @return the sidecar's summary of the stream
   */
  public TransmitSummary transmit(float[] iq, int offset, int samples, long burstId) {
    return transmit(iq, offset, samples, burstId, SampleFormat.SAMPLE_FORMAT_CF32);
  }

  /** As {@link #transmit(float[], int, int, long)} in a chosen wire format. */
  public TransmitSummary transmit(float[] iq, int offset, int samples, long burstId,
      SampleFormat format) {
    if (samples <= 0 || offset < 0 || 2L * (offset + (long) samples) > iq.length) {
      throw new IllegalArgumentException("burst of " + samples + " samples at offset " + offset
          + " must be at least 1 sample and fit in " + iq.length + " floats");
    }
    SampleCodec.bytesPerSample(format); // rejects an unset format
    String lease = currentLease();
    try {
      return sendBurst(lease, iq, offset, samples, burstId, format);
    } catch (StatusRuntimeException e) {
      if (!recoverable(e)) {
        throw new SidecarException("Transmit", e);
      }
      // The sidecar restarted mid-burst: win the device back, send the whole burst again.
      String newLease = recover(lease);
      try {
        return sendBurst(newLease, iq, offset, samples, burstId, format);
      } catch (StatusRuntimeException again) {
        throw new SidecarException("Transmit", again);
      }
    }
  }

  private TransmitSummary sendBurst(String lease, float[] iq, int offset, int samples,
      long burstId, SampleFormat format) {
    int perChunk = settings.txChunkSamples();
    // Deadline: the call timeout plus time for the bytes at a conservative 50 MB/s.
    long bytes = (long) samples * SampleCodec.bytesPerSample(format);
    long deadlineMs = settings.callTimeoutMs() + bytes / 50_000;
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<TransmitSummary> summary = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Object ready = new Object();
    ClientResponseObserver<TxChunk, TransmitSummary> observer =
        new ClientResponseObserver<>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<TxChunk> requests) {
            requests.setOnReadyHandler(() -> {
              synchronized (ready) {
                ready.notifyAll();
              }
            });
          }

          @Override
          public void onNext(TransmitSummary value) {
            summary.set(value);
          }

          @Override
          public void onError(Throwable t) {
            failure.set(t);
            done.countDown();
            synchronized (ready) {
              ready.notifyAll();
            }
          }

          @Override
          public void onCompleted() {
            done.countDown();
          }
        };
    ClientCallStreamObserver<TxChunk> requests = (ClientCallStreamObserver<TxChunk>)
        DeviceServiceGrpc.newStub(channel).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
            .transmit(observer);
    try {
      for (int sent = 0; sent < samples && failure.get() == null; ) {
        synchronized (ready) {
          while (!requests.isReady() && failure.get() == null) {
            ready.wait(100);
          }
        }
        int count = Math.min(perChunk, samples - sent);
        requests.onNext(TxChunk.newBuilder()
            .setLeaseId(sent == 0 ? lease : "")
            .setFormat(format)
            .setSamples(SampleCodec.encode(iq, 2 * (offset + sent), count, format))
            .setEndOfBurst(sent + count == samples)
            .setBurstId(burstId)
            .build());
        sent += count;
      }
      if (failure.get() == null) {
        requests.onCompleted();
      }
      if (!done.await(deadlineMs + 1_000, TimeUnit.MILLISECONDS)) {
        requests.cancel("no summary within the deadline", null);
        throw Status.DEADLINE_EXCEEDED.withDescription("no TransmitSummary within "
            + deadlineMs + " ms").asRuntimeException();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      requests.cancel("interrupted", e);
      throw new SidecarException(Status.Code.CANCELLED, "Transmit interrupted");
    }
    Throwable t = failure.get();
    if (t != null) {
      throw t instanceof StatusRuntimeException sre ? sre : Status.fromThrowable(t)
          .asRuntimeException();
    }
    return summary.get();
  }

  /**
   * Starts the RX stream.
   *
   * @param format wire format (CF32 exact; CS16/CS8 cheaper, quantised)
   * @param samplesPerBlock complex samples per block; 0 for the sidecar's default (65536)
   * @param maxSamples stop after this many samples; 0 streams until closed
   */
  public Receiver receive(SampleFormat format, int samplesPerBlock, long maxSamples) {
    SampleCodec.bytesPerSample(format); // rejects an unset format
    if (samplesPerBlock < 0 || maxSamples < 0) {
      throw new IllegalArgumentException("samplesPerBlock and maxSamples must be >= 0, got "
          + samplesPerBlock + " and " + maxSamples);
    }
    double sampleRateHz;
    synchronized (leaseLock) {
      requireLease();
      sampleRateHz = lastConfig == null ? 0 : lastConfig.getSampleRateHz();
    }
    return new Receiver(this, format, samplesPerBlock, maxSamples, sampleRateHz);
  }

  /** The device's state, configuration and counters (no lease needed). */
  public DeviceStatus status() {
    return call("GetStatus", true, () -> stub().getStatus(GetStatusRequest.getDefaultInstance()));
  }

  /** Counters of the open device (from {@link #status()}). */
  public Counters counters() {
    return status().getCounters();
  }

  /** True while this client holds a lease it has not lost. */
  public boolean leaseHeld() {
    synchronized (leaseLock) {
      return !leaseId.isEmpty();
    }
  }

  /** Times the client won the device back after a sidecar restart or a lost lease. */
  public long reconnects() {
    return reconnects.get();
  }

  /**
   * Releases the device and ends the lease.
   *
   * @return the device's counters at that moment
   */
  public Counters closeDevice() {
    synchronized (leaseLock) {
      String lease = leaseId;
      leaseId = "";
      lastConfig = null;
      if (renewal != null) {
        renewal.cancel(false);
        renewal = null;
      }
      if (lease.isEmpty()) {
        return Counters.getDefaultInstance();
      }
      return call("Close", false,
          () -> stub().close(CloseRequest.newBuilder().setLeaseId(lease).build())).getCounters();
    }
  }

  /** Releases the lease (best effort) and closes the channel if this client opened it. */
  @Override
  public void close() {
    synchronized (leaseLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      closeDevice();
    } catch (SidecarException e) {
      LOG.fine(() -> "close: " + e.getMessage()); // the lease expires on its own
    }
    renewer.shutdownNow();
    if (ownedChannel != null) {
      ownedChannel.shutdown();
      try {
        if (!ownedChannel.awaitTermination(2, TimeUnit.SECONDS)) {
          ownedChannel.shutdownNow();
        }
      } catch (InterruptedException e) {
        ownedChannel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---- used by Receiver ----------------------------------------------------------------

  Channel channel() {
    return channel;
  }

  /** How long Configure waits for streams this client just ended to end on the sidecar. */
  static final long STREAM_END_WAIT_MS = 2_000;

  /**
   * Configure, allowing for a stream this client has just closed: the cancel reaches the
   * sidecar asynchronously, so for a moment it may still see the stream and refuse.
   */
  private DeviceConfig configureAfterStreamsEnd(String lease, DeviceConfig config) {
    long deadline = System.nanoTime() + STREAM_END_WAIT_MS * 1_000_000L;
    while (true) {
      try {
        return call("Configure", true, () -> stub().configure(
            ConfigureRequest.newBuilder().setLeaseId(lease).setConfig(config).build()))
            .getApplied();
      } catch (SidecarException e) {
        boolean streaming = e.code() == Status.Code.FAILED_PRECONDITION
            && String.valueOf(e.getMessage()).contains("while streaming");
        if (!streaming || System.nanoTime() - deadline > 0) {
          throw e;
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new SidecarException(Status.Code.CANCELLED, "interrupted while configuring");
      }
    }
  }

  /** The current lease, winning it back first if it was lost and reconnection is on. */
  String currentLease() {
    synchronized (leaseLock) {
      if (leaseId.isEmpty() && deviceId != null && !closed && settings.reconnectTimeoutMs() > 0) {
        return recover("");
      }
      return requireLease();
    }
  }

  /** True for a failure after which taking the lease again may help. */
  static boolean recoverable(StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    // The sidecar's descriptions of a lost lease: "lease '…' is not held …", "the lease
    // expired …". Other preconditions (not configured, already streaming) are not recoverable.
    String description = String.valueOf(e.getStatus().getDescription());
    return code == Status.Code.UNAVAILABLE || code == Status.Code.FAILED_PRECONDITION
        && (description.contains("is not held") || description.contains("lease expired"));
  }

  /**
   * After {@code failedLease} stopped working (sidecar restarted, lease expired): takes the
   * lease again and re-applies the last configuration, retrying with backoff for up to the
   * reconnect timeout. Returns the new lease.
   */
  String recover(String failedLease) {
    synchronized (leaseLock) {
      if (!leaseId.isEmpty() && !leaseId.equals(failedLease)) {
        return leaseId; // another thread already recovered
      }
      if (deviceId == null || closed || settings.reconnectTimeoutMs() == 0) {
        throw new SidecarException(Status.Code.FAILED_PRECONDITION,
            "the lease was lost and reconnection is off; call open() again");
      }
      if (!failedLease.isEmpty() && leaseId.equals(failedLease)) {
        try {
          // A dropped connection with the sidecar still up: the old lease may still hold.
          stub().renewLease(RenewLeaseRequest.newBuilder().setLeaseId(failedLease).build());
          return failedLease;
        } catch (StatusRuntimeException e) {
          // Gone (restart, expiry): take a new lease below.
        }
      }
      leaseId = "";
      long deadline = System.nanoTime() + settings.reconnectTimeoutMs() * 1_000_000L;
      long backoffMs = settings.initialBackoffMs();
      while (true) {
        try {
          takeLease();
          if (lastConfig != null) {
            DeviceConfig config = lastConfig;
            String lease = leaseId;
            stub().configure(ConfigureRequest.newBuilder().setLeaseId(lease).setConfig(config)
                .build());
          }
          reconnects.incrementAndGet();
          LOG.info(() -> "took the lease on '" + device.getId() + "' again");
          return leaseId;
        } catch (SidecarException | StatusRuntimeException e) {
          Status.Code code = e instanceof SidecarException se ? se.code()
              : ((StatusRuntimeException) e).getStatus().getCode();
          boolean retry = code == Status.Code.UNAVAILABLE || code == Status.Code.RESOURCE_EXHAUSTED
              || code == Status.Code.DEADLINE_EXCEEDED;
          if (!retry) {
            throw e instanceof SidecarException se ? se
                : new SidecarException("reconnect", (StatusRuntimeException) e);
          }
          if (System.nanoTime() - deadline > 0) {
            throw new SidecarException(code, "the sidecar went away and did not come back"
                + " within " + settings.reconnectTimeoutMs() + " ms (last try: "
                + e.getMessage() + ")");
          }
        }
        backoffMs = sleepBackoff(backoffMs);
      }
    }
  }

  // ---- plumbing ------------------------------------------------------------------------

  private String requireLease() {
    if (leaseId.isEmpty()) {
      throw new SidecarException(Status.Code.FAILED_PRECONDITION,
          "no lease: call open() first" + (deviceId != null ? " (the lease was lost)" : ""));
    }
    return leaseId;
  }

  private DeviceServiceGrpc.DeviceServiceBlockingStub stub() {
    return stub(settings.callTimeoutMs());
  }

  private DeviceServiceGrpc.DeviceServiceBlockingStub stub(long deadlineMs) {
    return DeviceServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
  }

  /** Runs {@code rpc}; retries UNAVAILABLE with backoff when {@code retry}. */
  private <T> T call(String operation, boolean retry, Supplier<T> rpc) {
    long backoffMs = settings.initialBackoffMs();
    for (int attempt = 1; ; attempt++) {
      try {
        return rpc.get();
      } catch (StatusRuntimeException e) {
        if (!retry || e.getStatus().getCode() != Status.Code.UNAVAILABLE
            || attempt >= settings.maxAttempts()) {
          throw new SidecarException(operation, e);
        }
      }
      backoffMs = sleepBackoff(backoffMs);
    }
  }

  /** Sleeps {@code backoffMs} ±25 %; returns the next backoff. */
  private long sleepBackoff(long backoffMs) {
    long jittered = (long) (backoffMs * (0.75 + 0.5 * ThreadLocalRandom.current().nextDouble()));
    try {
      Thread.sleep(jittered);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SidecarException(Status.Code.CANCELLED, "interrupted while waiting to retry");
    }
    return Math.min(2 * backoffMs, settings.maxBackoffMs());
  }
}
