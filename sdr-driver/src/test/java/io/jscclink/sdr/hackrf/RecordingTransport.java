package io.jscclink.sdr.hackrf;

import io.jscclink.sdr.usb.UsbTransport;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The test double of the USB endpoint: records every request as the bytes a USB analyser
 * would show — "bmRequestType bRequest wValue wIndex wLength | data", hex, fields little endian
 * as on the wire — and lets a test drive bulk transfers by hand.
 */
final class RecordingTransport implements UsbTransport {
  final List<String> log = new ArrayList<>();
  int activeConfiguration;
  /** The byte IN requests answer with (1 = accepted). */
  byte inReply = 1;
  Bulk bulk;
  boolean closed;

  @Override
  public int configuration() {
    log.add("get-configuration");
    return activeConfiguration;
  }

  @Override
  public void setConfiguration(int configuration) {
    log.add("set-configuration " + configuration);
    activeConfiguration = configuration;
  }

  @Override
  public void claimInterface(int interfaceNumber) {
    log.add("claim-interface " + interfaceNumber);
  }

  @Override
  public void controlOut(int request, int value, int index, byte[] data, int timeoutMs) {
    assertTimeout(timeoutMs);
    log.add(setup(VENDOR_OUT, request, value, index, data.length)
        + (data.length == 0 ? "" : " | " + hex(data)));
  }

  @Override
  public int controlIn(int request, int value, int index, byte[] into, int length,
      int timeoutMs) {
    assertTimeout(timeoutMs);
    log.add(setup(VENDOR_IN, request, value, index, length));
    into[0] = inReply;
    return 1;
  }

  @Override
  public BulkStream startBulk(int endpoint, int transferBytes, int transfers,
      BulkHandler handler) {
    log.add(String.format("bulk %02x %d x%d", endpoint, transferBytes, transfers));
    bulk = new Bulk(handler, transferBytes);
    return bulk;
  }

  @Override
  public void close() {
    closed = true;
    log.add("close");
  }

  /** The setup packet: bmRequestType, bRequest, then wValue, wIndex, wLength little endian. */
  static String setup(int type, int request, int value, int index, int length) {
    return hex(new byte[] {(byte) type, (byte) request, (byte) value, (byte) (value >> 8),
        (byte) index, (byte) (index >> 8), (byte) length, (byte) (length >> 8)});
  }

  static String hex(byte[] bytes) {
    return HexFormat.ofDelimiter(" ").formatHex(bytes);
  }

  private static void assertTimeout(int timeoutMs) {
    if (timeoutMs != 100) {
      throw new AssertionError("libhackrf uses a 100 ms timeout, got " + timeoutMs);
    }
  }

  /** A bulk stream the test completes transfers of by hand. */
  final class Bulk implements BulkStream {
    final BulkHandler handler;
    final ByteBuffer buffer;
    boolean stopped;

    Bulk(BulkHandler handler, int transferBytes) {
      this.handler = handler;
      this.buffer = ByteBuffer.allocateDirect(transferBytes);
    }

    /** Completes an IN transfer carrying {@code data}. */
    void deliver(byte[] data) {
      buffer.clear();
      buffer.put(data).flip();
      handler.onTransfer(buffer, data.length);
    }

    /** Completes an OUT transfer; returns the bytes it sent. */
    byte[] take() {
      buffer.clear();
      int length = handler.onTransfer(buffer, buffer.capacity());
      byte[] sent = new byte[length];
      buffer.flip();
      buffer.get(sent);
      return sent;
    }

    @Override
    public boolean awaitIdle(long timeoutMs) {
      log.add("bulk-await-idle");
      return true;
    }

    @Override
    public boolean stop(long timeoutMs) {
      stopped = true;
      log.add("bulk-stop");
      return true;
    }
  }
}
