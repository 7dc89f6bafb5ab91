package io.jscclink.sdr.server;

import io.jscclink.proto.sdr.v1.SampleFormat;
import io.jscclink.sdr.api.RxBlockInfo;
import io.jscclink.sdr.client.Receiver;
import io.jscclink.sdr.client.SidecarClient;

/**
 * A client in its own JVM, for the lease test to kill: takes the lease (args: port, lease ms),
 * starts receiving, prints STREAMING and keeps reading until it is killed.
 */
public final class StreamingClientProcess {
  private StreamingClientProcess() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int leaseMs = Integer.parseInt(args[1]);
    SidecarClient client = SidecarClient.builder().target("127.0.0.1:" + port)
        .clientName("doomed").leaseMs(leaseMs).build();
    client.open("");
    client.configure(Sidecars.simConfig(1e6, true, 10, 5));
    Receiver receiver = client.receive(SampleFormat.SAMPLE_FORMAT_CS8, 4096, 0);
    float[] iq = new float[2 * 4096];
    RxBlockInfo info = new RxBlockInfo();
    receiver.read(iq, 0, 4096, info);
    System.out.println("STREAMING");
    System.out.flush();
    while (receiver.read(iq, 0, 4096, info) > 0) {
      // keep the stream and the lease alive until killed
    }
  }
}
