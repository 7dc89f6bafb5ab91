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

    private final int half;
    private final int taps;
    /** [phase][u] = g(μ + half − u), u = 0 … 2·half, μ = phase/PHASES. */
    private final float[] bank;

    public MatchedFilter(int sps, int span, double rollOff) {
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
        float re = 0;
        float im = 0;
        for (int u = 0; u < taps; u++) {
            float w = bank[b + u];
            re += w * iq[first + 2 * u];
            im += w * iq[first + 2 * u + 1];
        }
        out[index] = re;
        out[index + 1] = im;
    }
}
