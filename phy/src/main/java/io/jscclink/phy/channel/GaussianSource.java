package io.jscclink.phy.channel;

import java.util.SplittableRandom;

/**
 * Seeded standard normal samples (Marsaglia polar method: no trigonometry, two values per
 * accepted pair). Not thread-safe: one instance per thread.
 */
public final class GaussianSource {
    private final SplittableRandom random;
    private double spare;
    private boolean hasSpare;

    public GaussianSource(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** One N(0,1) sample. */
    public double next() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u;
        double v;
        double s;
        do {
            u = 2.0 * random.nextDouble() - 1.0;
            v = 2.0 * random.nextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double factor = Math.sqrt(-2.0 * Math.log(s) / s);
        spare = v * factor;
        hasSpare = true;
        return u * factor;
    }

    /** Uniform in [0, 1), from the same stream. */
    public double nextUniform() {
        return random.nextDouble();
    }
}
