package io.jscclink.calibration.snr;

/**
 * Cramér–Rao bound of data-aided SNR estimation from N known pilot symbols of unit modulus in
 * complex AWGN with unknown complex gain a and noise variance σ².
 *
 * <p>Fisher information: 2N/σ² for each of Re a and Im a, N/σ⁴ for σ². With ρ = |a|²/σ² the
 * gradient is (2Re a/σ², 2Im a/σ², −|a|²/σ⁴), so var(ρ̂) ≥ (2ρ + ρ²)/N, and in dB (delta method)
 * var(ρ̂_dB) ≥ (10/ln 10)²·(2/ρ + 1)/N.
 */
public final class SnrCramerRao {
  private static final double DB_PER_NEPER = 10 / Math.log(10);

  private SnrCramerRao() {}

  /** Lower bound on the standard deviation of an unbiased SNR estimate, in dB. */
  public static double stdDb(double snrDb, int pilotSymbols) {
    if (pilotSymbols < 1) {
      throw new IllegalArgumentException("pilot count must be >= 1, got " + pilotSymbols);
    }
    double rho = Math.pow(10, snrDb / 10);
    return DB_PER_NEPER * Math.sqrt((2 / rho + 1) / pilotSymbols);
  }
}
