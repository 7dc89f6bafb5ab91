package io.jscclink.phy.mod;

/**
 * What mapping complex latents to IQ did: the normalisation scale applied, how many latents were
 * clipped, and the peak-to-average power ratio of the resulting transmit waveform.
 *
 * @param scale factor that brought the latents to unit mean power
 * @param clippedLatents latents whose magnitude exceeded the clip level
 * @param latents latents mapped
 * @param paprDb peak over mean sample power of the frame's IQ, dB (NaN when not measured)
 */
public record MappingReport(double scale, int clippedLatents, int latents, double paprDb) {
    /** Fraction of latents clipped, in [0, 1]. */
    public double clipRate() {
        return latents == 0 ? 0 : (double) clippedLatents / latents;
    }

    public MappingReport withPaprDb(double papr) {
        return new MappingReport(scale, clippedLatents, latents, papr);
    }
}
