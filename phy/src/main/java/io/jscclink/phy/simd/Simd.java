package io.jscclink.phy.simd;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whether the SIMD kernels are in use. They are supported when this JVM has the Vector API
 * ({@code --add-modules jdk.incubator.vector}, incubating in Java 17), which {@link SimdKernels}
 * needs, and {@code -Djscclink.simd=false} does not switch them off. The launcher and the tests
 * pass the option; without it every caller takes its portable path (the tests run once more
 * that way).
 *
 * <p>Why a warm-up: until HotSpot's C2 compiles them, Vector API calls run interpreted with an
 * object per vector operation — measured 100–700 times slower than compiled (a 64-output filter
 * run: ~700 µs → ~1 µs after ~2000 calls, ~0.5 s of CPU, several seconds of wall time while
 * other threads keep the cores and the compiler busy). A receiver that took the SIMD path from
 * its first frame was several times slower than the portable loops for its first thousand
 * frames. So {@link #warmUp()} exercises the kernels on a daemon thread, and {@link
 * #available()} turns true only when they run compiled; until then callers take the portable
 * path, which compiles in milliseconds. The warm-up is started on demand — by a receiver once it
 * has seen a sustained stream ({@code FrameReceiver}), by the benchmarks and the tests — so a
 * short run never pays for it. This class does not touch the API itself, so asking never fails.
 */
public final class Simd {
    private static final boolean SUPPORTED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("jscclink.simd"));
    private static final CountDownLatch WARM = new CountDownLatch(1);
    private static final java.util.concurrent.atomic.AtomicBoolean STARTED = new java.util.concurrent.atomic.AtomicBoolean();
    private static volatile boolean available;
    private static volatile long warmUpNanos = -1;

    private Simd() {}

    /** Wall time the warm-up took, ns; -1 before it ends or without SIMD. */
    public static long warmUpNanos() {
        return warmUpNanos;
    }

    /** Whether the Vector API is there and not switched off (the SIMD path will be taken once warm). */
    public static boolean supported() {
        return SUPPORTED;
    }

    /** Whether callers take the SIMD path now: supported and warmed up (compiled). */
    public static boolean available() {
        return available;
    }

    /** Starts the warm-up on its own daemon thread, once per JVM; does nothing without SIMD support. */
    public static void warmUp() {
        if (!SUPPORTED) {
            WARM.countDown();
            return;
        }
        if (STARTED.compareAndSet(false, true)) {
            Thread t = new Thread(() -> {
                try {
                    long start = System.nanoTime();
                    available = SimdWarmUp.run();
                    warmUpNanos = System.nanoTime() - start;
                } finally {
                    WARM.countDown();
                }
            }, "jscc-simd-warm-up");
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * Starts the warm-up if it has not started and waits until it has finished (at once when SIMD is not supported), for at most
     * {@code seconds}: benchmarks and tests that must measure or check the SIMD path call it.
     *
     * @return {@link #available()} afterwards
     */
    public static boolean awaitWarmUp(double seconds) {
        warmUp();
        try {
            WARM.await((long) (seconds * 1e9), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return available;
    }
}
