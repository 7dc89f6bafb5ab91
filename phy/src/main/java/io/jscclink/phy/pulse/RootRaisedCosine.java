package io.jscclink.phy.pulse;

/**
 * Root-raised-cosine pulse. {@link #taps} samples it at {@code sps} samples per symbol over
 * {@code span} symbols (span·sps+1 taps, centre tap at span·sps/2) with unit energy, so that
 * the cascade of two filters has unit gain at the symbol instant (a raised cosine, Nyquist).
 */
public final class RootRaisedCosine {
    private RootRaisedCosine() {}

    /** Unnormalised RRC impulse response at t symbol periods (peak 1 − α + 4α/π at t = 0). */
    public static double value(double t, double rollOff) {
        double a = rollOff;
        if (Math.abs(t) < 1e-9) {
            return 1 - a + 4 * a / Math.PI;
        }
        double x = 4 * a * t;
        if (Math.abs(Math.abs(x) - 1) < 1e-9) {
            return a / Math.sqrt(2) * ((1 + 2 / Math.PI) * Math.sin(Math.PI / (4 * a))
                    + (1 - 2 / Math.PI) * Math.cos(Math.PI / (4 * a)));
        }
        return (Math.sin(Math.PI * t * (1 - a)) + 4 * a * t * Math.cos(Math.PI * t * (1 + a)))
                / (Math.PI * t * (1 - x * x));
    }

    /** Energy normalisation: 1/sqrt(Σ value(k/sps)²) over the span·sps+1 taps. */
    public static double normalisation(int sps, int span, double rollOff) {
        int half = span * sps / 2;
        double e = 0;
        for (int k = -half; k <= half; k++) {
            double v = value((double) k / sps, rollOff);
            e += v * v;
        }
        return 1 / Math.sqrt(e);
    }

    /** span·sps+1 unit-energy taps. */
    public static double[] taps(int sps, int span, double rollOff) {
        int half = span * sps / 2;
        double norm = normalisation(sps, span, rollOff);
        double[] h = new double[2 * half + 1];
        for (int k = -half; k <= half; k++) {
            h[k + half] = norm * value((double) k / sps, rollOff);
        }
        return h;
    }
}
