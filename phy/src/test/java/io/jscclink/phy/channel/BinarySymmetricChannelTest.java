package io.jscclink.phy.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BinarySymmetricChannelTest {
    @Test
    void flipRateMatchesTheCrossoverProbability() {
        // Binomial: std of the flip count sqrt(n p (1-p)); allow 5 sigma.
        int n = 200_000;
        double p = 0.05;
        BinarySymmetricChannel bsc = new BinarySymmetricChannel(p, 9);
        byte[] bits = new byte[n];
        int flips = bsc.applyUnpacked(bits, 0, n);
        int ones = 0;
        for (byte b : bits) {
            ones += b;
        }
        assertEquals(flips, ones);
        assertEquals(n * p, flips, 5 * Math.sqrt(n * p * (1 - p)));

        byte[] packed = new byte[n / 8];
        int packedFlips = bsc.applyPacked(packed, 0, packed.length);
        int set = 0;
        for (byte b : packed) {
            set += Integer.bitCount(b & 0xff);
        }
        assertEquals(packedFlips, set);
        assertEquals(n * p, packedFlips, 5 * Math.sqrt(n * p * (1 - p)));

        boolean[] bools = new boolean[n];
        assertEquals(n * p, new BinarySymmetricChannel(p, 10).apply(bools, 0, n), 5 * Math.sqrt(n * p * (1 - p)));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new BinarySymmetricChannel(0.6, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new BinarySymmetricChannel(0.1, 0).applyUnpacked(new byte[] {2}, 0, 1));
    }
}
