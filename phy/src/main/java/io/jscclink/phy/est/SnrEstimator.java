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

    /** Result of a data-aided estimate: gain, noise variance, signal power, SNR. */
    public record Estimate(double gainRe, double gainIm, double noiseVariance, double signalPower) {
        public double snrDb() {
            return 10 * Math.log10(Math.max(signalPower, 1e-30) / noiseVariance);
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
        return new Estimate(hRe, hIm, noise, signal);
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
