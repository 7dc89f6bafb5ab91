package io.jscclink.phy.est;

/**
 * SNR estimators for y_k = h·x_k + n_k with unit-power symbols, n ~ CN(0, σ²); SNR = |h|²/σ²
 * (per symbol, Es/N0 after the matched filter).
 *
 * <p>Data-aided (known x_k, N symbols): the maximum-likelihood estimates are ĥ = (1/N)Σ y x*
 * and σ̂²_ML = (1/N)Σ|y − ĥx|². This class removes their small-sample bias: σ̂² = N/(N−1)·σ̂²_ML
 * and Ŝ = |ĥ|² − σ̂²/N. Valid from about −10 dB (N ≥ 100) up to the ISI floor of the pulse
 * (≈ 40 dB). Cramér–Rao bound: var(ρ̂) ≥ (2ρ + ρ²)/N ({@link #dataAidedCrb}).
 *
 * <p>Non-data-aided M2M4 for constant-modulus symbols: M2 = E|y|², M4 = E|y|⁴,
 * S = sqrt(2·M2² − M4), N = M2 − S. Valid for PSK from about 0 dB; biased and noisy below, and
 * meaningless for Gaussian-like (analog) symbols.
 */
public final class SnrEstimator {
    private SnrEstimator() {}

    /**
     * Result of a data-aided estimate from {@code symbols} known symbols: gain, noise variance,
     * signal power, SNR.
     */
    public record Estimate(double gainRe, double gainIm, double noiseVariance, double signalPower, int symbols) {
        /**
         * SNR in dB, floored at 1/symbols (−10·log10 N): below that the signal is under the noise
         * of |ĥ|² itself and the bias-corrected power can be ≤ 0, which has no dB value.
         */
        public double snrDb() {
            return 10 * Math.log10(Math.max(signalPower / noiseVariance, 1.0 / symbols));
        }
    }

    /**
     * Data-aided estimate from n pairs (y, x) of interleaved arrays with unit-magnitude x.
     * {@code y[2·yIdx[i]]}, {@code x[2·xIdx[i]]} style indexing is avoided: both arrays are
     * read at 2·(offset + i).
     */
    public static Estimate dataAided(float[] y, int yOffset, float[] x, int xOffset, int n) {
        if (n < 2) {
            throw new IllegalArgumentException("data-aided SNR needs n >= 2 known symbols, got " + n);
        }
        double hRe = 0;
        double hIm = 0;
        for (int i = 0; i < n; i++) {
            double yr = y[2 * (yOffset + i)];
            double yi = y[2 * (yOffset + i) + 1];
            double xr = x[2 * (xOffset + i)];
            double xi = x[2 * (xOffset + i) + 1];
            hRe += yr * xr + yi * xi;
            hIm += yi * xr - yr * xi;
        }
        hRe /= n;
        hIm /= n;
        double e = 0;
        for (int i = 0; i < n; i++) {
            double xr = x[2 * (xOffset + i)];
            double xi = x[2 * (xOffset + i) + 1];
            double dr = y[2 * (yOffset + i)] - (hRe * xr - hIm * xi);
            double di = y[2 * (yOffset + i) + 1] - (hRe * xi + hIm * xr);
            e += dr * dr + di * di;
        }
        double noise = e / (n - 1);
        double signal = hRe * hRe + hIm * hIm - noise / n;
        return new Estimate(hRe, hIm, noise, signal, n);
    }

    /**
     * Removes a residual carrier rotation from n known-symbol pairs before {@link #dataAided}:
     * the ω (rad/symbol) that maximises |Σ y_k·x_k*·e^{−jω·p_k}| near ω = 0 (the joint ML of gain
     * and frequency), by Newton steps on that periodogram; y is derotated in place.
     *
     * <p>Why: a rotation left over the frame lowers |ĥ|² and raises σ̂². At −5 dB the pilot
     * groups alone fix ω to about 1e-3 rad/symbol, which over a 700-symbol frame costs up to a
     * dB in the tail of the estimates; the preamble's 256 known symbols, counted here, fix it
     * several times better. Steps stop at a quarter of the periodogram's main lobe, so this only
     * refines: it cannot jump to another peak.
     *
     * @param pos symbol position of each pair (any origin)
     * @return the rotation removed, rad/symbol
     */
    public static double removeResidualRotation(float[] y, float[] x, int[] pos, int n) {
        if (n < 2) {
            return 0;
        }
        double centre = 0;
        for (int i = 0; i < n; i++) {
            centre += pos[i];
        }
        centre /= n;
        double span = pos[n - 1] - pos[0];
        if (!(span > 0)) {
            return 0;
        }
        double maxStep = 0.25 * 2 * Math.PI / span;
        double total = 0;
        for (int iter = 0; iter < 3; iter++) {
            // S_m = Σ z_k·q_k^m, z = y·x*, q = p − centre: the periodogram's value and its first
            // two derivatives at the current ω are built from them.
            double s0r = 0;
            double s0i = 0;
            double s1r = 0;
            double s1i = 0;
            double s2r = 0;
            double s2i = 0;
            for (int i = 0; i < n; i++) {
                double yr = y[2 * i];
                double yi = y[2 * i + 1];
                double xr = x[2 * i];
                double xi = x[2 * i + 1];
                double zr = yr * xr + yi * xi;
                double zi = yi * xr - yr * xi;
                double q = pos[i] - centre;
                s0r += zr;
                s0i += zi;
                s1r += q * zr;
                s1i += q * zi;
                s2r += q * q * zr;
                s2i += q * q * zi;
            }
            // P(δ) = |Σ z·e^{−jδq}|²: P' = 2·Im(S0*·S1), P'' = 2·(|S1|² − Re(S0*·S2)).
            double d1 = 2 * (s0r * s1i - s0i * s1r);
            double d2 = 2 * (s1r * s1r + s1i * s1i - (s0r * s2r + s0i * s2i));
            if (!(d2 < 0)) {
                break;
            }
            double step = Math.max(-maxStep, Math.min(maxStep, -d1 / d2));
            rotate(y, pos, n, centre, step);
            total += step;
            if (Math.abs(step) < 1e-3 * maxStep) {
                break;
            }
        }
        return total;
    }

    /** y_k ← y_k·e^{−jω·(p_k − centre)}, with a recurrence over consecutive positions. */
    private static void rotate(float[] y, int[] pos, int n, double centre, double omega) {
        double stepRe = Math.cos(-omega);
        double stepIm = Math.sin(-omega);
        double rr = 0;
        double ri = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0 && pos[i] == pos[i - 1] + 1) {
                double t = rr * stepRe - ri * stepIm;
                ri = rr * stepIm + ri * stepRe;
                rr = t;
            } else {
                rr = Math.cos(-omega * (pos[i] - centre));
                ri = Math.sin(-omega * (pos[i] - centre));
            }
            double yr = y[2 * i];
            double yi = y[2 * i + 1];
            y[2 * i] = (float) (yr * rr - yi * ri);
            y[2 * i + 1] = (float) (yr * ri + yi * rr);
        }
    }

    /** Cramér–Rao bound on the variance of an unbiased linear SNR estimate from n known symbols. */
    public static double dataAidedCrb(double snrLinear, int n) {
        return (2 * snrLinear + snrLinear * snrLinear) / n;
    }

    /** The same bound as a standard deviation in dB (first-order: 10/ln10 · sqrt(CRB)/ρ). */
    public static double dataAidedCrbDb(double snrLinear, int n) {
        return 10 / Math.log(10) * Math.sqrt(dataAidedCrb(snrLinear, n)) / snrLinear;
    }

    /** M2M4 SNR in dB from second and fourth moments; NaN when 2·M2² < M4 (too noisy). */
    public static double m2m4SnrDb(double m2, double m4) {
        double s2 = 2 * m2 * m2 - m4;
        if (!(s2 > 0) || !(m2 > 0)) {
            return Double.NaN;
        }
        double s = Math.sqrt(s2);
        double noise = m2 - s;
        return noise > 0 ? 10 * Math.log10(s / noise) : Double.POSITIVE_INFINITY;
    }
}
