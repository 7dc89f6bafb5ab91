package io.jscclink.phy.channel;

/** Fading models of the simulated channel. Every model has unit mean power gain, E|h|² = 1. */
public enum Fading {
    /** No fading: h = 1. */
    NONE,
    /** Rayleigh block fading: h ~ CN(0,1) held for a block (one burst, or {@code blockLengthSamples}). */
    RAYLEIGH_BLOCK,
    /** Time-varying Rayleigh fading, Clarke/Jakes Doppler spectrum at {@code dopplerHz} (sum of sinusoids). */
    RAYLEIGH_DOPPLER,
    /** Rician block fading with K-factor {@code ricianK}: line-of-sight part plus CN(0, 1/(K+1)). */
    RICIAN_BLOCK
}
