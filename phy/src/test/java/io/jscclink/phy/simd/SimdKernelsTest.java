package io.jscclink.phy.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The kernels' contracts that their callers rely on (their sums are checked against scalar
 * references through DecimatingMatchedFilter and PreambleCorrelator): the pairwise kernels refuse
 * an odd count, the others do whole vectors and leave the rest, untouched, to the caller.
 */
class SimdKernelsTest {
    @Test
    void pairwiseKernelsRefuseAnOddCountAndTheOthersLeaveTheTailToTheCaller() {
        assumeTrue(Simd.supported());
        float[] a = new float[256];
        float[] b = new float[256];
        var odd = assertThrows(IllegalArgumentException.class,
                () -> SimdKernels.fir(a, b, new float[3], new int[3], 0, 3, 0, 8, new float[64], new float[64]));
        assertTrue(odd.getMessage().contains("taps must be even"), odd.getMessage());
        odd = assertThrows(IllegalArgumentException.class,
                () -> SimdKernels.crossCorrelate(a, b, 0, new float[5], new float[5], 5, 8, new float[64], new float[64]));
        assertTrue(odd.getMessage().contains("n must be even"), odd.getMessage());

        java.util.Arrays.fill(a, 2f);
        float[] tab = new float[256];
        java.util.Arrays.fill(tab, 1f);
        int done = SimdKernels.rotate(a, b, 0, 21, tab, new float[256], 0, 0.5f, 0f);
        assertTrue(done > 0 && done <= 21 && done % 4 == 0, "whole vectors only: " + done);
        assertEquals(1f, a[0]);
        assertEquals(1f, a[done - 1]);
        assertEquals(2f, a[done], "the tail is the caller's");

        float[] s = new float[64];
        java.util.Arrays.fill(s, -7f);
        int steps = SimdKernels.detectorSteps(a, b, 0, 21, 4, 16, s, new float[64], new float[64], new float[64]);
        assertTrue(steps > 0 && steps <= 21 && steps % 4 == 0, "whole vectors only: " + steps);
        assertEquals(-7f, s[steps], "the tail is the caller's");
    }
}
