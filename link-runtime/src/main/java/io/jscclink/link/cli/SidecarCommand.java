package io.jscclink.link.cli;

import io.jscclink.sdr.api.DeviceFactory;
import io.jscclink.sdr.server.DeviceSpecs;
import io.jscclink.sdr.sigmf.RecordingDevice;
import io.jscclink.sdr.server.SidecarServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jscc-link sidecar}: serves one device over gRPC until interrupted (Ctrl-C / SIGTERM),
 * then shuts down gracefully: the lease ends, streams complete with UNAVAILABLE, bounded wait.
 */
@Command(
    name = "sidecar",
    mixinStandardHelpOptions = true,
    description = "Serve one radio (simulated, HackRF One or a SigMF recording) over gRPC.")
final class SidecarCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--device", required = true,
      description = "Device to serve: " + DeviceSpecs.ALLOWED + ".")
  private String device;

  @Option(names = "--listen", defaultValue = SidecarServer.DEFAULT_LISTEN,
      description = "host:port to listen on (default ${DEFAULT-VALUE}); a non-loopback address "
          + "requires --tls-cert, --tls-key and --token-file.")
  private String listen;

  @Option(names = "--tls-cert", description = "TLS certificate chain (PEM).")
  private Path tlsCert;

  @Option(names = "--tls-key", description = "TLS private key (PEM, PKCS#8).")
  private Path tlsKey;

  @Option(names = "--token-file",
      description = "File holding the bearer token clients must send (kept off the command "
          + "line so it does not show in ps).")
  private Path tokenFile;

  @Option(names = "--lease-ms", defaultValue = "5000",
      description = "Default lease in ms (default ${DEFAULT-VALUE}).")
  private int leaseMs;

  @Option(names = "--buffer-s", defaultValue = "0.5",
      description = "RX buffer of the simulated and file devices, seconds (default "
          + "${DEFAULT-VALUE}); a reader further behind loses samples (counted).")
  private double bufferSeconds;

  @Option(names = "--record",
      description = "Directory to record every RX and TX stream into, as SigMF (cf32_le).")
  private Path recordDirectory;

  @Override
  public Integer call() throws Exception {
    JsccLink.QUIET[1].setLevel(java.util.logging.Level.INFO); // a sidecar reports its leases
    String token = tokenFile == null ? null
        : Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
    SidecarServer server;
    try {
      DeviceFactory factory = DeviceSpecs.factory(device, bufferSeconds);
      if (recordDirectory != null) {
        factory = RecordingDevice.factory(factory, recordDirectory);
      }
      server = new SidecarServer(
          SidecarServer.networkBuilder(listen, tlsCert, tlsKey, token), factory,
          SidecarServer.Options.defaults().withDefaultLeaseMs(leaseMs), token).start();
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("jscc-link sidecar: " + e.getMessage());
      return 2;
    }
    Thread hook = new Thread(() -> {
      try {
        server.shutdown(3_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "sidecar-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    spec.commandLine().getOut().println("sidecar serving '" + device + "' on " + listen
        + " (Ctrl-C to stop)");
    spec.commandLine().getOut().flush();
    server.awaitTermination();
    return 0;
  }
}
