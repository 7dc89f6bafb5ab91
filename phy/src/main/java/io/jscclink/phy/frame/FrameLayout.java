package io.jscclink.phy.frame;

/**
 * Where each symbol of a frame goes. A frame is the preamble, then a pilot group, then the data
 * symbols (header code bits, then payload) in segments of {@code pilotSpacing} each followed by
 * a pilot group; the last segment may be shorter and is also followed by a pilot group, so that
 * every data symbol lies between two pilot groups. Symbol indices count from the frame's first
 * preamble symbol.
 */
public final class FrameLayout {
    /** Coded header symbols: 3·(88 + 16 CRC + 6 tail) = 330. */
    public static final int HEADER_SYMBOLS = ConvolutionalCode.codedBits(FrameHeader.INFO_BITS + 16);
    /** Header interleaver step: coded bit i goes to header symbol (i·109) mod 330 (109 is coprime to 330). */
    private static final int INTERLEAVER_STEP = 109;

    /**
     * Header symbol (data index) carrying coded header bit i: neighbouring code bits land about
     * a third of the header apart, so a fade or burst over part of the header becomes scattered
     * erasures the Viterbi decoder corrects.
     */
    public static int headerSymbolOfCodedBit(int i) {
        return (int) ((long) i * INTERLEAVER_STEP % HEADER_SYMBOLS);
    }

    private final int preambleSymbols;
    private final int spacing;
    private final int group;
    private final int payloadSymbols;
    private final int dataSymbols;
    private final int segments;
    private final int lastSegment;
    private final int totalSymbols;
    private final int totalSamples;

    /** @param payloadSymbols payload symbols, or 0 for the layout of the header alone */
    public FrameLayout(PhyConfig config, int payloadSymbols) {
        if (payloadSymbols < 0 || payloadSymbols > config.maxPayloadSymbols()) {
            throw new IllegalArgumentException(
                    "payloadSymbols must be in [0, " + config.maxPayloadSymbols() + "], got " + payloadSymbols);
        }
        this.preambleSymbols = ReferenceSymbols.preambleSymbols(config.preambleRepetitions());
        this.spacing = config.pilotSpacing();
        this.group = config.pilotGroupSymbols();
        this.payloadSymbols = payloadSymbols;
        this.dataSymbols = HEADER_SYMBOLS + payloadSymbols;
        this.segments = (dataSymbols + spacing - 1) / spacing;
        this.lastSegment = dataSymbols - (segments - 1) * spacing;
        this.totalSymbols = preambleSymbols + (segments + 1) * group + dataSymbols;
        this.totalSamples = (totalSymbols - 1) * config.samplesPerSymbol() + config.filterTaps();
    }

    public int preambleSymbols() { return preambleSymbols; }

    public int payloadSymbols() { return payloadSymbols; }

    /** Header + payload symbols. */
    public int dataSymbols() { return dataSymbols; }

    public int pilotGroups() { return segments + 1; }

    public int pilotSymbols() { return (segments + 1) * group; }

    public int pilotGroupSymbols() { return group; }

    public int totalSymbols() { return totalSymbols; }

    /** IQ samples of the frame including both filter tails. */
    public int totalSamples() { return totalSamples; }

    /** Symbol index of data symbol j (header symbols first, then payload). */
    public int dataPosition(int j) {
        int seg = j / spacing;
        return preambleSymbols + seg * (spacing + group) + group + (j - seg * spacing);
    }

    /** Symbol index of the first pilot of group g. */
    public int groupPosition(int g) {
        if (g < segments) {
            return preambleSymbols + g * (spacing + group);
        }
        return preambleSymbols + (segments - 1) * (spacing + group) + group + lastSegment;
    }

    /** Data symbols between pilot group g and g+1. */
    public int segmentLength(int g) {
        return g < segments - 1 ? spacing : lastSegment;
    }

    /** Fraction of the frame's symbols that are not payload, in %. */
    public double overheadPercent() {
        return 100.0 * (totalSymbols - payloadSymbols) / totalSymbols;
    }
}
