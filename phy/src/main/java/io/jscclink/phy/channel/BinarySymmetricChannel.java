package io.jscclink.phy.channel;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Binary symmetric channel: each bit flips independently with probability {@code
 * crossoverProbability}. Seeded and reproducible; not thread-safe.
 */
public final class BinarySymmetricChannel {
    private final double crossoverProbability;
    private final SplittableRandom random;

    /** @param crossoverProbability flip probability in [0, 0.5] */
    public BinarySymmetricChannel(double crossoverProbability, long seed) {
        if (!(crossoverProbability >= 0 && crossoverProbability <= 0.5)) {
            throw new IllegalArgumentException(
                    "crossoverProbability must be in [0, 0.5], got " + crossoverProbability);
        }
        this.crossoverProbability = crossoverProbability;
        this.random = new SplittableRandom(seed);
    }

    public double crossoverProbability() {
        return crossoverProbability;
    }

    /** Flips bits stored one per boolean. @return the number of flipped bits */
    public int apply(boolean[] bits, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bits.length);
        int flips = 0;
        for (int i = offset; i < offset + length; i++) {
            if (random.nextDouble() < crossoverProbability) {
                bits[i] = !bits[i];
                flips++;
            }
        }
        return flips;
    }

    /** Flips bits stored one per byte as 0 or 1 (other values are rejected). @return flips */
    public int applyUnpacked(byte[] bits, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bits.length);
        for (int i = offset; i < offset + length; i++) {
            if (bits[i] != 0 && bits[i] != 1) {
                throw new IllegalArgumentException("unpacked bits must be 0 or 1, got " + bits[i] + " at index " + i);
            }
        }
        int flips = 0;
        for (int i = offset; i < offset + length; i++) {
            if (random.nextDouble() < crossoverProbability) {
                bits[i] ^= 1;
                flips++;
            }
        }
        return flips;
    }

    /** Flips each of the 8·length bits of packed bytes. @return the number of flipped bits */
    public int applyPacked(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        int flips = 0;
        for (int i = offset; i < offset + length; i++) {
            int mask = 0;
            for (int b = 0; b < 8; b++) {
                if (random.nextDouble() < crossoverProbability) {
                    mask |= 1 << b;
                    flips++;
                }
            }
            data[i] ^= (byte) mask;
        }
        return flips;
    }
}
