package io.jscclink.phy.sync;

import io.jscclink.phy.channel.ChannelConfig;
import io.jscclink.phy.channel.ChannelSimulator;
import io.jscclink.phy.frame.FrameBuilder;
import io.jscclink.phy.frame.PhyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test harness: frames → {@link ChannelSimulator} (with noise gaps between bursts) → receiver
 * fed in blocks of random size. SNRs are Es/N0 per symbol: the noise power per sample is
 * N0 = txRms²·sps/EsN0, converted to the simulator's burst-power SNR for each burst.
 */
final class Link {
    final PhyConfig config;
    final FrameBuilder builder;
    final ChannelSimulator channel;
    final FrameReceiver receiver;
    final List<ReceivedFrame> frames = new ArrayList<>();
    final double esN0Db;
    final double noisePower;
    private final SplittableRandom random;
    private final float[] burst;
    private final float[] received;
    long streamSamples;
    private FrameReceiver mirror;

    Link(PhyConfig config, ChannelConfig.Builder channelConfig, double esN0Db, long seed) {
        // The receiver's SIMD path is what these tests check where it is supported: wait until
        // its kernels are compiled (until then the receiver takes its portable path).
        io.jscclink.phy.simd.Simd.awaitWarmUp(120);
        this.config = config;
        this.builder = new FrameBuilder(config);
        this.esN0Db = esN0Db;
        this.noisePower = config.txRms() * config.txRms() * config.samplesPerSymbol() / Math.pow(10, esN0Db / 10);
        this.channel = new ChannelSimulator(channelConfig.snrDb(esN0Db).noisePower(noisePower).seed(seed).build(), 1e6);
        this.receiver = new FrameReceiver(config, frames::add);
        this.random = new SplittableRandom(seed ^ 0x5a5a);
        int max = builder.frameSamples(config.maxPayloadSymbols());
        this.burst = new float[2 * max];
        this.received = new float[2 * (channel.maxOutputSamples(max) + 1)];
    }

    float[] burst() {
        return burst;
    }

    /** Sends the frame in burst[0 … samples) at the link's Es/N0; returns the absolute start sample. */
    long send(int samples) {
        double power = 0;
        for (int i = 0; i < 2 * samples; i++) {
            power += burst[i] * burst[i];
        }
        power /= samples;
        channel.setSnrDb(10 * Math.log10(power / noisePower));
        int out = channel.applyBurst(burst, 0, samples, received, 0);
        long start = streamSamples;
        feed(received, out);
        return start;
    }

    /** Receiver noise only, n samples. */
    void gap(int n) {
        float[] noise = new float[2 * n];
        channel.noiseOnly(noise, 0, n);
        feed(noise, n);
    }

    /** A second receiver that gets every sample the first gets, in the same blocks. */
    void mirror(FrameReceiver other) {
        mirror = other;
    }

    private void feed(float[] iq, int n) {
        int done = 0;
        while (done < n) {
            int block = Math.min(n - done, 1 + random.nextInt(5000));
            receiver.accept(iq, done, block);
            if (mirror != null) {
                mirror.accept(iq, done, block);
            }
            done += block;
        }
        streamSamples += n;
    }
}
