package io.jscclink.phy.frame;

import io.jscclink.phy.mod.Bpsk;
import io.jscclink.phy.mod.LatentMapper;
import io.jscclink.phy.mod.MappingReport;
import io.jscclink.phy.pulse.PolyphaseInterpolator;
import java.util.Objects;

/**
 * Transmitter: builds one frame's IQ (interleaved float [re, im, …], RMS amplitude
 * {@link PhyConfig#txRms()}) from a header and a payload of bits, complex latents or known
 * symbols. Ask {@link #frameSamples} for the size, then build into a caller array.
 *
 * <p>Not thread-safe (reuses its symbol scratch); one builder per transmitting thread.
 */
public final class FrameBuilder {
    private final PhyConfig config;
    private final PolyphaseInterpolator shaper;
    private final LatentMapper mapper;
    private final float[] symbols;
    /** Payload symbols before placement; scratch reused by every build. */
    private final float[] mapped;
    private final byte[] headerBytes = new byte[13];
    private final byte[] headerBits = new byte[FrameHeader.INFO_BITS + 16];
    private final byte[] coded = new byte[FrameLayout.HEADER_SYMBOLS];

    public FrameBuilder(PhyConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.shaper = new PolyphaseInterpolator(config.samplesPerSymbol(), config.filterSpanSymbols(),
                config.rollOff(), config.txRms());
        this.mapper = new LatentMapper(config.latentClipSigma());
        this.symbols = new float[2 * new FrameLayout(config, config.maxPayloadSymbols()).totalSymbols()];
        this.mapped = new float[2 * config.maxPayloadSymbols()];
    }

    public PhyConfig config() {
        return config;
    }

    /** Most payload symbols (= BPSK bits = complex latents) one frame carries. */
    public int payloadCapacity() {
        return config.maxPayloadSymbols();
    }

    /** IQ samples of a frame with this many payload symbols. */
    public int frameSamples(int payloadSymbols) {
        return new FrameLayout(config, payloadSymbols).totalSamples();
    }

    /**
     * A BPSK frame of unpacked bits (one per byte, 0 or 1); the header's type must be BITS and
     * its length is set to {@code count}.
     *
     * @return samples written
     */
    public int buildBits(FrameHeader header, byte[] bits, int offset, int count, float[] out, int outOffset) {
        FrameLayout layout = begin(header, PayloadType.BITS, count, out, outOffset);
        Bpsk.map(bits, offset, count, mapped, 0);
        for (int i = 0; i < count; i++) {
            put(layout, FrameLayout.HEADER_SYMBOLS + i, mapped[2 * i], mapped[2 * i + 1]);
        }
        return finish(layout, out, outOffset);
    }

    /**
     * A frame of {@code count} complex latents (interleaved float pairs), normalised to unit
     * power and clipped ({@link LatentMapper}); the header's type must be COMPLEX.
     *
     * @return the mapping report with the frame's PAPR
     */
    public MappingReport buildLatents(FrameHeader header, float[] latents, int offset, int count, float[] out,
            int outOffset) {
        FrameLayout layout = begin(header, PayloadType.COMPLEX, count, out, outOffset);
        MappingReport report = mapper.map(latents, offset, count, mapped, 0);
        for (int i = 0; i < count; i++) {
            put(layout, FrameLayout.HEADER_SYMBOLS + i, mapped[2 * i], mapped[2 * i + 1]);
        }
        int n = finish(layout, out, outOffset);
        return report.withPaprDb(LatentMapper.paprDb(out, outOffset, n));
    }

    /**
     * A frame whose payload is {@code count} known symbols ({@link ReferenceSymbols#known}): the
     * receiver uses them as extra references; for calibration. The header's type must be KNOWN.
     *
     * @return samples written
     */
    public int buildKnown(FrameHeader header, int count, float[] out, int outOffset) {
        FrameLayout layout = begin(header, PayloadType.KNOWN, count, out, outOffset);
        for (int i = 0; i < count; i++) {
            ReferenceSymbols.known(i, mapped, 0);
            put(layout, FrameLayout.HEADER_SYMBOLS + i, mapped[0], mapped[1]);
        }
        return finish(layout, out, outOffset);
    }

    /** The symbols (interleaved, before pulse shaping) of the last frame built; for tests. */
    public float[] lastSymbols() {
        return symbols;
    }

    private FrameLayout begin(FrameHeader header, PayloadType type, int count, float[] out, int outOffset) {
        Objects.requireNonNull(header, "header");
        if (header.payloadType() != type) {
            throw new IllegalArgumentException("header payloadType must be " + type + ", got " + header.payloadType());
        }
        if (count < 1 || count > config.maxPayloadSymbols()) {
            throw new IllegalArgumentException(
                    "payload count must be in [1, " + config.maxPayloadSymbols() + "], got " + count);
        }
        FrameLayout layout = new FrameLayout(config, count);
        Objects.checkFromIndexSize(2 * outOffset, 2 * layout.totalSamples(), out.length);
        ReferenceSymbols.preamble(config.preambleRepetitions(), symbols, 0);
        int pilot = 0;
        for (int g = 0; g < layout.pilotGroups(); g++) {
            int pos = layout.groupPosition(g);
            for (int k = 0; k < layout.pilotGroupSymbols(); k++) {
                ReferenceSymbols.pilot(pilot++, symbols, 2 * (pos + k));
            }
        }
        encodeHeader(header.withPayloadLength(count), layout);
        return layout;
    }

    private void encodeHeader(FrameHeader header, FrameLayout layout) {
        header.pack(headerBytes);
        int crc = Crc16.compute(headerBytes, 0, 11);
        headerBytes[11] = (byte) (crc >>> 8);
        headerBytes[12] = (byte) crc;
        for (int i = 0; i < headerBits.length; i++) {
            headerBits[i] = (byte) ((headerBytes[i >>> 3] >>> (7 - (i & 7))) & 1);
        }
        ConvolutionalCode.encode(headerBits, headerBits.length, coded);
        for (int i = 0; i < coded.length; i++) {
            put(layout, FrameLayout.headerSymbolOfCodedBit(i), coded[i] == 0 ? 1f : -1f, 0f);
        }
    }

    private void put(FrameLayout layout, int dataIndex, float re, float im) {
        int pos = layout.dataPosition(dataIndex);
        symbols[2 * pos] = re;
        symbols[2 * pos + 1] = im;
    }

    private int finish(FrameLayout layout, float[] out, int outOffset) {
        return shaper.shape(symbols, 0, layout.totalSymbols(), out, outOffset);
    }
}
