package io.jscclink.phy.simd;

/**
 * Runs every {@link SimdKernels} kernel on shapes like the receiver's (every branch of each)
 * until {@link #ROUNDS_COMPILED} rounds have taken under {@link #COMPILED_NANOS} each — the
 * kernels run compiled by C2 — or a cap is reached. Measured round times: ~300 µs interpreted,
 * 35–60 µs after C1, 1.5–4 µs after C2, which took ~4000 rounds (~0.5 s of one idle core). The
 * fast rounds need not be consecutive: on a busy machine a preempted round is slow however it
 * was compiled. Once per JVM, on its own thread ({@link Simd}).
 */
final class SimdWarmUp {
    private static final long COMPILED_NANOS = 15_000;
    private static final int ROUNDS_COMPILED = 300;
    private static final int MAX_ROUNDS = 30_000;
    private static final long MAX_NANOS = 30_000_000_000L;

    private SimdWarmUp() {}

    /** @return whether the kernels ran compiled before a cap was reached */
    static boolean run() {
        int planeLength = 1024;
        float[] planeRe = new float[4 * planeLength];
        float[] planeIm = new float[4 * planeLength];
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < planeRe.length; i++) {
            planeRe[i] = (float) random.nextGaussian();
            planeIm[i] = (float) random.nextGaussian();
        }
        int taps = 50; // the receiver's 49, padded to even with a zero weight
        float[] weights = new float[taps];
        int[] offsets = new int[taps];
        for (int u = 0; u < taps - 1; u++) {
            weights[u] = (float) Math.cos(0.1 * (u - 24));
            offsets[u] = (u % 4) * planeLength + u / 4;
        }
        float[] accRe = new float[128];
        float[] accIm = new float[128];
        float[] table = new float[256];
        java.util.Arrays.fill(table, 0.5f);
        float[] t = new float[68];
        java.util.Arrays.fill(t, 0.25f);
        float[] s0 = new float[512];
        float[] s1 = new float[512];
        float[] s2 = new float[512];
        float[] s3 = new float[512];
        long start = System.nanoTime();
        int fast = 0;
        for (int round = 0; round < MAX_ROUNDS && fast < ROUNDS_COMPILED && System.nanoTime() - start < MAX_NANOS;
                round++) {
            long t0 = System.nanoTime();
            // 56 outputs: a four-vector, a two-vector and a one-vector block; 4: a pilot group.
            SimdKernels.fir(planeRe, planeIm, weights, offsets, 0, taps, round & 7, 56, accRe, accIm);
            SimdKernels.fir(planeRe, planeIm, weights, offsets, 0, taps, 3, 4, accRe, accIm);
            SimdKernels.rotate(accRe, accIm, 0, 60, table, table, 3, 0.6f, 0.8f);
            SimdKernels.detectorSteps(planeRe, planeIm, 5, 100, 16, 64, s0, s1, s2, s3);
            SimdKernels.crossCorrelate(planeRe, planeIm, 7, t, t, t.length, 32, s0, s1);
            SimdKernels.allFinite(planeRe, 1, 1003);
            if (System.nanoTime() - t0 < COMPILED_NANOS) {
                fast++;
            }
        }
        return fast >= ROUNDS_COMPILED;
    }
}
