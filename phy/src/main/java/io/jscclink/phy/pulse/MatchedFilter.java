package io.jscclink.phy.pulse;

/**
 * Receive matched filter evaluated at arbitrary fractional instants: a bank of the RRC sampled
 * at {@link #PHASES} fractional offsets (timing resolution 1/PHASES sample). With the transmit
 * filter of {@link PolyphaseInterpolator} the cascade is a raised cosine with unit gain (times
 * the transmit amplitude) at the symbol instant.
 *
 * <p>Immutable after construction; {@link #filterAt} allocates nothing.
 */
public final class MatchedFilter {
    public static final int PHASES = 64;

    private final int sps;
    private final int half;
    private final int taps;
    /** [phase][u] = g(μ + half − u), u = 0 … 2·half, μ = phase/PHASES. */
    private final float[] bank;

    public MatchedFilter(int sps, int span, double rollOff) {
        this.sps = sps;
        this.half = span * sps / 2;
        this.taps = 2 * half + 1;
        this.bank = new float[PHASES * taps];
        double norm = RootRaisedCosine.normalisation(sps, span, rollOff);
        for (int p = 0; p < PHASES; p++) {
            double mu = (double) p / PHASES;
            for (int u = 0; u < taps; u++) {
                double x = mu + half - u; // samples from the pulse centre
                bank[p * taps + u] = Math.abs(x) > half ? 0f : (float) (norm * RootRaisedCosine.value(x / sps, rollOff));
            }
        }
    }

    /** Half-length of the filter in samples (span·sps/2); it reads samples t − half … t + half. */
    public int halfLength() {
        return half;
    }

    /**
     * Matched-filter output at local time t (samples, fractional) of an interleaved IQ array.
     * The caller guarantees floor(t) − half ≥ 0 and floor(t) + half + 1 within the array.
     *
     * @param out receives [re, im] at out[index], out[index+1]
     */
    public void filterAt(float[] iq, double t, float[] out, int index) {
        int m = (int) Math.floor(t);
        int phase = (int) Math.round((t - m) * PHASES);
        if (phase == PHASES) {
            m++;
            phase = 0;
        }
        int first = 2 * (m - half);
        int b = phase * taps;
        // Two independent accumulator pairs: halves the dependency chain of the float adds.
        float re0 = 0;
        float im0 = 0;
        float re1 = 0;
        float im1 = 0;
        int u = 0;
        for (; u + 1 < taps; u += 2) {
            float w0 = bank[b + u];
            float w1 = bank[b + u + 1];
            int k = first + 2 * u;
            re0 += w0 * iq[k];
            im0 += w0 * iq[k + 1];
            re1 += w1 * iq[k + 2];
            im1 += w1 * iq[k + 3];
        }
        if (u < taps) {
            float w = bank[b + u];
            re0 += w * iq[first + 2 * u];
            im0 += w * iq[first + 2 * u + 1];
        }
        out[index] = re0 + re1;
        out[index + 1] = im0 + im1;
    }

    /**
     * Matched-filter outputs at {@code count} instants m0 + j·sps + phase/PHASES (j = 0 …),
     * from the polyphase components of the input; the same result as {@link #filterAt} at
     * each instant, where re[p][j], im[p][j] hold sample j·sps + p (the polyphase components
     * of the input). Tap u meets sample m0 − half + u, which lies in one polyphase component
     * for all j, so each tap is one contiguous multiply-add over the run. (HotSpot 17 does not
     * vectorise it: turning superword off with -XX:-UseSuperWord leaves its speed unchanged.)
     *
     * @param accRe scratch of at least count floats (overwritten)
     * @param accIm scratch of at least count floats (overwritten)
     */
    public void filterRun(float[][] re, float[][] im, int m0, int phase, int count, float[] out, int outIndex,
            float[] accRe, float[] accIm) {
        java.util.Arrays.fill(accRe, 0, count, 0f);
        java.util.Arrays.fill(accIm, 0, count, 0f);
        int base = m0 - half;
        int b = phase * taps;
        for (int r = 0; r < sps; r++) {
            int c = base + r;
            float[] xr = re[Math.floorMod(c, sps)];
            float[] xi = im[Math.floorMod(c, sps)];
            int o = Math.floorDiv(c, sps);
            for (int u = r; u < taps; u += sps) {
                float w = bank[b + u];
                int off = o + (u - r) / sps;
                for (int j = 0; j < count; j++) {
                    accRe[j] += w * xr[off + j];
                    accIm[j] += w * xi[off + j];
                }
            }
        }
        for (int j = 0; j < count; j++) {
            out[outIndex + 2 * j] = accRe[j];
            out[outIndex + 2 * j + 1] = accIm[j];
        }
    }
}
