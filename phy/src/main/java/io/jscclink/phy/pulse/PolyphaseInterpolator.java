package io.jscclink.phy.pulse;

import java.util.Objects;

/**
 * Transmit pulse shaping: upsamples complex symbols by sps and filters them with the RRC in
 * polyphase form (output phase p uses taps p, p+sps, p+2·sps, …; no multiplications by the
 * inserted zeros). Symbol k's pulse peaks at output sample k·sps + span·sps/2.
 *
 * <p>Stateless between calls: each call shapes one whole burst including both filter tails.
 */
public final class PolyphaseInterpolator {
    private final int sps;
    private final int taps;
    private final int tapsPerPhase;
    /** [phase][j] = h[p + j·sps]·gain, zero beyond the filter. */
    private final float[] phaseTaps;

    /**
     * @param gain scale of the output: a unit-power symbol stream gives mean sample power
     *     gain²/sps·sps = gain² when the taps are scaled by gain·sqrt(sps)
     */
    public PolyphaseInterpolator(int sps, int span, double rollOff, double rmsOut) {
        this.sps = sps;
        double[] h = RootRaisedCosine.taps(sps, span, rollOff);
        this.taps = h.length;
        this.tapsPerPhase = (taps + sps - 1) / sps;
        this.phaseTaps = new float[sps * tapsPerPhase];
        double scale = rmsOut * Math.sqrt(sps); // unit-energy taps give power 1/sps per sample
        for (int p = 0; p < sps; p++) {
            for (int j = 0; j < tapsPerPhase; j++) {
                int k = p + j * sps;
                phaseTaps[p * tapsPerPhase + j] = k < taps ? (float) (h[k] * scale) : 0f;
            }
        }
    }

    /** Output samples for a burst of n symbols: (n − 1)·sps + taps. */
    public int outputSamples(int symbols) {
        return symbols == 0 ? 0 : (symbols - 1) * sps + taps;
    }

    /**
     * Shapes {@code symbols} complex symbols (interleaved) into {@link #outputSamples} samples.
     *
     * @return samples written
     */
    public int shape(float[] sym, int symOffset, int symbols, float[] out, int outOffset) {
        Objects.checkFromIndexSize(2 * symOffset, 2 * symbols, sym.length);
        int n = outputSamples(symbols);
        Objects.checkFromIndexSize(2 * outOffset, 2 * n, out.length);
        for (int m = 0; m < n; m++) {
            // Output m = k·sps + p gets symbol k − j through tap p + j·sps.
            int k = m / sps;
            int p = m - k * sps;
            int base = p * tapsPerPhase;
            float re = 0;
            float im = 0;
            for (int j = 0; j < tapsPerPhase; j++) {
                int s = k - j;
                if (s < 0) {
                    break;
                }
                if (s < symbols) {
                    float w = phaseTaps[base + j];
                    re += w * sym[2 * (symOffset + s)];
                    im += w * sym[2 * (symOffset + s) + 1];
                }
            }
            out[2 * (outOffset + m)] = re;
            out[2 * (outOffset + m) + 1] = im;
        }
        return n;
    }
}
