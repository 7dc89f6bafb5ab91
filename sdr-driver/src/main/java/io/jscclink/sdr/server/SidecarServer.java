package io.jscclink.sdr.server;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.jscclink.proto.sdr.v1.DeviceServiceGrpc;
import io.jscclink.sdr.api.DeviceFactory;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The device sidecar: one gRPC server that owns one device (see {@code sdr.proto}). It takes a
 * {@link ServerBuilder} so tests can pass an in-process or a loopback one, adds the device
 * service, the standard health service ({@code grpc.health.v1}), a bounded executor, the
 * maximum message size and a lease reaper.
 *
 * <p>Lifecycle: {@link #start()}, then {@link #close()} (or {@link #shutdown(long)}), which
 * ends the current lease, completes every stream with UNAVAILABLE and waits a bounded time.
 */
public final class SidecarServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SidecarServer.class.getName());
  /** Complex samples per RX block when the request leaves it 0 (the contract's default). */
  public static final int DEFAULT_SAMPLES_PER_BLOCK = 65536;
  /** The default listen address: loopback only. */
  public static final String DEFAULT_LISTEN = "127.0.0.1:50051";
  /** How often the reaper looks for an expired lease, ms. */
  static final long REAPER_PERIOD_MS = 20;

  private final Server server;
  private final DeviceServiceImpl service;
  private final HealthStatusManager health = new HealthStatusManager();
  private final ExecutorService handlers;
  private final ExecutorService rxPumps;
  private final ScheduledExecutorService reaper;
  private final DeviceFactory factory;
  private final AtomicBoolean shutdownStarted = new AtomicBoolean();

  /**
   * Sidecar settings.
   *
   * @param defaultLeaseMs lease granted when a client asks for 0
   * @param maxLeaseMs longest lease granted; longer requests are shortened to it
   * @param maxMessageBytes largest gRPC message either way (a TX chunk, an RX block)
   * @param handlerThreads threads running gRPC handlers (the bounded executor)
   * @param maxRxStreams RX pump threads; a Receive beyond them gets RESOURCE_EXHAUSTED
   */
  public record Options(int defaultLeaseMs, int maxLeaseMs, int maxMessageBytes,
      int handlerThreads, int maxRxStreams) {
    public Options {
      check("defaultLeaseMs", defaultLeaseMs, DeviceServiceImpl.MIN_LEASE_MS, 3_600_000);
      check("maxLeaseMs", maxLeaseMs, defaultLeaseMs, 3_600_000);
      check("maxMessageBytes", maxMessageBytes, 64 * 1024, 256 * 1024 * 1024);
      check("handlerThreads", handlerThreads, 1, 64);
      check("maxRxStreams", maxRxStreams, 1, 64);
    }

    /** 5 s leases (at most 60 s), 8 MiB messages, 4 handler threads, 2 RX pumps. */
    public static Options defaults() {
      return new Options(5_000, 60_000, 8 * 1024 * 1024, 4, 2);
    }

    /** A copy with another default lease (and the maximum raised to it if needed). */
    public Options withDefaultLeaseMs(int leaseMs) {
      return new Options(leaseMs, Math.max(leaseMs, maxLeaseMs), maxMessageBytes,
          handlerThreads, maxRxStreams);
    }

    private static void check(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " " + value + " is out of range: allowed " + min + " to " + max);
      }
    }
  }

  /**
   * Builds the sidecar on {@code builder} (not yet started).
   *
   * @param bearerToken when non-null, every call must carry {@code authorization: Bearer
   *     <token>} (UNAUTHENTICATED otherwise)
   */
  public SidecarServer(ServerBuilder<?> builder, DeviceFactory factory, Options options,
      String bearerToken) {
    this.factory = factory;
    this.handlers = new ThreadPoolExecutor(options.handlerThreads(), options.handlerThreads(),
        0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), daemonThreads("sidecar-grpc"));
    // No queue: a Receive that finds every pump busy is refused at once, not parked.
    this.rxPumps = new ThreadPoolExecutor(0, options.maxRxStreams(), 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), daemonThreads("sidecar-rx"));
    this.reaper = Executors.newSingleThreadScheduledExecutor(daemonThreads("sidecar-lease"));
    this.service = new DeviceServiceImpl(factory, options, rxPumps);
    builder.executor(handlers)
        .maxInboundMessageSize(options.maxMessageBytes())
        .addService(health.getHealthService());
    ServerServiceDefinition definition =
        MalformedRequests.answeredAsInvalidArgument(service.bindService());
    builder.addService(bearerToken == null ? definition
        : ServerInterceptors.intercept(definition, new BearerTokenInterceptor(bearerToken)));
    this.server = builder.build();
  }

  /**
   * A Netty server builder for {@code host:port}. Loopback addresses need nothing more; any
   * other address needs TLS (certificate chain and private key, PEM) and a bearer token, and is
   * refused without them.
   *
   * @throws IllegalArgumentException naming what is missing or wrong
   */
  public static NettyServerBuilder networkBuilder(String listen, Path certChainPem,
      Path privateKeyPem, String bearerToken) throws IOException {
    InetSocketAddress address = parseAddress(listen);
    boolean loopback = address.getAddress() != null && address.getAddress().isLoopbackAddress();
    boolean tls = certChainPem != null || privateKeyPem != null;
    if (!loopback && (!tls || bearerToken == null || bearerToken.isEmpty())) {
      throw new IllegalArgumentException("listening on " + listen + " (not loopback) requires "
          + "TLS and a bearer token: give --tls-cert, --tls-key and --token (or listen on "
          + "127.0.0.1)");
    }
    if (!tls) {
      return NettyServerBuilder.forAddress(address);
    }
    if (certChainPem == null || privateKeyPem == null) {
      throw new IllegalArgumentException("TLS needs both a certificate chain and a private key "
          + "(PEM files)");
    }
    for (Path file : new Path[] {certChainPem, privateKeyPem}) {
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException("cannot read TLS file " + file);
      }
    }
    ServerCredentials credentials = TlsServerCredentials.create(
        new File(certChainPem.toString()), new File(privateKeyPem.toString()));
    return NettyServerBuilder.forAddress(address, credentials);
  }

  /** Parses {@code host:port} (IPv6 as {@code [::1]:port}); rejects anything else. */
  public static InetSocketAddress parseAddress(String listen) {
    int colon = listen.lastIndexOf(':');
    if (colon <= 0 || colon == listen.length() - 1) {
      throw new IllegalArgumentException("listen address '" + listen + "' must be host:port, "
          + "e.g. " + DEFAULT_LISTEN);
    }
    String host = listen.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port in '" + listen + "' is not a number");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range: allowed 0 to 65535");
    }
    return new InetSocketAddress(host, port);
  }

  /** Starts serving and the lease reaper. */
  public SidecarServer start() throws IOException {
    server.start();
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(DeviceServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    reaper.scheduleWithFixedDelay(service::expireIfDue, REAPER_PERIOD_MS, REAPER_PERIOD_MS,
        TimeUnit.MILLISECONDS);
    LOG.info(() -> "sidecar serving '" + factory.info().getId() + "' on " + server
        .getListenSockets());
    return this;
  }

  /** The bound TCP port (useful after binding port 0), or -1 for a non-TCP server. */
  public int port() {
    return server.getPort();
  }

  /**
   * Ends the lease and every stream, stops accepting calls and waits up to {@code timeoutMs}
   * for calls to finish, then cancels the rest.
   *
   * @return true when everything stopped within the time
   */
  public boolean shutdown(long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    if (!shutdownStarted.compareAndSet(false, true)) {
      return server.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS);
    }
    health.enterTerminalState();
    reaper.shutdownNow();
    service.shutdown();
    server.shutdown();
    boolean clean = server.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS);
    if (!clean) {
      server.shutdownNow();
      server.awaitTermination(remaining(deadline) + TimeUnit.MILLISECONDS.toNanos(200),
          TimeUnit.NANOSECONDS);
    }
    rxPumps.shutdownNow();
    handlers.shutdown();
    clean &= rxPumps.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS);
    clean &= handlers.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS);
    return clean;
  }

  /** Blocks until the server has terminated (e.g. after a shutdown from another thread). */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** {@link #shutdown(long)} with 2 s; restores the interrupt flag if interrupted. */
  @Override
  public void close() {
    try {
      shutdown(2_000);
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static long remaining(long deadlineNanos) {
    return Math.max(0, deadlineNanos - System.nanoTime());
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
