package io.jscclink.phy.frame;

/**
 * Rate-1/3 convolutional code, constraint length 7, generators 133, 171, 165 (octal; the LTE
 * code), terminated with 6 zero tail bits, and its soft-decision Viterbi decoder (free distance
 * 15). Used for the header, so that it decodes at 0 dB Es/N0 with BPSK.
 *
 * <p>Not thread-safe: the decoder's survivor memory is reused between calls.
 */
public final class ConvolutionalCode {
    public static final int CONSTRAINT = 7;
    public static final int TAIL = CONSTRAINT - 1;
    private static final int STATES = 1 << TAIL;
    private static final int[] GENERATORS = {0133, 0171, 0165};
    public static final int RATE_INVERSE = GENERATORS.length;

    /** Output bits for register value reg (input bit at bit 6), packed as 3 bits. */
    private static final int[] OUTPUTS = new int[2 * STATES];

    static {
        for (int g : GENERATORS) {
            if ((g & (1 << TAIL)) == 0) {
                throw new AssertionError("the butterfly decoder needs every generator to tap the input bit");
            }
        }
        for (int reg = 0; reg < 2 * STATES; reg++) {
            int o = 0;
            for (int g = 0; g < GENERATORS.length; g++) {
                o |= (Integer.bitCount(reg & GENERATORS[g]) & 1) << g;
            }
            OUTPUTS[reg] = o;
        }
    }

    private final int maxInfoBits;
    private final byte[] decisions;
    private float[] metric = new float[STATES];
    private float[] next = new float[STATES];
    private final float[] branch = new float[8];

    public ConvolutionalCode(int maxInfoBits) {
        this.maxInfoBits = maxInfoBits;
        this.decisions = new byte[(maxInfoBits + TAIL) * STATES];
    }

    /** Coded bits for n information bits: 3·(n + 6). */
    public static int codedBits(int infoBits) {
        return RATE_INVERSE * (infoBits + TAIL);
    }

    /** Encodes unpacked bits (0/1 per byte) and the zero tail. */
    public static void encode(byte[] info, int n, byte[] coded) {
        int state = 0;
        for (int t = 0; t < n + TAIL; t++) {
            int bit = t < n ? info[t] : 0;
            int reg = (bit << TAIL) | state;
            int o = OUTPUTS[reg];
            for (int g = 0; g < RATE_INVERSE; g++) {
                coded[RATE_INVERSE * t + g] = (byte) ((o >>> g) & 1);
            }
            state = reg >>> 1;
        }
    }

    /**
     * Maximum-likelihood decoding of 3·(n+6) LLRs (positive = bit 0) into n bits.
     *
     * @throws IllegalArgumentException if n exceeds the size given at construction
     */
    public void decode(float[] llr, int llrOffset, int n, byte[] info) {
        if (n > maxInfoBits) {
            throw new IllegalArgumentException("n must be in [0, " + maxInfoBits + "], got " + n);
        }
        java.util.Arrays.fill(metric, -1e30f);
        metric[0] = 0;
        int steps = n + TAIL;
        for (int t = 0; t < steps; t++) {
            int base = llrOffset + RATE_INVERSE * t;
            // Correlation metric of each of the 8 output patterns: Σ ±llr with + for a 0 bit.
            for (int o = 0; o < 8; o++) {
                float m = 0;
                for (int g = 0; g < RATE_INVERSE; g++) {
                    float l = llr[base + g];
                    m += ((o >>> g) & 1) == 0 ? l : -l;
                }
                branch[o] = m;
            }
            int row = t * STATES;
            // Butterflies: states 2i and 2i+1 lead to i (input 0) and i+32 (input 1). Every
            // generator taps the input bit, so input 1 flips all three outputs and its branch
            // metric is the negative of input 0's.
            for (int i = 0; i < STATES / 2; i++) {
                float a = metric[2 * i];
                float b = metric[2 * i + 1];
                float ba = branch[OUTPUTS[2 * i]];
                float bb = branch[OUTPUTS[2 * i + 1]];
                // Branch-free selects (conditional moves): the decisions are coin flips to
                // the branch predictor.
                float m0 = a + ba;
                float m1 = b + bb;
                boolean d = m1 > m0;
                next[i] = d ? m1 : m0;
                decisions[row + i] = (byte) (d ? 1 : 0);
                float n0 = a - ba;
                float n1 = b - bb;
                boolean e = n1 > n0;
                next[i + STATES / 2] = e ? n1 : n0;
                decisions[row + i + STATES / 2] = (byte) (e ? 1 : 0);
            }
            float[] swap = metric;
            metric = next;
            next = swap;
            if ((t & 7) == 7) {
                float max = metric[0];
                for (int s = 1; s < STATES; s++) {
                    max = Math.max(max, metric[s]);
                }
                for (int s = 0; s < STATES; s++) {
                    metric[s] -= max; // keep metrics bounded
                }
            }
        }
        int state = 0; // terminated trellis ends in state 0
        for (int t = steps - 1; t >= 0; t--) {
            int bit = state >>> (TAIL - 1);
            if (t < n) {
                info[t] = (byte) bit;
            }
            state = ((state << 1) & (STATES - 1)) | decisions[t * STATES + state];
        }
    }
}
