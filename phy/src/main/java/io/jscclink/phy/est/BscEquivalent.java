package io.jscclink.phy.est;

/**
 * The binary symmetric channel a BPSK bit payload sees: crossover probability from the SNR
 * (Es/N0 = Eb/N0 for BPSK), for the decoders trained on a BSC (BernST, E2EC, NECST).
 */
public final class BscEquivalent {
    private BscEquivalent() {}

    /** Coherent BPSK over AWGN: p = Q(sqrt(2·SNR)). */
    public static double crossoverAwgn(double snrDb) {
        return q(Math.sqrt(2 * Math.pow(10, snrDb / 10)));
    }

    /** BPSK over Rayleigh fading with perfect CSI, mean SNR γ: p = ½(1 − sqrt(γ/(1+γ))). */
    public static double crossoverRayleigh(double meanSnrDb) {
        double g = Math.pow(10, meanSnrDb / 10);
        return 0.5 * (1 - Math.sqrt(g / (1 + g)));
    }

    /** Gaussian tail Q(x) = ½·erfc(x/√2). */
    public static double q(double x) {
        return 0.5 * erfc(x / Math.sqrt(2));
    }

    /** Complementary error function, relative error below 1.2e-7 (Numerical Recipes' erfcc). */
    public static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
