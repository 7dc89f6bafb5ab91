package io.jscclink.phy.mod;

import java.util.Objects;

/**
 * Complex latents (C-JSCC, D-JSCC, JSCGC) as analog IQ symbols: scaled to unit mean power, then
 * each latent whose magnitude exceeds {@code clipSigma} times the RMS magnitude (= 1 after
 * scaling) is clipped to that magnitude, keeping its phase, so that an 8-bit DAC is not
 * overloaded by rare peaks. No re-normalisation after clipping: for Gaussian latents at 4σ the
 * clipped fraction is e^−16 ≈ 1e-7 and the power change is negligible.
 */
public final class LatentMapper {
    private final double clipSigma;

    /** @param clipSigma clip level in RMS magnitudes, [1, 10] */
    public LatentMapper(double clipSigma) {
        if (!(clipSigma >= 1 && clipSigma <= 10)) {
            throw new IllegalArgumentException("clipSigma must be in [1, 10], got " + clipSigma);
        }
        this.clipSigma = clipSigma;
    }

    /**
     * Normalises and clips {@code count} complex latents (interleaved float pairs) into {@code out}.
     *
     * @throws IllegalArgumentException if a latent is NaN or infinite, or all are zero
     */
    public MappingReport map(float[] latents, int offset, int count, float[] out, int outOffset) {
        Objects.checkFromIndexSize(2 * offset, 2 * count, latents.length);
        Objects.checkFromIndexSize(2 * outOffset, 2 * count, out.length);
        double energy = 0;
        for (int i = 0; i < 2 * count; i++) {
            double v = latents[2 * offset + i];
            energy += v * v;
        }
        if (!Double.isFinite(energy)) {
            throw new IllegalArgumentException("latents contain NaN or infinite values; they must be finite");
        }
        if (count > 0 && energy == 0) {
            throw new IllegalArgumentException("latents are all zero; cannot normalise to unit power");
        }
        double scale = count == 0 ? 1 : Math.sqrt(count / energy);
        double clip2 = clipSigma * clipSigma;
        int clipped = 0;
        for (int i = 0; i < count; i++) {
            double re = latents[2 * (offset + i)] * scale;
            double im = latents[2 * (offset + i) + 1] * scale;
            double m2 = re * re + im * im;
            if (m2 > clip2) {
                double f = clipSigma / Math.sqrt(m2);
                re *= f;
                im *= f;
                clipped++;
            }
            out[2 * (outOffset + i)] = (float) re;
            out[2 * (outOffset + i) + 1] = (float) im;
        }
        return new MappingReport(scale, clipped, count, Double.NaN);
    }

    /** Peak over mean power of interleaved IQ, dB (−inf for silence). */
    public static double paprDb(float[] iq, int offset, int samples) {
        Objects.checkFromIndexSize(2 * offset, 2 * samples, iq.length);
        double peak = 0;
        double sum = 0;
        for (int i = 0; i < samples; i++) {
            double re = iq[2 * (offset + i)];
            double im = iq[2 * (offset + i) + 1];
            double p = re * re + im * im;
            sum += p;
            peak = Math.max(peak, p);
        }
        return sum == 0 ? Double.NEGATIVE_INFINITY : 10 * Math.log10(peak / (sum / samples));
    }
}
