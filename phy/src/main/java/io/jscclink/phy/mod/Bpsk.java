package io.jscclink.phy.mod;

import java.util.Objects;

/**
 * BPSK for bit payloads: bit 0 → +1, bit 1 → −1 (real axis). Soft output is the log-likelihood
 * ratio LLR = ln P(b=0|y)/P(b=1|y) = 4·Re(ĥ*·y)/σ² for y = h·s + n, n ~ CN(0, σ²): positive
 * means bit 0, its magnitude the confidence.
 */
public final class Bpsk {
    private Bpsk() {}

    /**
     * Maps unpacked bits (one per byte, 0 or 1) to interleaved complex symbols.
     *
     * @throws IllegalArgumentException for a byte other than 0 or 1, naming its index
     */
    public static void map(byte[] bits, int offset, int count, float[] symbols, int symOffset) {
        Objects.checkFromIndexSize(offset, count, bits.length);
        Objects.checkFromIndexSize(2 * symOffset, 2 * count, symbols.length);
        for (int i = 0; i < count; i++) {
            byte b = bits[offset + i];
            if (b != 0 && b != 1) {
                throw new IllegalArgumentException("bits must be 0 or 1, got " + b + " at index " + (offset + i));
            }
            symbols[2 * (symOffset + i)] = b == 0 ? 1f : -1f;
            symbols[2 * (symOffset + i) + 1] = 0f;
        }
    }

    /** The factor 4/σ² of {@link #llr} for complex noise variance σ² (one division per frame, not per bit). */
    public static double llrScale(double noiseVariance) {
        return 4 / noiseVariance;
    }

    /** LLR 4·Re(h*·y)/σ² of one received symbol y with channel gain h; scale = {@link #llrScale}(σ²). */
    public static float llr(float yRe, float yIm, double hRe, double hIm, double scale) {
        return (float) (scale * (hRe * yRe + hIm * yIm));
    }

    /** Hard decision from an LLR: 0 when LLR ≥ 0, else 1. */
    public static byte hard(float llr) {
        return llr >= 0 ? (byte) 0 : (byte) 1;
    }
}
