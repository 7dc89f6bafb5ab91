package io.jscclink.phy.sync;

/** Receives decoded frames; called on the thread that calls {@link FrameReceiver#accept}. */
@FunctionalInterface
public interface FrameListener {
    void onFrame(ReceivedFrame frame);
}
