package io.jscclink.phy.fft;

import io.jscclink.phy.simd.Simd;
import io.jscclink.phy.simd.SimdKernels;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * FFT cross-correlation of a window of IQ with a known template split into equal sub-blocks,
 * combined non-coherently, so that a carrier offset that turns the phase by up to about a
 * quarter turn per sub-block costs little. The JTransforms plans are built at construction; the
 * template spectra are precomputed; {@link #correlate} allocates nothing.
 *
 * <p>For lag d the normalised metric is (1/B)·Σ_i |c_i(d)|² / (E_i·W_i(d)), where c_i is the
 * correlation with sub-block i, E_i its energy and W_i(d) the window energy under it; it lies in
 * [0, 1] and under white noise its mean is 1/(sub-block length).
 *
 * <p>Each sub-block needs only the stretch of the window its lags reach, so the FFTs are sized
 * for a group of neighbouring sub-blocks (block length · group + lags − 1) rather than the whole
 * window: one forward FFT per group, one inverse per sub-block. For the preamble (8 sub-blocks
 * of 66 samples, 226 lags) that is 2 forward and 8 inverse FFTs of 512 instead of 1 + 8 of
 * 1024, half the time (FFTs of 1024 took 15 µs each, 45 % of a short frame's receive time).
 *
 * <p>{@link #correlateDirect} computes the same quantities by direct sums, with the lags on SIMD
 * lanes: for a few dozen lags far cheaper than the ten FFTs (a JTransforms FFT of 512 points
 * takes ~4 µs here), which is how the receiver searches first near where the detector expects
 * the preamble.
 *
 * <p>Not thread-safe: scratch arrays are owned by the caller's thread.
 */
public final class PreambleCorrelator {
    /** Floats past the end that a SIMD lane group may touch. */
    private static final int PAD = 32;
    private final int fftSize;
    private final int templateSamples;
    private final int blocks;
    private final int blockSamples;
    private final int maxLags;
    /** Sub-blocks that share one forward FFT of the window. */
    private final int group;
    private final FloatFFT_1D fft;
    private final float[][] templateSpectra;
    private final double[] templateEnergy;
    private final float[] spectrum;
    private final float[] work;
    private final double[] prefixEnergy;
    private final float[] metric;
    private final float[][] blockCorrelations;
    /** Each sub-block of the template in the time domain, I and Q apart, for {@link #correlateDirect}. */
    private final float[][] blockRe;
    private final float[][] blockIm;
    private final float[] windowRe;
    private final float[] windowIm;
    private final float[] directRe;
    private final float[] directIm;

    /**
     * @param template interleaved IQ of the known waveform
     * @param maxLags lags the window must be searched over (window = template + lags − 1)
     */
    public PreambleCorrelator(float[] template, int templateSamples, int blocks, int maxLags) {
        if (blocks < 1 || templateSamples < blocks) {
            throw new IllegalArgumentException("blocks must be in [1, templateSamples=" + templateSamples + "], got " + blocks);
        }
        if (maxLags < 1) {
            throw new IllegalArgumentException("maxLags must be >= 1, got " + maxLags);
        }
        this.templateSamples = templateSamples;
        this.blocks = blocks;
        this.blockSamples = templateSamples / blocks;
        this.maxLags = maxLags;
        // The smallest power of two that holds one sub-block's reach, then as many sub-blocks
        // per forward FFT as fit in it.
        this.fftSize = Integer.highestOneBit(blockSamples + maxLags - 1) << 1;
        this.group = Math.max(1, Math.min(blocks, (fftSize - maxLags + 1) / blockSamples));
        this.fft = new FloatFFT_1D(fftSize);
        this.templateSpectra = new float[blocks][];
        this.templateEnergy = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            float[] t = new float[2 * fftSize];
            double e = 0;
            int at = (b % group) * blockSamples; // where the block sits in its group's segment
            for (int n = 0; n < blockSamples; n++) {
                float re = template[2 * (b * blockSamples + n)];
                float im = template[2 * (b * blockSamples + n) + 1];
                t[2 * (at + n)] = re;
                t[2 * (at + n) + 1] = im;
                e += (double) re * re + (double) im * im;
            }
            fft.complexForward(t);
            for (int k = 0; k < fftSize; k++) {
                t[2 * k + 1] = -t[2 * k + 1]; // conjugate
            }
            templateSpectra[b] = t;
            templateEnergy[b] = e;
        }
        int maxWindow = templateSamples + maxLags - 1;
        this.spectrum = new float[2 * fftSize];
        this.work = new float[2 * fftSize];
        this.prefixEnergy = new double[maxWindow + 1];
        this.metric = new float[maxLags];
        this.blockCorrelations = new float[blocks][2 * maxLags];
        // Even lengths (a zero after an odd block): the SIMD kernel takes two terms per step.
        this.blockRe = new float[blocks][(blockSamples + 1) & ~1];
        this.blockIm = new float[blocks][(blockSamples + 1) & ~1];
        for (int b = 0; b < blocks; b++) {
            for (int n = 0; n < blockSamples; n++) {
                blockRe[b][n] = template[2 * (b * blockSamples + n)];
                blockIm[b][n] = template[2 * (b * blockSamples + n) + 1];
            }
        }
        this.windowRe = new float[maxWindow + PAD];
        this.windowIm = new float[maxWindow + PAD];
        this.directRe = new float[maxLags + PAD];
        this.directIm = new float[maxLags + PAD];
    }

    /** Largest window (samples) {@link #correlate} accepts: the template plus maxLags − 1. */
    public int maxWindowSamples() {
        return templateSamples + maxLags - 1;
    }

    public int blockSamples() {
        return blockSamples;
    }

    public int blocks() {
        return blocks;
    }

    /**
     * Correlates a window of {@code samples} samples; lags 0 … samples − templateSamples.
     *
     * @return the number of lags computed; read them with {@link #metric(int)}
     */
    public int correlate(float[] window, int offset, int samples) {
        int lags = prepare(window, offset, samples);
        for (int first = 0; first < blocks; first += group) {
            // The window's stretch that this group's sub-blocks reach at lags 0 … lags − 1.
            int start = first * blockSamples;
            int last = Math.min(blocks, first + group);
            int length = Math.min(samples - start, (last - first) * blockSamples + lags - 1);
            java.util.Arrays.fill(spectrum, 2 * length, 2 * fftSize, 0f);
            System.arraycopy(window, 2 * (offset + start), spectrum, 0, 2 * length);
            fft.complexForward(spectrum);
            for (int b = first; b < last; b++) {
                float[] t = templateSpectra[b];
                for (int k = 0; k < fftSize; k++) {
                    float ar = spectrum[2 * k];
                    float ai = spectrum[2 * k + 1];
                    float br = t[2 * k];
                    float bi = t[2 * k + 1];
                    work[2 * k] = ar * br - ai * bi;
                    work[2 * k + 1] = ar * bi + ai * br;
                }
                fft.complexInverse(work, true);
                // Keep the whole correlation of this block for the phase read-out at the peak.
                System.arraycopy(work, 0, blockCorrelations[b], 0, 2 * lags);
                addToMetric(b, work, lags);
            }
        }
        return lags;
    }

    /** Checks the window's size, fills the prefix energies and clears the metric; returns the lags. */
    private int prepare(float[] window, int offset, int samples) {
        if (samples > maxWindowSamples() || samples < templateSamples) {
            throw new IllegalArgumentException("window must hold [" + templateSamples + ", "
                    + maxWindowSamples() + "] samples, got " + samples);
        }
        prefixEnergy[0] = 0;
        for (int n = 0; n < samples; n++) {
            double re = window[2 * (offset + n)];
            double im = window[2 * (offset + n) + 1];
            prefixEnergy[n + 1] = prefixEnergy[n] + re * re + im * im;
        }
        int lags = samples - templateSamples + 1;
        java.util.Arrays.fill(metric, 0, lags, 0f);
        return lags;
    }

    /** metric[d] += |c_b(d)|²/(E_b·W_b(d)·blocks) for sub-block b's interleaved correlation c. */
    private void addToMetric(int b, float[] c, int lags) {
        int blockStart = b * blockSamples;
        for (int d = 0; d < lags; d++) {
            double c2 = (double) c[2 * d] * c[2 * d] + (double) c[2 * d + 1] * c[2 * d + 1];
            double we = prefixEnergy[d + blockStart + blockSamples] - prefixEnergy[d + blockStart];
            if (we > 0) {
                metric[d] += (float) (c2 / (templateEnergy[b] * we * blocks));
            }
        }
    }

    /**
     * The same as {@link #correlate} by direct sums (lags on SIMD lanes where the JVM has the
     * Vector API): cheaper for a short window, a few dozen lags.
     *
     * @return the number of lags computed
     */
    public int correlateDirect(float[] window, int offset, int samples) {
        int lags = prepare(window, offset, samples);
        for (int n = 0; n < samples; n++) {
            windowRe[n] = window[2 * (offset + n)];
            windowIm[n] = window[2 * (offset + n) + 1];
        }
        for (int b = 0; b < blocks; b++) {
            int start = b * blockSamples;
            if (Simd.available()) {
                SimdKernels.crossCorrelate(windowRe, windowIm, start, blockRe[b], blockIm[b], blockRe[b].length, lags,
                        directRe, directIm);
            } else {
                for (int d = 0; d < lags; d++) {
                    float re = 0;
                    float im = 0;
                    for (int k = 0; k < blockSamples; k++) {
                        float xr = windowRe[start + d + k];
                        float xi = windowIm[start + d + k];
                        re += xr * blockRe[b][k] + xi * blockIm[b][k];
                        im += xi * blockRe[b][k] - xr * blockIm[b][k];
                    }
                    directRe[d] = re;
                    directIm[d] = im;
                }
            }
            float[] out = blockCorrelations[b];
            for (int d = 0; d < lags; d++) {
                out[2 * d] = directRe[d];
                out[2 * d + 1] = directIm[d];
            }
            addToMetric(b, out, lags);
        }
        return lags;
    }

    /**
     * Sub-block b's own normalised metric |c_b(d)|²/(E_b·W_b(d)) of the last correlation, in
     * [0, 1], noise mean 1/(sub-block length): whether that part of the template is present.
     */
    public double blockMetric(int b, int d) {
        double re = blockCorrelations[b][2 * d];
        double im = blockCorrelations[b][2 * d + 1];
        int start = b * blockSamples;
        double we = prefixEnergy[d + start + blockSamples] - prefixEnergy[d + start];
        return we > 0 ? (re * re + im * im) / (templateEnergy[b] * we) : 0;
    }

    /** Normalised metric at lag d of the last {@link #correlate}. */
    public float metric(int d) {
        return metric[d];
    }

    /** Real part of sub-block b's correlation at lag d (either method). */
    public float blockRe(int b, int d) {
        return blockCorrelations[b][2 * d];
    }

    /** Imaginary part of sub-block b's correlation at lag d. */
    public float blockIm(int b, int d) {
        return blockCorrelations[b][2 * d + 1];
    }
}
