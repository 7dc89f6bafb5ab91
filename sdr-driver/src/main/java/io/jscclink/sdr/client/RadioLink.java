package io.jscclink.sdr.client;

import io.jscclink.sdr.server.DeviceSpecs;
import io.jscclink.sdr.server.SidecarServer;
import java.io.IOException;

/**
 * The two ends of a radio link as sidecar clients, from the command line's {@code --device}
 * and {@code --sidecar}: either attach to running sidecars (one address: one full-duplex or
 * loopback-cabled radio for both ends; two: a TX radio and an RX radio), or start a sidecar for
 * the device in this process on a free loopback port — the same gRPC path over a real
 * socket, so nothing else changes between a simulated and a real radio.
 */
public final class RadioLink implements AutoCloseable {
  private final SidecarServer localSidecar;
  private final SidecarClient tx;
  private final SidecarClient rx;
  private final String description;

  private RadioLink(SidecarServer localSidecar, SidecarClient tx, SidecarClient rx,
      String description) {
    this.localSidecar = localSidecar;
    this.tx = tx;
    this.rx = rx;
    this.description = description;
  }

  /**
   * @param deviceSpec {@code sim}, {@code hackrf[:serial]} or {@code sigmf:PATH}; used when
   *     no sidecar address is given
   * @param txSidecar host:port of the TX end's sidecar, or null to start one here
   * @param rxSidecar host:port of the RX end's sidecar, or null for the TX end's
   * @param bufferSeconds receive buffer of a sidecar started here (simulated / file device)
   */
  public static RadioLink open(String deviceSpec, String txSidecar, String rxSidecar,
      double bufferSeconds) throws IOException {
    return open(deviceSpec, txSidecar, rxSidecar, bufferSeconds, DEFAULT_RECONNECT_MS);
  }

  /** The clients' patience with a sidecar that went away (restart, lost connection). */
  public static final long DEFAULT_RECONNECT_MS = 15_000;

  /**
   * As above, with the time the clients keep trying to win a vanished sidecar back before
   * their calls fail ({@code 0}: fail at once).
   */
  public static RadioLink open(String deviceSpec, String txSidecar, String rxSidecar,
      double bufferSeconds, long reconnectTimeoutMs) throws IOException {
    if (txSidecar == null && rxSidecar != null) {
      throw new IllegalArgumentException("an RX sidecar needs a TX sidecar too (or neither)");
    }
    if (txSidecar == null) {
      SidecarServer server = new SidecarServer(
          SidecarServer.networkBuilder("127.0.0.1:0", null, null, null),
          DeviceSpecs.factory(deviceSpec, bufferSeconds), SidecarServer.Options.defaults(), null)
          .start();
      try {
        SidecarClient client = connect("127.0.0.1:" + server.port(), reconnectTimeoutMs);
        return new RadioLink(server, client, client,
            deviceSpec + " via a sidecar on 127.0.0.1:" + server.port());
      } catch (IOException | RuntimeException e) {
        server.close();
        throw e;
      }
    }
    SidecarClient txClient = connect(txSidecar, reconnectTimeoutMs);
    if (rxSidecar == null || rxSidecar.equals(txSidecar)) {
      return new RadioLink(null, txClient, txClient, "sidecar " + txSidecar);
    }
    try {
      return new RadioLink(null, txClient, connect(rxSidecar, reconnectTimeoutMs),
          "TX sidecar " + txSidecar + ", RX sidecar " + rxSidecar);
    } catch (IOException | RuntimeException e) {
      txClient.close();
      throw e;
    }
  }

  private static SidecarClient connect(String target, long reconnectTimeoutMs)
      throws IOException {
    SidecarClient client = SidecarClient.builder().target(target).clientName("jscc-link")
        .reconnectTimeoutMs(reconnectTimeoutMs).build();
    try {
      client.awaitServing();
      client.open("");
      return client;
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  public SidecarClient tx() {
    return tx;
  }

  public SidecarClient rx() {
    return rx;
  }

  /** True when one radio serves both ends (configure it once). */
  public boolean oneRadio() {
    return tx == rx;
  }

  /** Where the link runs, for reports. */
  public String description() {
    return description;
  }

  @Override
  public void close() {
    tx.close();
    if (rx != tx) {
      rx.close();
    }
    if (localSidecar != null) {
      localSidecar.close();
    }
  }
}
