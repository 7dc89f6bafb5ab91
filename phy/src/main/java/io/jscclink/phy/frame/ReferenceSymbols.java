package io.jscclink.phy.frame;

/**
 * The known symbols of a frame, all of unit magnitude: the preamble (a 4-symbol Zadoff–Chu
 * segment repeated R times, then 64 pseudo-random BPSK symbols), the pilots (pseudo-random QPSK
 * indexed by pilot number within the frame) and the payload of {@link PayloadType#KNOWN} frames
 * (pseudo-random QPSK indexed by payload symbol). Deterministic: both ends compute them.
 */
public final class ReferenceSymbols {
    /** Length of the repeated short-training segment, symbols. */
    public static final int SEGMENT_SYMBOLS = 4;
    /** Length of the long-training part that follows the repetitions, symbols. */
    public static final int LONG_SYMBOLS = 64;
    private static final double QPSK = Math.sqrt(0.5);

    private ReferenceSymbols() {}

    /** Preamble length in symbols for R repetitions: 4·R + 64. */
    public static int preambleSymbols(int repetitions) {
        return SEGMENT_SYMBOLS * repetitions + LONG_SYMBOLS;
    }

    /** Writes the preamble's symbols (interleaved) at out[2·offset…]. */
    public static void preamble(int repetitions, float[] out, int offset) {
        for (int r = 0; r < repetitions; r++) {
            for (int n = 0; n < SEGMENT_SYMBOLS; n++) {
                // Zadoff–Chu, even length: exp(−jπ n²/N), flat spectrum, zero periodic autocorrelation.
                double phase = -Math.PI * n * n / SEGMENT_SYMBOLS;
                int i = offset + r * SEGMENT_SYMBOLS + n;
                out[2 * i] = (float) Math.cos(phase);
                out[2 * i + 1] = (float) Math.sin(phase);
            }
        }
        int base = offset + SEGMENT_SYMBOLS * repetitions;
        for (int n = 0; n < LONG_SYMBOLS; n++) {
            out[2 * (base + n)] = (mix(0x5eedL + n) & 1) == 0 ? 1f : -1f;
            out[2 * (base + n) + 1] = 0f;
        }
    }

    /** Pilot number {@code index} of a frame (QPSK), written at out[i], out[i+1]. */
    public static void pilot(int index, float[] out, int i) {
        qpsk(mix(0x9110_7000_0000L + index), out, i);
    }

    /** Payload symbol {@code index} of a KNOWN frame (QPSK), written at out[i], out[i+1]. */
    public static void known(int index, float[] out, int i) {
        qpsk(mix(0x4b4e_0000_0000L + index), out, i);
    }

    private static void qpsk(long bits, float[] out, int i) {
        out[i] = (float) ((bits & 1) == 0 ? QPSK : -QPSK);
        out[i + 1] = (float) ((bits & 2) == 0 ? QPSK : -QPSK);
    }

    /** SplitMix64 finaliser: a fixed pseudo-random function of the index. */
    private static long mix(long z) {
        z += 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
