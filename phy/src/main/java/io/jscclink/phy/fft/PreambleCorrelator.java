package io.jscclink.phy.fft;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * FFT cross-correlation of a window of IQ with a known template split into equal sub-blocks,
 * combined non-coherently, so that a carrier offset that turns the phase by up to about a
 * quarter turn per sub-block costs little. One JTransforms plan, built at construction; the
 * template spectra are precomputed; {@link #correlate} allocates nothing.
 *
 * <p>For lag d the normalised metric is (1/B)·Σ_i |c_i(d)|² / (E_i·W_i(d)), where c_i is the
 * correlation with sub-block i, E_i its energy and W_i(d) the window energy under it; it lies in
 * [0, 1] and under white noise its mean is 1/(sub-block length).
 *
 * <p>Not thread-safe: scratch arrays are owned by the caller's thread.
 */
public final class PreambleCorrelator {
    private final int fftSize;
    private final int templateSamples;
    private final int blocks;
    private final int blockSamples;
    private final FloatFFT_1D fft;
    private final float[][] templateSpectra;
    private final double[] templateEnergy;
    private final float[] spectrum;
    private final float[] work;
    private final double[] prefixEnergy;
    private final float[] metric;
    private final float[][] blockCorrelations;

    /**
     * @param template interleaved IQ of the known waveform
     * @param maxLags lags the window must be searched over (window = template + lags − 1)
     */
    public PreambleCorrelator(float[] template, int templateSamples, int blocks, int maxLags) {
        if (blocks < 1 || templateSamples < blocks) {
            throw new IllegalArgumentException("blocks must be in [1, templateSamples=" + templateSamples + "], got " + blocks);
        }
        this.templateSamples = templateSamples;
        this.blocks = blocks;
        this.blockSamples = templateSamples / blocks;
        this.fftSize = Integer.highestOneBit(templateSamples + maxLags - 1) << 1;
        this.fft = new FloatFFT_1D(fftSize);
        this.templateSpectra = new float[blocks][];
        this.templateEnergy = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            float[] t = new float[2 * fftSize];
            double e = 0;
            for (int n = b * blockSamples; n < (b + 1) * blockSamples; n++) {
                t[2 * n] = template[2 * n];
                t[2 * n + 1] = template[2 * n + 1];
                e += (double) t[2 * n] * t[2 * n] + (double) t[2 * n + 1] * t[2 * n + 1];
            }
            fft.complexForward(t);
            for (int k = 0; k < fftSize; k++) {
                t[2 * k + 1] = -t[2 * k + 1]; // conjugate
            }
            templateSpectra[b] = t;
            templateEnergy[b] = e;
        }
        this.spectrum = new float[2 * fftSize];
        this.work = new float[2 * fftSize];
        this.prefixEnergy = new double[fftSize + 1];
        this.metric = new float[fftSize];
        this.blockCorrelations = new float[blocks][2 * fftSize];
    }

    /** Largest window (samples) {@link #correlate} accepts. */
    public int maxWindowSamples() {
        return fftSize;
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
        if (samples > fftSize || samples < templateSamples) {
            throw new IllegalArgumentException("window must hold [" + templateSamples + ", " + fftSize
                    + "] samples, got " + samples);
        }
        java.util.Arrays.fill(spectrum, 0f);
        System.arraycopy(window, 2 * offset, spectrum, 0, 2 * samples);
        prefixEnergy[0] = 0;
        for (int n = 0; n < fftSize; n++) {
            double re = spectrum[2 * n];
            double im = spectrum[2 * n + 1];
            prefixEnergy[n + 1] = prefixEnergy[n] + re * re + im * im;
        }
        fft.complexForward(spectrum);
        int lags = samples - templateSamples + 1;
        java.util.Arrays.fill(metric, 0, lags, 0f);
        for (int b = 0; b < blocks; b++) {
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
            int start = b * blockSamples;
            for (int d = 0; d < lags; d++) {
                double c2 = (double) work[2 * d] * work[2 * d] + (double) work[2 * d + 1] * work[2 * d + 1];
                double we = prefixEnergy[d + start + blockSamples] - prefixEnergy[d + start];
                if (we > 0) {
                    metric[d] += (float) (c2 / (templateEnergy[b] * we * blocks));
                }
            }
            // Keep the whole correlation of this block for the phase read-out at the peak.
            System.arraycopy(work, 0, blockCorrelations[b], 0, 2 * lags);
        }
        return lags;
    }

    /** Normalised metric at lag d of the last {@link #correlate}. */
    public float metric(int d) {
        return metric[d];
    }

    /** Real part of sub-block b's correlation at lag d. */
    public float blockRe(int b, int d) {
        return blockCorrelations[b][2 * d];
    }

    /** Imaginary part of sub-block b's correlation at lag d. */
    public float blockIm(int b, int d) {
        return blockCorrelations[b][2 * d + 1];
    }
}
