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

    int samplesPerSymbol() {
        return sps;
    }

    int taps() {
        return taps;
    }

    /** Weight of tap u (reading sample m − half + u) at fractional phase p. */
    float tap(int phase, int u) {
        return bank[phase * taps + u];
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
        filterRun(iq, m, phase, 1, out, index);
    }

    /**
     * Matched-filter outputs at {@code count} instants m0 + j·sps + phase/PHASES (j = 0 …) of an
     * interleaved IQ array, written as [re, im] pairs from out[outIndex]. Each output is a dot
     * product with four independent accumulator pairs (HotSpot 17 does not vectorise float
     * reductions; independent chains let the adds overlap: 1.5× faster than per-tap
     * multiply-adds over the run, measured).
     */
    public void filterRun(float[] iq, int m0, int phase, int count, float[] out, int outIndex) {
        int b = phase * taps;
        for (int j = 0; j < count; j++) {
            int first = 2 * (m0 + j * sps - half);
            float r0 = 0;
            float i0 = 0;
            float r1 = 0;
            float i1 = 0;
            float r2 = 0;
            float i2 = 0;
            float r3 = 0;
            float i3 = 0;
            int u = 0;
            for (; u + 3 < taps; u += 4) {
                int k = first + 2 * u;
                float w0 = bank[b + u];
                float w1 = bank[b + u + 1];
                float w2 = bank[b + u + 2];
                float w3 = bank[b + u + 3];
                r0 += w0 * iq[k];
                i0 += w0 * iq[k + 1];
                r1 += w1 * iq[k + 2];
                i1 += w1 * iq[k + 3];
                r2 += w2 * iq[k + 4];
                i2 += w2 * iq[k + 5];
                r3 += w3 * iq[k + 6];
                i3 += w3 * iq[k + 7];
            }
            for (; u < taps; u++) {
                float w = bank[b + u];
                r0 += w * iq[first + 2 * u];
                i0 += w * iq[first + 2 * u + 1];
            }
            out[outIndex + 2 * j] = (r0 + r1) + (r2 + r3);
            out[outIndex + 2 * j + 1] = (i0 + i1) + (i2 + i3);
        }
    }
}
