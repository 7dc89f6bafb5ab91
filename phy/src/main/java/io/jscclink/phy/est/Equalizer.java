package io.jscclink.phy.est;

/** Equalisers for a flat channel y = h·x + n, n ~ CN(0, σ²), unit-power x. */
public enum Equalizer {
    /** Zero forcing: x̂ = y / ĥ. Unbiased; noise enhanced by 1/|ĥ|². */
    ZF,
    /** Linear MMSE for unit-power x: x̂ = ĥ*·y / (|ĥ|² + σ²). Biased towards 0, smaller mean-square error. */
    MMSE;

    /**
     * Equalises one symbol.
     *
     * @param out receives x̂ at {@code out[index]}, {@code out[index+1]}
     */
    public void apply(float yRe, float yIm, double hRe, double hIm, double noiseVariance, float[] out, int index) {
        double g2 = hRe * hRe + hIm * hIm;
        double den = this == ZF ? g2 : g2 + noiseVariance;
        if (!(den > 0)) {
            out[index] = 0;
            out[index + 1] = 0;
            return;
        }
        out[index] = (float) ((hRe * yRe + hIm * yIm) / den);
        out[index + 1] = (float) ((hRe * yIm - hIm * yRe) / den);
    }
}
