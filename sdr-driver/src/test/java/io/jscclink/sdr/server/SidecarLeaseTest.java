package io.jscclink.sdr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.jscclink.proto.sdr.v1.DeviceState;
import io.jscclink.proto.sdr.v1.DeviceStatus;
import io.jscclink.proto.sdr.v1.SampleFormat;
import io.jscclink.sdr.api.RxBlockInfo;
import io.jscclink.sdr.client.Receiver;
import io.jscclink.sdr.client.SidecarClient;
import io.jscclink.sdr.client.SidecarException;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Leases over a real socket: a killed client, a sidecar restart, the bearer token. */
@Timeout(90)
class SidecarLeaseTest {
  private static final int LEASE_MS = 2_000;

  /**
   * A client process killed mid-stream (SIGKILL: no Close, no goodbye) holds the device only
   * until its lease runs out; then a second client gets it. Slack over the lease: the reaper
   * period (20 ms) plus the second client's retry period (25 ms) and scheduling on a busy
   * machine; 500 ms is far below a second lease period.
   */
  @Test
  void killedClientFreesTheDeviceWithinTheLease() throws Exception {
    try (SidecarServer server = Sidecars.simulated(0, SidecarServer.Options.defaults(), 0.05);
        SidecarClient second = Sidecars.client(server.port(), "second")) {
      java.nio.file.Path childErr = java.nio.file.Files.createTempFile("sidecar-child", ".err");
      Process child = new ProcessBuilder(
          new File(System.getProperty("java.home"), "bin/java").getPath(),
          "-cp", System.getProperty("java.class.path"), "-Xmx256m",
          StreamingClientProcess.class.getName(), String.valueOf(server.port()),
          String.valueOf(LEASE_MS))
          .redirectError(childErr.toFile())
          .start();
      try {
        BufferedReader out = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
          try {
            return out.readLine();
          } catch (java.io.IOException e) {
            return e.toString();
          }
        });
        assertEquals("STREAMING", line.get(60, TimeUnit.SECONDS),
            () -> "child client failed: " + readQuietly(childErr));
        DeviceStatus held = second.status();
        assertEquals("doomed", held.getLeaseHolder());
        assertEquals(DeviceState.DEVICE_STATE_RECEIVING, held.getState());
        SidecarException busy = assertThrows(SidecarException.class, () -> second.open(""));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, busy.code());

        child.destroyForcibly();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        long killedAt = System.nanoTime();
        while (true) {
          try {
            second.open("");
            break;
          } catch (SidecarException e) {
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
            assertTrue(System.nanoTime() - killedAt < (LEASE_MS + 500) * 1_000_000L,
                "device still held " + (System.nanoTime() - killedAt) / 1_000_000 + " ms after "
                + "the kill, lease " + LEASE_MS + " ms");
            Thread.sleep(25);
          }
        }
        long freedMs = (System.nanoTime() - killedAt) / 1_000_000;
        assertTrue(freedMs <= LEASE_MS + 500, "freed after " + freedMs + " ms");
        // The second client really has the radio.
        second.configure(Sidecars.simConfig(1e6, false, 10, 6));
        try (Receiver rx = second.receive(SampleFormat.SAMPLE_FORMAT_CF32, 1000, 1000)) {
          float[] iq = new float[2000];
          assertEquals(1000, rx.read(iq, 0, 1000, new RxBlockInfo()));
        }
        assertEquals("second", second.status().getLeaseHolder());
      } finally {
        child.destroyForcibly();
        java.nio.file.Files.deleteIfExists(childErr);
      }
    }
  }

  private static String readQuietly(java.nio.file.Path file) {
    try {
      return java.nio.file.Files.readString(file);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  /**
   * The sidecar restarts under a running receiver: the client takes the lease again,
   * re-applies its configuration, resumes the stream and reports the outage as a gap whose
   * size matches the paced clock (gap ns × rate, within one block of rounding).
   */
  @Test
  void receiverResumesAfterSidecarRestartWithTheGapReported() throws Exception {
    double sampleRateHz = 1e6;
    SidecarServer first = Sidecars.simulated(0, SidecarServer.Options.defaults(), 0.05);
    int port = first.port();
    SidecarServer restarted = null;
    try (SidecarClient client = SidecarClient.builder().target("127.0.0.1:" + port)
        .clientName("survivor").backoffMs(20, 200).reconnectTimeoutMs(20_000).build()) {
      client.open("");
      client.configure(Sidecars.simConfig(sampleRateHz, true, 10, 8));
      float[] iq = new float[2 * 8192];
      RxBlockInfo info = new RxBlockInfo();
      try (Receiver rx = client.receive(SampleFormat.SAMPLE_FORMAT_CS16, 8192, 0)) {
        long next = -1;
        for (int k = 0; k < 5; k++) {
          int n = rx.read(iq, 0, 8192, info);
          assertTrue(n > 0);
          next = info.firstSampleIndex + n;
        }
        first.close();
        Thread.sleep(300);
        restarted = Sidecars.simulated(port, SidecarServer.Options.defaults(), 0.05);
        boolean sawRestart = false;
        for (int k = 0; k < 200 && !sawRestart; k++) {
          int n = rx.read(iq, 0, 8192, info);
          assertTrue(n > 0, "stream ended instead of resuming");
          if (info.restarted) {
            sawRestart = true;
            assertTrue(info.gapNs >= 300_000_000L, "gap " + info.gapNs + " ns");
            long expected = Math.round(info.gapNs * 1e-9 * sampleRateHz);
            assertEquals(expected, info.samplesLostBefore, 1.0);
            assertEquals(next + info.samplesLostBefore, info.firstSampleIndex,
                "indices continue across the restart, advanced by the gap");
          } else {
            assertEquals(next + info.samplesLostBefore, info.firstSampleIndex);
          }
          next = info.firstSampleIndex + n;
        }
        assertTrue(sawRestart, "no block flagged as restarted");
        assertEquals(1, rx.restarts());
        assertEquals(1, client.reconnects());
        assertEquals("survivor", client.status().getLeaseHolder());
        assertEquals(sampleRateHz, client.status().getConfig().getSampleRateHz());
      }
    } finally {
      first.close();
      if (restarted != null) {
        restarted.close();
      }
    }
  }

  /** With a bearer token, calls without it are refused and calls with it served. */
  @Test
  void bearerTokenIsRequiredWhenConfigured() throws Exception {
    try (SidecarServer server = new SidecarServer(
        io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.forAddress(
            new java.net.InetSocketAddress("127.0.0.1", 0)),
        io.jscclink.sdr.sim.SimulatedDevice.factory(0.05), SidecarServer.Options.defaults(),
        "s3cret").start();
        SidecarClient anonymous = SidecarClient.builder()
            .target("127.0.0.1:" + server.port()).build();
        SidecarClient wrong = SidecarClient.builder()
            .target("127.0.0.1:" + server.port()).bearerToken("guess").build();
        SidecarClient right = SidecarClient.builder()
            .target("127.0.0.1:" + server.port()).bearerToken("s3cret").build()) {
      assertEquals(Status.Code.UNAUTHENTICATED,
          assertThrows(SidecarException.class, () -> anonymous.open("")).code());
      assertEquals(Status.Code.UNAUTHENTICATED,
          assertThrows(SidecarException.class, wrong::status).code());
      assertEquals("sim", right.open("").getId());
    }
  }

  /**
   * TLS end to end with a throw-away self-signed certificate (made by openssl; skipped where
   * there is none): a client that trusts it and sends the token is served, a plaintext client
   * is not.
   */
  @Test
  void tlsWithBearerTokenServesTrustedClients(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Path cert = dir.resolve("cert.pem");
    java.nio.file.Path key = dir.resolve("key.pem");
    Process openssl;
    try {
      openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec",
          "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
          "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
          "-keyout", key.toString(), "-out", cert.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (java.io.IOException e) {
      org.junit.jupiter.api.Assumptions.abort("openssl not available: " + e.getMessage());
      return;
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(openssl.waitFor(30, TimeUnit.SECONDS)
        && openssl.exitValue() == 0, "openssl could not make a certificate");
    try (SidecarServer server = new SidecarServer(
        SidecarServer.networkBuilder("127.0.0.1:0", cert, key, "t0ken"),
        io.jscclink.sdr.sim.SimulatedDevice.factory(0.05), SidecarServer.Options.defaults(),
        "t0ken").start();
        SidecarClient trusted = SidecarClient.builder().target("127.0.0.1:" + server.port())
            .trustCertPem(cert).bearerToken("t0ken").build();
        SidecarClient plaintext = SidecarClient.builder()
            .target("127.0.0.1:" + server.port()).bearerToken("t0ken").maxAttempts(1)
            .callTimeoutMs(2_000).build()) {
      assertEquals("sim", trusted.open("").getId());
      trusted.configure(Sidecars.simConfig(1e6, false, 10, 2));
      try (Receiver rx = trusted.receive(SampleFormat.SAMPLE_FORMAT_CS8, 1000, 1000)) {
        assertEquals(1000, rx.read(new float[2000], 0, 1000, new RxBlockInfo()));
      }
      SidecarException refused = assertThrows(SidecarException.class, plaintext::status);
      assertEquals(Status.Code.UNAVAILABLE, refused.code());
    }
  }

  /** A non-loopback address without TLS and a token is refused before anything binds. */
  @Test
  void nonLoopbackListenRequiresTlsAndToken() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SidecarServer.networkBuilder("0.0.0.0:50051", null, null, "token"));
    assertTrue(e.getMessage().contains("requires TLS and a bearer token"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> SidecarServer.networkBuilder("127.0.0.1:99999", null, null, null));
    assertThrows(IllegalArgumentException.class,
        () -> SidecarServer.networkBuilder("localhost", null, null, null));
  }
}
