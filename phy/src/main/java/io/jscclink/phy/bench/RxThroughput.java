package io.jscclink.phy.bench;

import io.jscclink.phy.channel.ChannelConfig;
import io.jscclink.phy.channel.ChannelSimulator;
import io.jscclink.phy.frame.FrameBuilder;
import io.jscclink.phy.frame.FrameHeader;
import io.jscclink.phy.frame.PayloadType;
import io.jscclink.phy.frame.PhyConfig;
import io.jscclink.phy.sync.FrameReceiver;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Throughput of the receive chain (detection → sync → matched filter → estimation →
 * equalisation → LLRs and hard bits) on one thread, for {@code jscc-link bench phy}. The
 * workload is a stream of BPSK frames through the AWGN channel with short noise gaps, the
 * link's normal load.
 */
public final class RxThroughput {
    private RxThroughput() {}

    /**
     * Result of a measurement: samples consumed, wall time, CPU time of the measuring thread,
     * frames decoded and sent.
     */
    public record Result(long samples, double wallSeconds, double cpuSeconds, long framesDelivered, long framesSent) {
        /** Msamples per second of the thread's CPU time: one core's throughput, unaffected by other load. */
        public double msps() {
            return samples / cpuSeconds / 1e6;
        }

        /** Msamples per wall-clock second (lower on a shared machine). */
        public double wallMsps() {
            return samples / wallSeconds / 1e6;
        }
    }

    /** Number of frames a workload holds, to check the receiver decoded them all. */
    public record Workload(float[] iq, int samples, int frames) {}

    /**
     * {@code frames} frames of {@code payloadBits} random bits at Es/N0 = snrDb, each preceded by
     * a noise gap of 100…1100 samples; interleaved IQ.
     */
    public static Workload workload(PhyConfig config, int frames, int payloadBits, double snrDb, long seed) {
        FrameBuilder builder = new FrameBuilder(config);
        int frameSamples = builder.frameSamples(payloadBits);
        double noise = config.txRms() * config.txRms() * config.samplesPerSymbol() / Math.pow(10, snrDb / 10);
        ChannelSimulator channel = new ChannelSimulator(
                ChannelConfig.builder().snrDb(snrDb).noisePower(noise).seed(seed).build(), 1e6);
        SplittableRandom random = new SplittableRandom(seed);
        int total = frames * (frameSamples + 1100);
        float[] iq = new float[2 * total];
        float[] burst = new float[2 * frameSamples];
        byte[] bits = new byte[payloadBits];
        int at = 0;
        for (int f = 0; f < frames; f++) {
            int gap = 100 + random.nextInt(1000);
            channel.noiseOnly(iq, at, gap);
            at += gap;
            for (int i = 0; i < payloadBits; i++) {
                bits[i] = (byte) random.nextInt(2);
            }
            int n = builder.buildBits(FrameHeader.of(PayloadType.BITS, 0, 0, payloadBits, f & 0xffff, 0, 0, 1), bits, 0,
                    payloadBits, burst, 0);
            double power = 0;
            for (int i = 0; i < 2 * n; i++) {
                power += burst[i] * burst[i];
            }
            channel.setSnrDb(10 * Math.log10(power / n / noise));
            at += channel.applyBurst(burst, 0, n, iq, at);
        }
        return new Workload(iq, at, frames);
    }

    /**
     * Feeds the workload repeatedly, in blocks of {@code blockSamples}, to one receiver until
     * {@code seconds} of wall time have passed, after untimed warm-up passes (at least 5 and 2 s
     * of CPU time) that let the JIT compile.
     */
    public static Result measure(PhyConfig config, Workload w, int blockSamples, double seconds) {
        io.jscclink.phy.simd.Simd.awaitWarmUp(60); // measure the SIMD path where there is one
        long[] frames = new long[1];
        FrameReceiver receiver = new FrameReceiver(config, f -> frames[0]++);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        // Warm-up until the JIT has had 2 s of this thread's CPU time and 5 passes (on a busy
        // machine one wall-clock pass may run mostly interpreted).
        long warmStart = threads.getCurrentThreadCpuTime();
        for (int pass = 0; pass < 5 || threads.getCurrentThreadCpuTime() - warmStart < 2_000_000_000L; pass++) {
            feed(receiver, w, blockSamples);
        }
        frames[0] = 0;
        long samples = 0;
        long passes = 0;
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long limit = start + (long) (seconds * 1e9);
        do {
            feed(receiver, w, blockSamples);
            samples += w.samples();
            passes++;
        } while (System.nanoTime() < limit);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        return new Result(samples, elapsed, cpu, frames[0], passes * w.frames());
    }

    private static void feed(FrameReceiver receiver, Workload w, int blockSamples) {
        for (int i = 0; i < w.samples(); i += blockSamples) {
            receiver.accept(w.iq(), i, Math.min(blockSamples, w.samples() - i));
        }
    }

    /** Writes the workload as little-endian float32 pairs (GNU Radio's complex file format). */
    public static void writeComplex64(Workload w, Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8 * 8192).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 2 * w.samples(); i++) {
                buf.putFloat(w.iq()[i]);
                if (!buf.hasRemaining()) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
            }
            out.write(buf.array(), 0, buf.position());
        }
    }
}
