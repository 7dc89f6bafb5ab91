package io.jscclink.phy.sync;

import io.jscclink.phy.frame.FrameHeader;
import io.jscclink.phy.frame.PayloadType;

/**
 * One decoded frame and the estimates made on it. Arrays are owned by this object (fresh per
 * frame). Gains and noise are in received-symbol units: after the matched filter a transmitted
 * unit-power symbol x arrives as y = h·x + n with n ~ CN(0, noiseVariance); so the SNR at data
 * symbol k is |h_k|²/noiseVariance and, after ZF equalisation, its noise variance is
 * noiseVariance/|h_k|².
 */
public final class ReceivedFrame {
    private final FrameHeader header;
    private final double startSample;
    private final double samplesPerSymbol;
    private final double cfoCyclesPerSample;
    private final double pilotSnrDb;
    private final double m2m4SnrDb;
    private final double noiseVariance;
    private final float[] groupGains;
    private final float[] groupGainErrorVariance;
    private final float[] groupSymbolIndex;
    private final double phaseRad;
    private final double phaseJitterRmsRad;
    private final float[] symbols;
    private final float[] llrs;
    private final byte[] bits;
    private final double bscCrossover;

    ReceivedFrame(FrameHeader header, double startSample, double samplesPerSymbol, double cfoCyclesPerSample,
            double pilotSnrDb, double m2m4SnrDb, double noiseVariance, float[] groupGains,
            float[] groupGainErrorVariance, float[] groupSymbolIndex, double phaseRad, double phaseJitterRmsRad,
            float[] symbols, float[] llrs, byte[] bits, double bscCrossover) {
        this.header = header;
        this.startSample = startSample;
        this.samplesPerSymbol = samplesPerSymbol;
        this.cfoCyclesPerSample = cfoCyclesPerSample;
        this.pilotSnrDb = pilotSnrDb;
        this.m2m4SnrDb = m2m4SnrDb;
        this.noiseVariance = noiseVariance;
        this.groupGains = groupGains;
        this.groupGainErrorVariance = groupGainErrorVariance;
        this.groupSymbolIndex = groupSymbolIndex;
        this.phaseRad = phaseRad;
        this.phaseJitterRmsRad = phaseJitterRmsRad;
        this.symbols = symbols;
        this.llrs = llrs;
        this.bits = bits;
        this.bscCrossover = bscCrossover;
    }

    public FrameHeader header() { return header; }

    public PayloadType payloadType() { return header.payloadType(); }

    /**
     * Absolute stream index (fractional) of the frame's first transmitted sample, i.e. the sample
     * count since the receiver's first input; symbol k's instant is
     * startSample + span·sps/2 + k·samplesPerSymbol().
     */
    public double startSample() { return startSample; }

    /** Measured samples per symbol (nominal sps × (1 + sample-rate offset)). */
    public double samplesPerSymbol() { return samplesPerSymbol; }

    /** Carrier frequency offset, cycles per sample (× sample rate = Hz). */
    public double cfoCyclesPerSample() { return cfoCyclesPerSample; }

    public double cfoHz(double sampleRateHz) { return cfoCyclesPerSample * sampleRateHz; }

    /** Data-aided ML SNR (Es/N0, dB) from the preamble, pilots and known payload; assumes a gain constant over the frame after CFO removal. */
    public double pilotSnrDb() { return pilotSnrDb; }

    /** Non-data-aided M2M4 SNR (dB) over the frame's constant-modulus symbols; NaN when too noisy. */
    public double m2m4SnrDb() { return m2m4SnrDb; }

    /** Noise variance per received symbol (from the spread within pilot groups). */
    public double noiseVariance() { return noiseVariance; }

    /** Pilot groups. */
    public int groups() { return groupGainErrorVariance.length; }

    /** Smoothed complex gain of pilot group g, real part. */
    public float gainRe(int g) { return groupGains[2 * g]; }

    /** Smoothed complex gain of pilot group g, imaginary part. */
    public float gainIm(int g) { return groupGains[2 * g + 1]; }

    /** Error variance of group g's gain estimate (complex, E|ĥ − h|²). */
    public float gainErrorVariance(int g) { return groupGainErrorVariance[g]; }

    /** Symbol index (from the first preamble symbol) of group g's centre. */
    public float groupSymbolIndex(int g) { return groupSymbolIndex[g]; }

    /** Carrier phase at the frame's first symbol after CFO removal, rad. */
    public double phaseRad() { return phaseRad; }

    /** RMS deviation of the per-group phases from the CFO line (phase noise + estimation noise), rad. */
    public double phaseJitterRmsRad() { return phaseJitterRmsRad; }

    /** Payload symbols after equalisation, interleaved (COMPLEX and KNOWN frames; empty for BITS). */
    public float[] symbols() { return symbols; }

    /** Payload LLRs, positive = bit 0 (BITS frames; empty otherwise). */
    public float[] llrs() { return llrs; }

    /** Payload hard bits, one per byte (BITS frames; empty otherwise). */
    public byte[] bits() { return bits; }

    /** Equivalent BSC crossover of the payload bits from the per-symbol SNRs (BITS frames; NaN otherwise). */
    public double bscCrossover() { return bscCrossover; }
}
