package io.jscclink.phy.pulse;

import io.jscclink.phy.simd.Simd;
import io.jscclink.phy.simd.SimdKernels;

/**
 * The receive matched filter of {@link MatchedFilter} over runs of symbol instants (one output
 * per symbol, one fractional phase), computed tap by tap across the run instead of output by
 * output, so that it runs on SIMD lanes.
 *
 * <p>Why the layout: output j is Σ_u w[u]·x[s0 + j·sps + u]. For a fixed tap u the samples that
 * tap meets are x[s0 + u], x[s0 + u + sps], … — consecutive entries of one polyphase plane (the
 * samples whose index is ≡ s0 + u mod sps). {@link #load} keeps the signal (its carrier
 * removed) split into those planes, I and Q apart, and each tap becomes y[j] += w·plane[base + j].
 *
 * <p>Two engines compute that sum. Once {@link Simd#available()} (the JVM has the Vector API,
 * {@code --add-modules jdk.incubator.vector}, which the launcher and the tests pass, and its
 * kernels are warm) {@link SimdKernels#fir} keeps a block of outputs in registers across all
 * taps, for runs of any length. Otherwise HotSpot's auto-vectoriser does the long runs: it only
 * vectorises the loop when both arrays are indexed by the same j, so each tap's segment is first
 * copied to a scratch array; runs shorter than {@link #MIN_VECTOR_RUN} go through per-output dot
 * products. Measured on the bench machine (AVX2, 49 taps): SIMD ~5–6 ns per output on long runs,
 * ~10 ns on runs of 4–64; auto-vectorised ~20 ns for runs of 2500 and ~100 ns for runs of 64;
 * the dot product ~30 ns.
 *
 * <p>Not thread-safe: the planes and scratch arrays belong to one receiver. Allocation-free after
 * construction.
 */
public final class DecimatingMatchedFilter {
    /** Shortest run given to the auto-vectorised path (measured: break-even near 32 on AVX2). */
    public static final int MIN_VECTOR_RUN = 48;
    /** Floats after each plane that a SIMD block may read past the last output (2 × 16 lanes). */
    private static final int PAD = 32;
    /** Plane entries per block phasor in {@link #load}. */
    private static final int ROTATION_BLOCK = 256;

    /** Whether this filter may take the SIMD path (it does once {@link Simd#available()}). */
    private final boolean allowSimd;
    private final int sps;
    private final int taps;
    private final int half;
    private final int planeLength;
    /** Plane p's sample n at [p·planeLength + n]. */
    private final float[] planeRe;
    private final float[] planeIm;
    private final float[] segmentRe;
    private final float[] segmentIm;
    private final float[] accRe;
    private final float[] accIm;
    /**
     * Per (phase, s0 mod sps), from [(phase·sps + r)·rowLength]: the non-zero taps' weights and where
     * each reads, plane·planeLength + (r + u)/sps, to which a run adds s0/sps (a run's set-up
     * would otherwise cost as much as a short run's filtering).
     */
    private final float[] runWeights;
    private final int[] runOffsets;
    private final int[] runTaps;
    /** Entries per row of the tables: the taps and room for one zero weight. */
    private final int rowLength;
    /** e^{−j2π·f·sps·k}, k &lt; ROTATION_BLOCK, for f = rotationCycles (recomputed when f changes). */
    private final float[] rotationRe = new float[ROTATION_BLOCK];
    private final float[] rotationIm = new float[ROTATION_BLOCK];
    private double rotationCycles = Double.NaN;

    /**
     * @param capacitySamples the most samples a loaded signal holds
     * @param maxRun the most outputs one {@link #filterRun} call computes
     */
    public DecimatingMatchedFilter(MatchedFilter filter, int capacitySamples, int maxRun) {
        this(filter, capacitySamples, maxRun, Simd.supported());
    }

    /**
     * @param allowSimd take the SIMD path once {@link Simd#available()}; false: always the portable one
     * @throws IllegalStateException if SIMD is asked for where it is not supported
     */
    public DecimatingMatchedFilter(MatchedFilter filter, int capacitySamples, int maxRun, boolean allowSimd) {
        if (allowSimd && !Simd.supported()) {
            throw new IllegalStateException("the SIMD matched filter needs the JVM option --add-modules jdk.incubator.vector");
        }
        this.allowSimd = allowSimd;
        this.sps = filter.samplesPerSymbol();
        this.taps = filter.taps();
        this.half = filter.halfLength();
        planeLength = capacitySamples / sps + 1 + PAD;
        planeRe = new float[sps * planeLength];
        planeIm = new float[sps * planeLength];
        segmentRe = new float[maxRun];
        segmentIm = new float[maxRun];
        accRe = new float[maxRun + PAD];
        accIm = new float[maxRun + PAD];
        rowLength = taps + 1;
        runWeights = new float[MatchedFilter.PHASES * sps * rowLength];
        runOffsets = new int[runWeights.length];
        runTaps = new int[MatchedFilter.PHASES * sps];
        for (int phase = 0; phase < MatchedFilter.PHASES; phase++) {
            for (int r = 0; r < sps; r++) {
                int row = phase * sps + r;
                int n = 0;
                for (int u = 0; u < taps; u++) {
                    float w = filter.tap(phase, u);
                    if (w != 0f) {
                        runWeights[row * rowLength + n] = w;
                        runOffsets[row * rowLength + n] = ((r + u) % sps) * planeLength + (r + u) / sps;
                        n++;
                    }
                }
                runTaps[row] = n;
                // A zero weight after the last tap, reading where the first does: the SIMD kernel
                // takes taps in pairs.
                runOffsets[row * rowLength + n] = runOffsets[row * rowLength];
            }
        }
    }

    /** Whether this filter takes the SIMD path now. */
    public boolean simd() {
        return allowSimd && Simd.available();
    }

    /**
     * Takes samples [from, to) of the signal x[i] = iq[src + i]·e^{−j2π·f·i} (f = {@code
     * cyclesPerSample}; zero where src + i &lt; 0, before a stream's first sample) into the planes:
     * the carrier is removed on the way in. Samples before {@code from} stay as an earlier call
     * with the same src and f left them, so a signal that grows is loaded in pieces.
     *
     * <p>Each plane is copied first and rotated after, in place: within a plane consecutive
     * samples are sps apart, so the phasor advances by e^{−j2π·f·sps} per entry, and the rotation
     * is a product of three arrays indexed alike (SIMD lanes). Each block of {@link
     * #ROTATION_BLOCK} plane entries takes one phasor, kept in double (exact for a call's first
     * block, one complex step per further block), times a table within it: no rounding a float
     * could see builds up over the longest frame.
     */
    public void load(float[] iq, int src, int from, int to, double cyclesPerSample) {
        if (cyclesPerSample != rotationCycles) {
            // Every frame has its own carrier offset: the table by a recurrence in double (its
            // error after 256 steps ~1e-14, far below float), not 512 calls of cos and sin.
            double stepRe = Math.cos(-2 * Math.PI * cyclesPerSample * sps);
            double stepIm = Math.sin(-2 * Math.PI * cyclesPerSample * sps);
            double re = 1;
            double im = 0;
            for (int k = 0; k < ROTATION_BLOCK; k++) {
                rotationRe[k] = (float) re;
                rotationIm[k] = (float) im;
                double r = re * stepRe - im * stepIm;
                im = re * stepIm + im * stepRe;
                re = r;
            }
            rotationCycles = cyclesPerSample;
        }
        double blockStepRe = Math.cos(-2 * Math.PI * cyclesPerSample * sps * ROTATION_BLOCK);
        double blockStepIm = Math.sin(-2 * Math.PI * cyclesPerSample * sps * ROTATION_BLOCK);
        for (int p = 0; p < sps; p++) {
            int offset = p * planeLength;
            // Plane p holds samples n·sps + p: entries [first, end) are samples [from, to).
            int first = ceilDiv(from - p, sps);
            int end = ceilDiv(to - p, sps);
            int valid = Math.max(first, Math.min(end, ceilDiv(-src - p, sps)));
            java.util.Arrays.fill(planeRe, offset + first, offset + valid, 0f);
            java.util.Arrays.fill(planeIm, offset + first, offset + valid, 0f);
            int base = 2 * (src + p);
            int stride = 2 * sps;
            for (int n = valid; n < end; n++) {
                planeRe[offset + n] = iq[base + n * stride];
                planeIm[offset + n] = iq[base + n * stride + 1];
            }
            // The first block's phasor exactly, the next ones by one step e^{−j2π·f·sps·B} each
            // (a frame has a few blocks per plane: errors stay near 1e-15).
            double angle = -2 * Math.PI * cyclesPerSample * ((double) (valid - valid % ROTATION_BLOCK) * sps + p);
            double blockRe = Math.cos(angle);
            double blockIm = Math.sin(angle);
            for (int n = valid; n < end; ) {
                int blockStart = n - n % ROTATION_BLOCK;
                int blockEnd = Math.min(end, blockStart + ROTATION_BLOCK);
                float br = (float) blockRe;
                float bi = (float) blockIm;
                int done = simd()
                        ? SimdKernels.rotate(planeRe, planeIm, offset + n, blockEnd - n, rotationRe, rotationIm, n - blockStart, br, bi)
                        : 0;
                rotate(offset + n + done, blockEnd - n - done, n - blockStart + done, br, bi);
                double r = blockRe * blockStepRe - blockIm * blockStepIm;
                blockIm = blockRe * blockStepIm + blockIm * blockStepRe;
                blockRe = r;
                n = blockEnd;
            }
        }
    }

    /** ⌈a / b⌉ for b &gt; 0 and any a. */
    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    /** plane[at + j] ·= (br + j·bi)·rotation[table + j], j &lt; count. */
    private void rotate(int at, int count, int table, float br, float bi) {
        for (int j = 0; j < count; j++) {
            float tr = rotationRe[table + j];
            float ti = rotationIm[table + j];
            float cr = br * tr - bi * ti;
            float ci = br * ti + bi * tr;
            float xr = planeRe[at + j];
            float xi = planeIm[at + j];
            planeRe[at + j] = xr * cr - xi * ci;
            planeIm[at + j] = xr * ci + xi * cr;
        }
    }

    /**
     * Matched-filter outputs at {@code count} instants m0 + j·sps + phase/PHASES (j = 0 …) of the
     * loaded signal, written as [re, im] pairs from out[outIndex]; the same values as {@link
     * MatchedFilter#filterRun} on the loaded array up to float rounding.
     */
    public void filterRun(int m0, int phase, int count, float[] out, int outIndex) {
        int s0 = m0 - half;
        int row = phase * sps + s0 % sps;
        int first = row * rowLength;
        int shift = s0 / sps;
        if (simd()) {
            int evenTaps = (runTaps[row] + 1) & ~1;
            SimdKernels.fir(planeRe, planeIm, runWeights, runOffsets, first, evenTaps, shift, count, accRe, accIm);
        } else if (count >= MIN_VECTOR_RUN) {
            autoVectorised(first, runTaps[row], shift, count);
        } else {
            dotProducts(first, runTaps[row], shift, count);
        }
        for (int j = 0; j < count; j++) {
            out[outIndex + 2 * j] = accRe[j];
            out[outIndex + 2 * j + 1] = accIm[j];
        }
    }

    private void dotProducts(int first, int nonZero, int shift, int count) {
        for (int j = 0; j < count; j++) {
            float re = 0;
            float im = 0;
            for (int t = first; t < first + nonZero; t++) {
                re += runWeights[t] * planeRe[runOffsets[t] + shift + j];
                im += runWeights[t] * planeIm[runOffsets[t] + shift + j];
            }
            accRe[j] = re;
            accIm[j] = im;
        }
    }

    private void autoVectorised(int first, int nonZero, int shift, int count) {
        java.util.Arrays.fill(accRe, 0, count, 0f);
        java.util.Arrays.fill(accIm, 0, count, 0f);
        for (int t = first; t < first + nonZero; t++) {
            float w = runWeights[t];
            System.arraycopy(planeRe, runOffsets[t] + shift, segmentRe, 0, count);
            System.arraycopy(planeIm, runOffsets[t] + shift, segmentIm, 0, count);
            for (int j = 0; j < count; j++) {
                accRe[j] += w * segmentRe[j];
            }
            for (int j = 0; j < count; j++) {
                accIm[j] += w * segmentIm[j];
            }
        }
    }
}
