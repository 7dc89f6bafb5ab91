package io.jscclink.sdr.server;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.jscclink.proto.sdr.v1.ChannelEmulation;
import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.proto.sdr.v1.Direction;
import io.jscclink.sdr.client.SidecarClient;
import io.jscclink.sdr.sim.SimulatedDevice;
import java.io.IOException;
import java.net.InetSocketAddress;

/** Test helpers: a simulated-device sidecar on a real loopback socket, and its clients. */
final class Sidecars {
  private Sidecars() {}

  /** A started sidecar serving a simulated device on 127.0.0.1:{@code port} (0 = any). */
  static SidecarServer simulated(int port, SidecarServer.Options options, double bufferSeconds)
      throws IOException {
    return new SidecarServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)),
        SimulatedDevice.factory(bufferSeconds), options, null).start();
  }

  /** A client with a 256 KiB window, so little sits in transit when a test reader stalls. */
  static SidecarClient client(int port, String name) throws IOException {
    return SidecarClient.builder().target("127.0.0.1:" + port).clientName(name)
        .callTimeoutMs(5_000).flowControlWindowBytes(256 * 1024).build();
  }

  /** Full-duplex simulated radio at {@code sampleRateHz}, AWGN at {@code snrDb}. */
  static DeviceConfig simConfig(double sampleRateHz, boolean paced, double snrDb, long seed) {
    return DeviceConfig.newBuilder()
        .setCenterFrequencyHz(2.4415e9)
        .setSampleRateHz(sampleRateHz)
        .setDirection(Direction.DIRECTION_RX_TX)
        .setPaced(paced)
        .setEmulation(ChannelEmulation.newBuilder().setSnrDb(snrDb).setSeed(seed))
        .build();
  }
}
