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
    /** OUTPUTS of registers 2i and 2i + 1 (input 0 from states 2i, 2i + 1), by butterfly i. */
    private static final int[] OUTPUT_EVEN = new int[STATES / 2];
    private static final int[] OUTPUT_ODD = new int[STATES / 2];

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
        for (int i = 0; i < STATES / 2; i++) {
            OUTPUT_EVEN[i] = OUTPUTS[2 * i];
            OUTPUT_ODD[i] = OUTPUTS[2 * i + 1];
        }
    }

    private final int maxInfoBits;
    /** Survivor decisions, one bit per state and step: bit s of decisions[t]. */
    private final long[] decisions;
    private final float[] metric = new float[STATES];
    private final float[] next = new float[STATES];
    private final float[] branch = new float[8];

    public ConvolutionalCode(int maxInfoBits) {
        this.maxInfoBits = maxInfoBits;
        this.decisions = new long[maxInfoBits + TAIL];
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
        if (decodeErrorFree(llr, llrOffset, n, info)) {
            return;
        }
        float[] metric = this.metric;
        float[] next = this.next;
        float[] branch = this.branch;
        long[] decisions = this.decisions;
        java.util.Arrays.fill(metric, -1e30f);
        metric[0] = 0;
        int steps = n + TAIL;
        for (int t = 0; t < steps; t++) {
            int base = llrOffset + RATE_INVERSE * t;
            // Correlation metric of each of the 8 output patterns: Σ ±llr with + for a 0 bit.
            float l0 = llr[base];
            float l1 = llr[base + 1];
            float l2 = llr[base + 2];
            for (int o = 0; o < 8; o++) {
                branch[o] = ((o & 1) == 0 ? l0 : -l0) + ((o & 2) == 0 ? l1 : -l1)
                        + ((o & 4) == 0 ? l2 : -l2);
            }
            // Butterflies: states 2i and 2i+1 lead to i (input 0) and i+32 (input 1). Every
            // generator taps the input bit, so input 1 flips all three outputs and its branch
            // metric is the negative of input 0's. Selects are branch-free (the decisions are
            // coin flips to a branch predictor); the 64 decisions of a step pack into one long.
            long low = 0;
            long high = 0;
            for (int i = 0; i < STATES / 2; i++) {
                float a = metric[2 * i];
                float b = metric[2 * i + 1];
                float ba = branch[OUTPUT_EVEN[i]];
                float bb = branch[OUTPUT_ODD[i]];
                float m0 = a + ba;
                float m1 = b + bb;
                boolean d = m1 > m0;
                next[i] = d ? m1 : m0;
                low |= (d ? 1L : 0L) << i;
                float n0 = a - ba;
                float n1 = b - bb;
                boolean e = n1 > n0;
                next[i + STATES / 2] = e ? n1 : n0;
                high |= (e ? 1L : 0L) << i;
            }
            decisions[t] = low | (high << (STATES / 2));
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
            state = ((state << 1) & (STATES - 1)) | (int) ((decisions[t] >>> state) & 1);
        }
    }

    /**
     * The fast path of {@link #decode}: follows the encoder from state 0, taking at each step the
     * input bit whose three outputs agree in sign with the LLRs. If every step (tail included)
     * finds one, that codeword attains the largest correlation any sequence can, Σ|llr|, so it is
     * the ML decision the trellis search would return; at the header's usual SNRs it is found
     * for nearly every frame, in one pass over the steps instead of 64 states per step.
     * Otherwise returns false (info may then hold a partial guess; the search overwrites it).
     */
    private static boolean decodeErrorFree(float[] llr, int llrOffset, int n, byte[] info) {
        int state = 0;
        for (int t = 0; t < n + TAIL; t++) {
            int base = llrOffset + RATE_INVERSE * t;
            int hard = 0; // the hard decisions as an output pattern: bit g set for a 1
            for (int g = 0; g < RATE_INVERSE; g++) {
                float l = llr[base + g];
                if (!(l > 0 || l < 0)) {
                    return false; // 0 or NaN: no sign to agree with
                }
                hard |= (l < 0 ? 1 : 0) << g;
            }
            // Input 1 flips all three outputs, so at most one input matches.
            int bit;
            if (OUTPUTS[state] == hard) {
                bit = 0;
            } else if (OUTPUTS[(1 << TAIL) | state] == hard && t < n) {
                bit = 1;
            } else {
                return false;
            }
            if (t < n) {
                info[t] = (byte) bit;
            }
            state = ((bit << TAIL) | state) >>> 1;
        }
        return true;
    }
}
