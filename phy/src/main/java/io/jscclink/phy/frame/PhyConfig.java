package io.jscclink.phy.frame;

import io.jscclink.phy.est.Equalizer;
import java.util.Objects;

/**
 * Immutable configuration shared by the transmitter ({@link FrameBuilder}) and the receiver
 * ({@link io.jscclink.phy.sync.FrameReceiver}); both ends must use equal values. Built with
 * {@link #builder()}; {@link Builder#build()} rejects out-of-range values naming the range.
 */
public final class PhyConfig {
    private final int samplesPerSymbol;
    private final double rollOff;
    private final int filterSpanSymbols;
    private final int preambleRepetitions;
    private final int pilotSpacing;
    private final int pilotGroupSymbols;
    private final int gainSmoothingGroups;
    private final int maxPayloadSymbols;
    private final double txRms;
    private final double latentClipSigma;
    private final Equalizer equalizer;

    private PhyConfig(Builder b) {
        samplesPerSymbol = b.samplesPerSymbol;
        rollOff = b.rollOff;
        filterSpanSymbols = b.filterSpanSymbols;
        preambleRepetitions = b.preambleRepetitions;
        pilotSpacing = b.pilotSpacing;
        pilotGroupSymbols = b.pilotGroupSymbols;
        gainSmoothingGroups = b.gainSmoothingGroups;
        maxPayloadSymbols = b.maxPayloadSymbols;
        txRms = b.txRms;
        latentClipSigma = b.latentClipSigma;
        equalizer = b.equalizer;
    }

    /** Defaults: 4 samples/symbol, roll-off 0.35, span 12, 48 preamble repetitions, a group of 4 pilots every 32 data symbols. */
    public static PhyConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Samples per symbol, [2, 16] [4]. */
    public int samplesPerSymbol() { return samplesPerSymbol; }

    /** Root-raised-cosine roll-off, [0.05, 1] [0.35]. */
    public double rollOff() { return rollOff; }

    /** RRC filter span in symbols, even, [4, 32] [12]; the filter has span·sps+1 taps. */
    public int filterSpanSymbols() { return filterSpanSymbols; }

    /** Repetitions of the 4-symbol short training segment at the start of the preamble, [16, 256] [48]. */
    public int preambleRepetitions() { return preambleRepetitions; }

    /** Data symbols between pilot groups, [4, 4096] [32]. */
    public int pilotSpacing() { return pilotSpacing; }

    /** Pilot symbols per group, [1, 64] [4]. */
    public int pilotGroupSymbols() { return pilotGroupSymbols; }

    /** Half-width K of the gain smoothing window: up to 2K+1 pilot groups are averaged, [0, 64] [4]. */
    public int gainSmoothingGroups() { return gainSmoothingGroups; }

    /** Largest payload in symbols (= bits for BPSK) one frame carries, [1, 65535] [4096]. */
    public int maxPayloadSymbols() { return maxPayloadSymbols; }

    /** RMS amplitude of the transmitted IQ, full-scale units, (0, 1] [0.2]. */
    public double txRms() { return txRms; }

    /** Complex latents are clipped at this multiple of their RMS magnitude, [1, 10] [4]. */
    public double latentClipSigma() { return latentClipSigma; }

    /** Equaliser for complex payloads [ZF]. */
    public Equalizer equalizer() { return equalizer; }

    /** Taps of the RRC filter: span·sps + 1. */
    public int filterTaps() { return filterSpanSymbols * samplesPerSymbol + 1; }

    /** Group delay of one RRC filter in samples: span·sps/2. */
    public int filterDelaySamples() { return filterSpanSymbols * samplesPerSymbol / 2; }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.samplesPerSymbol = samplesPerSymbol;
        b.rollOff = rollOff;
        b.filterSpanSymbols = filterSpanSymbols;
        b.preambleRepetitions = preambleRepetitions;
        b.pilotSpacing = pilotSpacing;
        b.pilotGroupSymbols = pilotGroupSymbols;
        b.gainSmoothingGroups = gainSmoothingGroups;
        b.maxPayloadSymbols = maxPayloadSymbols;
        b.txRms = txRms;
        b.latentClipSigma = latentClipSigma;
        b.equalizer = equalizer;
        return b;
    }

    @Override
    public String toString() {
        return "PhyConfig{sps=" + samplesPerSymbol + ", rollOff=" + rollOff + ", span=" + filterSpanSymbols
                + ", preambleRepetitions=" + preambleRepetitions + ", pilotSpacing=" + pilotSpacing
                + ", pilotGroupSymbols=" + pilotGroupSymbols + ", gainSmoothingGroups=" + gainSmoothingGroups
                + ", maxPayloadSymbols=" + maxPayloadSymbols + ", txRms=" + txRms
                + ", latentClipSigma=" + latentClipSigma + ", equalizer=" + equalizer + '}';
    }

    /** Mutable builder; ranges are checked in {@link #build()}. */
    public static final class Builder {
        private int samplesPerSymbol = 4;
        private double rollOff = 0.35;
        private int filterSpanSymbols = 12;
        private int preambleRepetitions = 48;
        private int pilotSpacing = 32;
        private int pilotGroupSymbols = 4;
        private int gainSmoothingGroups = 4;
        private int maxPayloadSymbols = 4096;
        private double txRms = 0.2;
        private double latentClipSigma = 4.0;
        private Equalizer equalizer = Equalizer.ZF;

        private Builder() {}

        public Builder samplesPerSymbol(int v) { samplesPerSymbol = v; return this; }
        public Builder rollOff(double v) { rollOff = v; return this; }
        public Builder filterSpanSymbols(int v) { filterSpanSymbols = v; return this; }
        public Builder preambleRepetitions(int v) { preambleRepetitions = v; return this; }
        public Builder pilotSpacing(int v) { pilotSpacing = v; return this; }
        public Builder pilotGroupSymbols(int v) { pilotGroupSymbols = v; return this; }
        public Builder gainSmoothingGroups(int v) { gainSmoothingGroups = v; return this; }
        public Builder maxPayloadSymbols(int v) { maxPayloadSymbols = v; return this; }
        public Builder txRms(double v) { txRms = v; return this; }
        public Builder latentClipSigma(double v) { latentClipSigma = v; return this; }
        public Builder equalizer(Equalizer v) { equalizer = Objects.requireNonNull(v, "equalizer"); return this; }

        /** @throws IllegalArgumentException naming the field and its allowed range */
        public PhyConfig build() {
            intRange("samplesPerSymbol", samplesPerSymbol, 2, 16);
            range("rollOff", rollOff, 0.05, 1);
            intRange("filterSpanSymbols", filterSpanSymbols, 4, 32);
            if (filterSpanSymbols % 2 != 0) {
                throw new IllegalArgumentException("filterSpanSymbols must be even in [4, 32], got " + filterSpanSymbols);
            }
            intRange("preambleRepetitions", preambleRepetitions, 16, 256);
            intRange("pilotSpacing", pilotSpacing, 4, 4096);
            intRange("pilotGroupSymbols", pilotGroupSymbols, 1, 64);
            intRange("gainSmoothingGroups", gainSmoothingGroups, 0, 64);
            intRange("maxPayloadSymbols", maxPayloadSymbols, 1, 65535);
            if (!(txRms > 0 && txRms <= 1)) {
                throw new IllegalArgumentException("txRms must be in (0, 1] full-scale units, got " + txRms);
            }
            range("latentClipSigma", latentClipSigma, 1, 10);
            return new PhyConfig(this);
        }

        private static void intRange(String name, int v, int lo, int hi) {
            if (v < lo || v > hi) {
                throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + v);
            }
        }

        private static void range(String name, double v, double lo, double hi) {
            if (!(v >= lo && v <= hi)) {
                throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + v);
            }
        }
    }
}
