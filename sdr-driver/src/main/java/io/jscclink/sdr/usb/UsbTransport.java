package io.jscclink.sdr.usb;

import io.jscclink.sdr.api.DeviceException;
import java.nio.ByteBuffer;

/**
 * The few USB operations a driver needs, on one opened device. {@link Usb4javaTransport} does
 * them with libusb; tests use a double that records the exact bytes of every request.
 *
 * <p>Control requests are vendor requests to the device: OUT with bmRequestType 0x40, IN with
 * 0xC0. Bulk streaming is asynchronous: several transfers stay in flight and each completed
 * one is handed to a {@link BulkHandler} on the transport's one event thread, then resubmitted.
 */
public interface UsbTransport extends AutoCloseable {
  /** bmRequestType of a vendor request to the device, host to device. */
  int VENDOR_OUT = 0x40;
  /** bmRequestType of a vendor request to the device, device to host. */
  int VENDOR_IN = 0xC0;

  /** The active configuration value (1-based), or 0 when unconfigured. */
  int configuration() throws DeviceException;

  /** Selects a configuration. */
  void setConfiguration(int configuration) throws DeviceException;

  /** Claims an interface; BUSY when another process holds it. */
  void claimInterface(int interfaceNumber) throws DeviceException;

  /**
   * A vendor OUT request ({@link #VENDOR_OUT}) with {@code data} (may be empty).
   *
   * @throws DeviceException IO_ERROR when the device stalls or does not answer in time
   */
  void controlOut(int request, int value, int index, byte[] data, int timeoutMs)
      throws DeviceException;

  /**
   * A vendor IN request ({@link #VENDOR_IN}) reading {@code length} bytes into {@code into}.
   *
   * @return bytes read
   */
  int controlIn(int request, int value, int index, byte[] into, int length, int timeoutMs)
      throws DeviceException;

  /**
   * Starts asynchronous bulk streaming on {@code endpoint} (bit 7 set: IN) with
   * {@code transfers} transfers of {@code transferBytes} each, in flight at once. Their direct
   * buffers are allocated here, once, and resubmitted after each callback.
   */
  BulkStream startBulk(int endpoint, int transferBytes, int transfers, BulkHandler handler)
      throws DeviceException;

  /** Releases the interface and closes the device; idempotent, bounded in time. */
  @Override
  void close();

  /** Receives completed transfers; runs on the transport's event thread, must not block. */
  interface BulkHandler {
    /**
     * IN: {@code buffer} holds {@code length} received bytes from position 0. OUT: fill
     * {@code buffer} from position 0 and return how many bytes to send (0 sends nothing and
     * retries at the next event).
     *
     * @return for OUT, the bytes to send; ignored for IN
     */
    int onTransfer(ByteBuffer buffer, int length);

    /** A transfer failed (device unplugged, stall); streaming has stopped. */
    void onError(DeviceException error);
  }

  /** A running bulk stream. */
  interface BulkStream {
    /**
     * Waits until no transfer is in flight, at most {@code timeoutMs}: for OUT, everything
     * handed over has reached the device.
     *
     * @return true when idle within the time
     */
    boolean awaitIdle(long timeoutMs) throws InterruptedException;

    /**
     * Cancels every transfer and waits until their callbacks have returned, at most
     * {@code timeoutMs}.
     *
     * @return true when all transfers finished within the time
     */
    boolean stop(long timeoutMs) throws InterruptedException;
  }
}
