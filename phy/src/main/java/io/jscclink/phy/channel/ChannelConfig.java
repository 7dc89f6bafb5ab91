package io.jscclink.phy.channel;

import java.util.Objects;

/**
 * Immutable configuration of {@link ChannelSimulator}. Built with {@link #builder()}; {@link
 * Builder#build()} rejects out-of-range values with a message naming the allowed range.
 *
 * <p>Units: powers in full-scale² per complex sample (full scale is ±1 per component),
 * frequencies in Hz, offsets in samples of the simulator's sample rate.
 */
public final class ChannelConfig {
    private final Fading fading;
    private final double snrDb;
    private final double noisePower;
    private final double dopplerHz;
    private final int blockLengthSamples;
    private final double ricianK;
    private final double cfoHz;
    private final double timingOffsetSamples;
    private final double sampleRateOffsetPpm;
    private final double phaseNoiseRad2PerSample;
    private final double dcOffsetI;
    private final double dcOffsetQ;
    private final double iqGainImbalanceDb;
    private final double iqPhaseImbalanceDeg;
    private final int quantisationBits;
    private final double clipLevel;
    private final double rxGainDb;
    private final long seed;

    private ChannelConfig(Builder b) {
        this.fading = b.fading;
        this.snrDb = b.snrDb;
        this.noisePower = b.noisePower;
        this.dopplerHz = b.dopplerHz;
        this.blockLengthSamples = b.blockLengthSamples;
        this.ricianK = b.ricianK;
        this.cfoHz = b.cfoHz;
        this.timingOffsetSamples = b.timingOffsetSamples;
        this.sampleRateOffsetPpm = b.sampleRateOffsetPpm;
        this.phaseNoiseRad2PerSample = b.phaseNoiseRad2PerSample;
        this.dcOffsetI = b.dcOffsetI;
        this.dcOffsetQ = b.dcOffsetQ;
        this.iqGainImbalanceDb = b.iqGainImbalanceDb;
        this.iqPhaseImbalanceDeg = b.iqPhaseImbalanceDeg;
        this.quantisationBits = b.quantisationBits;
        this.clipLevel = b.clipLevel;
        this.rxGainDb = b.rxGainDb;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.fading = fading;
        b.snrDb = snrDb;
        b.noisePower = noisePower;
        b.dopplerHz = dopplerHz;
        b.blockLengthSamples = blockLengthSamples;
        b.ricianK = ricianK;
        b.cfoHz = cfoHz;
        b.timingOffsetSamples = timingOffsetSamples;
        b.sampleRateOffsetPpm = sampleRateOffsetPpm;
        b.phaseNoiseRad2PerSample = phaseNoiseRad2PerSample;
        b.dcOffsetI = dcOffsetI;
        b.dcOffsetQ = dcOffsetQ;
        b.iqGainImbalanceDb = iqGainImbalanceDb;
        b.iqPhaseImbalanceDeg = iqPhaseImbalanceDeg;
        b.quantisationBits = quantisationBits;
        b.clipLevel = clipLevel;
        b.rxGainDb = rxGainDb;
        b.seed = seed;
        return b;
    }

    /** Fading model [NONE]. */
    public Fading fading() { return fading; }

    /** SNR in dB: mean burst power (averaged over fading) over noise power; +inf = no noise [+inf]. */
    public double snrDb() { return snrDb; }

    /** Noise power before the first burst, full-scale² per complex sample [1e-3 = −30 dBFS]. */
    public double noisePower() { return noisePower; }

    /** Maximum Doppler frequency for RAYLEIGH_DOPPLER, Hz [0]. */
    public double dopplerHz() { return dopplerHz; }

    /** Samples per fading block for the block models; 0 = one gain per burst [0]. */
    public int blockLengthSamples() { return blockLengthSamples; }

    /** Rician K-factor, linear (line-of-sight power over scattered power) [0]. */
    public double ricianK() { return ricianK; }

    /** Carrier frequency offset, Hz [0]. */
    public double cfoHz() { return cfoHz; }

    /** Delay added before each burst, samples, fractional allowed [0]. */
    public double timingOffsetSamples() { return timingOffsetSamples; }

    /** Receiver clock error against the transmitter's, parts per million [0]. */
    public double sampleRateOffsetPpm() { return sampleRateOffsetPpm; }

    /** Wiener phase noise: variance of the phase increment per sample, rad² [0]. */
    public double phaseNoiseRad2PerSample() { return phaseNoiseRad2PerSample; }

    /** Receiver DC offset, in-phase, full-scale units [0]. */
    public double dcOffsetI() { return dcOffsetI; }

    /** Receiver DC offset, quadrature, full-scale units [0]. */
    public double dcOffsetQ() { return dcOffsetQ; }

    /** Q branch gain relative to I, dB [0]. */
    public double iqGainImbalanceDb() { return iqGainImbalanceDb; }

    /** Q branch skew from 90°, degrees [0]. */
    public double iqPhaseImbalanceDeg() { return iqPhaseImbalanceDeg; }

    /** ADC bits per component; 0 = no quantisation [0]. 8 emulates HackRF. */
    public int quantisationBits() { return quantisationBits; }

    /** Each component is clipped to ±clipLevel [1.0 = full scale]. */
    public double clipLevel() { return clipLevel; }

    /**
     * Receiver gain before the ADC, dB [0]: scales signal and noise alike ahead of the DC
     * offset, clipping and quantisation, so it changes the SNR only through those (too little
     * gain: quantisation noise; too much: clipping).
     */
    public double rxGainDb() { return rxGainDb; }

    /** Seed of every random draw [0]. */
    public long seed() { return seed; }

    @Override
    public String toString() {
        return "ChannelConfig{fading=" + fading + ", snrDb=" + snrDb + ", noisePower=" + noisePower
                + ", dopplerHz=" + dopplerHz + ", blockLengthSamples=" + blockLengthSamples
                + ", ricianK=" + ricianK + ", cfoHz=" + cfoHz + ", timingOffsetSamples="
                + timingOffsetSamples + ", sampleRateOffsetPpm=" + sampleRateOffsetPpm
                + ", phaseNoiseRad2PerSample=" + phaseNoiseRad2PerSample + ", dcOffsetI=" + dcOffsetI
                + ", dcOffsetQ=" + dcOffsetQ + ", iqGainImbalanceDb=" + iqGainImbalanceDb
                + ", iqPhaseImbalanceDeg=" + iqPhaseImbalanceDeg + ", quantisationBits="
                + quantisationBits + ", clipLevel=" + clipLevel + ", rxGainDb=" + rxGainDb + ", seed="
                + seed + '}';
    }

    /** Mutable builder; every setter returns this. Ranges are checked in {@link #build()}. */
    public static final class Builder {
        private Fading fading = Fading.NONE;
        private double snrDb = Double.POSITIVE_INFINITY;
        private double noisePower = 1e-3;
        private double dopplerHz;
        private int blockLengthSamples;
        private double ricianK;
        private double cfoHz;
        private double timingOffsetSamples;
        private double sampleRateOffsetPpm;
        private double phaseNoiseRad2PerSample;
        private double dcOffsetI;
        private double dcOffsetQ;
        private double iqGainImbalanceDb;
        private double iqPhaseImbalanceDeg;
        private int quantisationBits;
        private double clipLevel = 1.0;
        private double rxGainDb;
        private long seed;

        private Builder() {}

        public Builder fading(Fading v) { fading = Objects.requireNonNull(v, "fading"); return this; }
        public Builder snrDb(double v) { snrDb = v; return this; }
        public Builder noisePower(double v) { noisePower = v; return this; }
        public Builder dopplerHz(double v) { dopplerHz = v; return this; }
        public Builder blockLengthSamples(int v) { blockLengthSamples = v; return this; }
        public Builder ricianK(double v) { ricianK = v; return this; }
        public Builder cfoHz(double v) { cfoHz = v; return this; }
        public Builder timingOffsetSamples(double v) { timingOffsetSamples = v; return this; }
        public Builder sampleRateOffsetPpm(double v) { sampleRateOffsetPpm = v; return this; }
        public Builder phaseNoiseRad2PerSample(double v) { phaseNoiseRad2PerSample = v; return this; }
        public Builder dcOffsetI(double v) { dcOffsetI = v; return this; }
        public Builder dcOffsetQ(double v) { dcOffsetQ = v; return this; }
        public Builder iqGainImbalanceDb(double v) { iqGainImbalanceDb = v; return this; }
        public Builder iqPhaseImbalanceDeg(double v) { iqPhaseImbalanceDeg = v; return this; }
        public Builder quantisationBits(int v) { quantisationBits = v; return this; }
        public Builder clipLevel(double v) { clipLevel = v; return this; }
        public Builder rxGainDb(double v) { rxGainDb = v; return this; }
        public Builder seed(long v) { seed = v; return this; }

        /** @throws IllegalArgumentException naming the field and its allowed range */
        public ChannelConfig build() {
            if (!(snrDb == Double.POSITIVE_INFINITY || (snrDb >= -50 && snrDb <= 100))) {
                throw new IllegalArgumentException("snrDb must be in [-50, 100] dB or +Infinity (no noise), got " + snrDb);
            }
            range("noisePower", noisePower, 1e-15, 1.0, "(full-scale² per complex sample)");
            range("dopplerHz", dopplerHz, 0, 1e7, "Hz");
            if (blockLengthSamples < 0) {
                throw new IllegalArgumentException("blockLengthSamples must be in [0, " + Integer.MAX_VALUE
                        + "] (0 = one gain per burst), got " + blockLengthSamples);
            }
            range("ricianK", ricianK, 0, 1e4, "(linear)");
            range("cfoHz", cfoHz, -1e9, 1e9, "Hz (and within ±sampleRate/2, checked by ChannelSimulator)");
            range("timingOffsetSamples", timingOffsetSamples, 0, 1e6, "samples");
            range("sampleRateOffsetPpm", sampleRateOffsetPpm, -1000, 1000, "ppm");
            range("phaseNoiseRad2PerSample", phaseNoiseRad2PerSample, 0, 1, "rad²");
            range("dcOffsetI", dcOffsetI, -1, 1, "full-scale units");
            range("dcOffsetQ", dcOffsetQ, -1, 1, "full-scale units");
            range("iqGainImbalanceDb", iqGainImbalanceDb, -6, 6, "dB");
            range("iqPhaseImbalanceDeg", iqPhaseImbalanceDeg, -30, 30, "degrees");
            if (quantisationBits != 0 && (quantisationBits < 2 || quantisationBits > 16)) {
                throw new IllegalArgumentException(
                        "quantisationBits must be 0 (none) or in [2, 16], got " + quantisationBits);
            }
            if (!(clipLevel > 0 && clipLevel <= 1000)) {
                throw new IllegalArgumentException("clipLevel must be in (0, 1000] full-scale units, got " + clipLevel);
            }
            range("rxGainDb", rxGainDb, -100, 100, "dB");
            return new ChannelConfig(this);
        }

        private static void range(String name, double v, double lo, double hi, String unit) {
            if (!(v >= lo && v <= hi)) { // also rejects NaN
                throw new IllegalArgumentException(
                        name + " must be in [" + lo + ", " + hi + "] " + unit + ", got " + v);
            }
        }
    }
}
