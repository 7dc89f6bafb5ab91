package io.jscclink.sdr.usb;

import io.jscclink.sdr.api.DeviceException;
import io.jscclink.sdr.api.DeviceException.Reason;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.usb4java.BufferUtils;
import org.usb4java.Context;
import org.usb4java.Device;
import org.usb4java.DeviceDescriptor;
import org.usb4java.DeviceHandle;
import org.usb4java.DeviceList;
import org.usb4java.LibUsb;
import org.usb4java.LibUsbException;
import org.usb4java.Transfer;

/**
 * {@link UsbTransport} over libusb (usb4java). One libusb context per opened device and one
 * event thread per running bulk stream, which runs every transfer callback.
 */
public final class Usb4javaTransport implements UsbTransport {
  /** How to fix a permission error on Linux: the rule shipped with this module. */
  public static final String UDEV_HINT = "install the udev rule shipped in sdr-driver "
      + "(resource io/jscclink/sdr/hackrf/53-hackrf.rules): sudo cp 53-hackrf.rules "
      + "/etc/udev/rules.d/ && sudo udevadm control --reload && sudo udevadm trigger, then "
      + "replug the device (or add your user to the plugdev group)";
  /**
   * How long the event thread waits for events per loop, microseconds. OUT streams wake often:
   * an idle OUT transfer is resubmitted by the loop as soon as data arrives.
   */
  private static final long IN_EVENT_TIMEOUT_US = 100_000;
  private static final long OUT_EVENT_TIMEOUT_US = 2_000;

  private final Context context;
  private final DeviceHandle handle;
  private int claimed = -1;
  private boolean closed;

  private Usb4javaTransport(Context context, DeviceHandle handle) {
    this.context = context;
    this.handle = handle;
  }

  /** The libusb connector. */
  public static UsbConnector connector() {
    return Usb4javaTransport::openDevice;
  }

  private static UsbTransport openDevice(int vendorId, int productId, String serial)
      throws DeviceException {
    Context context = new Context();
    int result;
    try {
      result = LibUsb.init(context);
    } catch (LibUsbException | UnsatisfiedLinkError e) {
      throw new DeviceException(Reason.NOT_FOUND, "libusb could not be loaded ("
          + e.getMessage() + "); install libusb-1.0 (e.g. apt-get install libusb-1.0-0)", e);
    }
    check(result, "libusb init");
    DeviceList list = new DeviceList();
    try {
      check(LibUsb.getDeviceList(context, list), "listing USB devices");
      boolean sawAny = false;
      int lastError = LibUsb.SUCCESS;
      for (Device device : list) {
        DeviceDescriptor descriptor = new DeviceDescriptor();
        if (LibUsb.getDeviceDescriptor(device, descriptor) != LibUsb.SUCCESS
            || (descriptor.idVendor() & 0xFFFF) != vendorId
            || (descriptor.idProduct() & 0xFFFF) != productId) {
          continue;
        }
        sawAny = true;
        DeviceHandle handle = new DeviceHandle();
        int open = LibUsb.open(device, handle);
        if (open != LibUsb.SUCCESS) {
          lastError = open;
          continue;
        }
        String found;
        try {
          found = descriptor.iSerialNumber() == 0 ? ""
              : String.valueOf(LibUsb.getStringDescriptor(handle, descriptor.iSerialNumber()));
        } catch (LibUsbException e) {
          found = ""; // no readable serial: matches only when none was asked for
        }
        if (serial.isEmpty() || found.endsWith(serial)) {
          return new Usb4javaTransport(context, handle);
        }
        LibUsb.close(handle);
      }
      LibUsb.exit(context);
      String what = String.format("USB device %04x:%04x%s", vendorId, productId,
          serial.isEmpty() ? "" : " with serial ending " + serial);
      if (lastError == LibUsb.ERROR_ACCESS) {
        throw new DeviceException(Reason.PERMISSION_DENIED, "no permission to open " + what
            + "; " + UDEV_HINT);
      }
      if (lastError != LibUsb.SUCCESS) {
        throw new DeviceException(lastError == LibUsb.ERROR_BUSY ? Reason.BUSY : Reason.IO_ERROR,
            "cannot open " + what + ": " + LibUsb.strError(lastError));
      }
      throw new DeviceException(Reason.NOT_FOUND, (sawAny ? "no " + what + " matches"
          : "no " + what + " is connected") + "; check the cable and `lsusb`, and for a "
          + "serial give the last digits shown by hackrf_info");
    } finally {
      LibUsb.freeDeviceList(list, true);
    }
  }

  @Override
  public int configuration() throws DeviceException {
    IntBuffer value = BufferUtils.allocateIntBuffer();
    check(LibUsb.getConfiguration(handle, value), "reading the USB configuration");
    return value.get(0);
  }

  @Override
  public void setConfiguration(int configuration) throws DeviceException {
    check(LibUsb.setConfiguration(handle, configuration), "setting USB configuration "
        + configuration);
  }

  @Override
  public void claimInterface(int interfaceNumber) throws DeviceException {
    int result = LibUsb.claimInterface(handle, interfaceNumber);
    if (result == LibUsb.ERROR_BUSY) {
      throw new DeviceException(Reason.BUSY, "the device is in use by another process (another "
          + "sidecar, hackrf_transfer, GNU Radio); stop it and try again");
    }
    check(result, "claiming interface " + interfaceNumber);
    claimed = interfaceNumber;
  }

  @Override
  public void controlOut(int request, int value, int index, byte[] data, int timeoutMs)
      throws DeviceException {
    ByteBuffer buffer = BufferUtils.allocateByteBuffer(data.length);
    buffer.put(data).rewind();
    int result = LibUsb.controlTransfer(handle, (byte) VENDOR_OUT, (byte) request,
        (short) value, (short) index, buffer, timeoutMs);
    if (result < data.length) {
      check(result < 0 ? result : LibUsb.ERROR_IO, "vendor request " + request);
    }
  }

  @Override
  public int controlIn(int request, int value, int index, byte[] into, int length,
      int timeoutMs) throws DeviceException {
    ByteBuffer buffer = BufferUtils.allocateByteBuffer(length);
    int result = LibUsb.controlTransfer(handle, (byte) VENDOR_IN, (byte) request,
        (short) value, (short) index, buffer, timeoutMs);
    check(Math.min(result, 0), "vendor request " + request);
    buffer.get(into, 0, result);
    return result;
  }

  @Override
  public BulkStream startBulk(int endpoint, int transferBytes, int transfers,
      BulkHandler handler) throws DeviceException {
    return new AsyncBulk(endpoint, transferBytes, transfers, handler);
  }

  /** Transfers resubmitted from their callbacks, on one event thread, until stopped. */
  private final class AsyncBulk implements BulkStream {
    private final boolean in;
    private final BulkHandler handler;
    private final Transfer[] transfers;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CountDownLatch drained = new CountDownLatch(1);
    private final Thread eventThread;
    private volatile boolean stopping;

    AsyncBulk(int endpoint, int transferBytes, int count, BulkHandler handler)
        throws DeviceException {
      this.in = (endpoint & 0x80) != 0;
      this.handler = handler;
      this.transfers = new Transfer[count];
      for (int k = 0; k < count; k++) {
        Transfer transfer = LibUsb.allocTransfer();
        // Direct buffer allocated once per transfer and reused on every resubmission.
        ByteBuffer buffer = BufferUtils.allocateByteBuffer(transferBytes);
        LibUsb.fillBulkTransfer(transfer, handle, (byte) endpoint, buffer, this::completed,
            null, 0);
        transfers[k] = transfer;
      }
      this.eventThread = new Thread(this::handleEvents, "usb-events");
      eventThread.setDaemon(true);
      eventThread.start();
      for (Transfer transfer : transfers) {
        if (!in && prepareOut(transfer) == 0) {
          continue; // nothing to send yet; the event loop retries
        }
        submit(transfer);
      }
    }

    private int prepareOut(Transfer transfer) {
      ByteBuffer buffer = transfer.buffer();
      buffer.clear();
      int bytes = handler.onTransfer(buffer, buffer.capacity());
      transfer.setLength(bytes);
      return bytes;
    }

    private void submit(Transfer transfer) throws DeviceException {
      inFlight.incrementAndGet();
      int result = LibUsb.submitTransfer(transfer);
      if (result != LibUsb.SUCCESS) {
        inFlight.decrementAndGet();
        check(result, "submitting a bulk transfer");
      }
    }

    /** Transfer callback, on the event thread. */
    private void completed(Transfer transfer) {
      inFlight.decrementAndGet();
      int status = transfer.status();
      if (stopping || status == LibUsb.TRANSFER_CANCELLED) {
        return;
      }
      if (status != LibUsb.TRANSFER_COMPLETED) {
        stopping = true;
        handler.onError(new DeviceException(Reason.IO_ERROR, status == LibUsb.TRANSFER_NO_DEVICE
            ? "the device was unplugged; plug it back in and reopen it"
            : "bulk transfer failed with libusb status " + status));
        return;
      }
      try {
        if (in) {
          ByteBuffer buffer = transfer.buffer();
          buffer.rewind();
          handler.onTransfer(buffer, transfer.actualLength());
        } else if (prepareOut(transfer) == 0) {
          return; // resubmitted by the event loop once there is data
        }
        submit(transfer);
      } catch (DeviceException e) {
        stopping = true;
        handler.onError(e);
      }
    }

    private void handleEvents() {
      while (!stopping || inFlight.get() > 0) {
        int result = LibUsb.handleEventsTimeout(context,
            in ? IN_EVENT_TIMEOUT_US : OUT_EVENT_TIMEOUT_US);
        if (result != LibUsb.SUCCESS && result != LibUsb.ERROR_INTERRUPTED) {
          break;
        }
        if (!in && !stopping) {
          resubmitIdleOut();
        }
      }
      drained.countDown();
    }

    /** OUT transfers that found no data go out again once the handler has some. */
    private void resubmitIdleOut() {
      if (inFlight.get() == transfers.length) {
        return;
      }
      for (Transfer transfer : transfers) {
        if (inFlight.get() >= transfers.length) {
          return;
        }
        if (transfer.length() == 0 && prepareOut(transfer) > 0) {
          try {
            submit(transfer);
          } catch (DeviceException e) {
            stopping = true;
            handler.onError(e);
            return;
          }
        }
      }
    }

    @Override
    public boolean awaitIdle(long timeoutMs) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
      while (inFlight.get() > 0 && drained.getCount() > 0) {
        if (System.nanoTime() - deadline > 0) {
          return false;
        }
        Thread.sleep(1);
      }
      return true;
    }

    @Override
    public boolean stop(long timeoutMs) throws InterruptedException {
      stopping = true;
      for (Transfer transfer : transfers) {
        LibUsb.cancelTransfer(transfer); // fails harmlessly for a transfer not in flight
      }
      boolean finished = drained.await(timeoutMs, TimeUnit.MILLISECONDS);
      if (finished) {
        for (Transfer transfer : transfers) {
          LibUsb.freeTransfer(transfer);
        }
      }
      return finished;
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (claimed >= 0) {
      LibUsb.releaseInterface(handle, claimed);
    }
    LibUsb.close(handle);
    LibUsb.exit(context);
  }

  private static void check(int result, String what) throws DeviceException {
    if (result < 0) {
      throw failure(result, what);
    }
  }

  /** The exception for a libusb error code, saying how to fix it where there is a fix. */
  static DeviceException failure(int libusbError, String what) {
    switch (libusbError) {
      case LibUsb.ERROR_ACCESS:
        return new DeviceException(Reason.PERMISSION_DENIED, what + ": permission denied; "
            + UDEV_HINT);
      case LibUsb.ERROR_NO_DEVICE:
        return new DeviceException(Reason.IO_ERROR, what + ": the device was unplugged; plug "
            + "it back in and reopen it");
      case LibUsb.ERROR_BUSY:
        return new DeviceException(Reason.BUSY, what + ": the device is busy (used by another "
            + "process such as hackrf_transfer or another sidecar); stop it and try again");
      case LibUsb.ERROR_NOT_FOUND:
        return new DeviceException(Reason.NOT_FOUND, what + ": not found; check the cable and "
            + "`lsusb`");
      default:
        return new DeviceException(Reason.IO_ERROR, what + " failed: libusb error "
            + libusbError + "; replug the device and retry");
    }
  }
}
