package io.jscclink.phy.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrameFormatTest {
    @Test
    void headerRoundTripsThroughItsBits() {
        FrameHeader h = FrameHeader.of(PayloadType.COMPLEX, 3, 200, 65535, 40000, 1234, 7, 9);
        byte[] b = new byte[11];
        h.pack(b);
        assertEquals(h, FrameHeader.unpack(b));
        b[0] = (byte) 0x2f; // version 2, type 15
        assertNull(FrameHeader.unpack(b));
    }

    @Test
    void headerFieldsOutOfRangeAreRejectedNamingTheRange() {
        var e = assertThrows(IllegalArgumentException.class, () -> FrameHeader.of(PayloadType.BITS, 1, 1, 0, 0, 0, 0, 1));
        assertTrue(e.getMessage().contains("payloadLength must be in [1, 65535]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FrameHeader.of(PayloadType.BITS, 1, 1, 5, 0, 0, 3, 3));
        assertTrue(e.getMessage().contains("fragmentIndex must be in [0, 2]"), e.getMessage());
    }

    @Test
    void crcMatchesTheCcittFalseCheckValue() {
        byte[] s = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x29b1, Crc16.compute(s, 0, s.length));
    }

    @Test
    void viterbiCorrectsUpToSevenHardErrors() {
        // Free distance 15: any 7 hard errors are corrected by ML decoding. 0 errors takes the
        // error-free fast path, 1…7 the trellis search; soft magnitudes vary, a zero LLR (no sign)
        // must send an otherwise error-free block to the search too.
        int n = 104;
        SplittableRandom r = new SplittableRandom(1);
        ConvolutionalCode code = new ConvolutionalCode(n);
        for (int trial = 0; trial < 64; trial++) {
            byte[] info = new byte[n];
            for (int i = 0; i < n; i++) {
                info[i] = (byte) r.nextInt(2);
            }
            byte[] coded = new byte[ConvolutionalCode.codedBits(n)];
            ConvolutionalCode.encode(info, n, coded);
            float[] llr = new float[coded.length];
            for (int i = 0; i < coded.length; i++) {
                float magnitude = 0.5f + (float) r.nextDouble();
                llr[i] = coded[i] == 0 ? magnitude : -magnitude;
            }
            for (int k = 0; k < trial % 8; k++) {
                int i = r.nextInt(coded.length);
                // Weaker than any correct LLR, so ML still picks the sent word (7 · 0.4 < 8 · 0.5
                // on the 15 positions where the nearest other codeword differs).
                llr[i] = coded[i] == 0 ? -0.4f : 0.4f;
            }
            if (trial % 16 == 8) {
                llr[r.nextInt(coded.length)] = 0f;
            }
            byte[] decoded = new byte[n];
            code.decode(llr, 0, n, decoded);
            assertArrayEquals(info, decoded);
        }
    }

    @Test
    void layoutPlacesEverySymbolOnceAndReportsItsOverhead() {
        PhyConfig c = PhyConfig.defaults();
        FrameLayout l = new FrameLayout(c, 1000);
        boolean[] used = new boolean[l.totalSymbols()];
        for (int k = 0; k < l.preambleSymbols(); k++) {
            used[k] = true;
        }
        for (int g = 0; g < l.pilotGroups(); g++) {
            for (int k = 0; k < c.pilotGroupSymbols(); k++) {
                int p = l.groupPosition(g) + k;
                assertTrue(!used[p], "pilot overlaps at " + p);
                used[p] = true;
            }
        }
        for (int j = 0; j < l.dataSymbols(); j++) {
            int p = l.dataPosition(j);
            assertTrue(!used[p], "data overlaps at " + p);
            used[p] = true;
        }
        for (boolean u : used) {
            assertTrue(u);
        }
        // 256 preamble + 330 header + 1000 payload = 1586 before pilots; 1330 data symbols in
        // segments of 32 → 42 segments, 43 groups of 4 pilots.
        assertEquals(256 + 43 * 4 + 1330, l.totalSymbols());
        assertEquals(100.0 * (l.totalSymbols() - 1000) / l.totalSymbols(), l.overheadPercent(), 1e-12);
        assertEquals((l.totalSymbols() - 1) * 4 + 49, l.totalSamples());
    }

    @Test
    void builderWritesFramesOfTheAnnouncedSizeAndPower() {
        PhyConfig c = PhyConfig.defaults();
        FrameBuilder b = new FrameBuilder(c);
        byte[] bits = new byte[500];
        float[] out = new float[2 * b.frameSamples(500)];
        int n = b.buildBits(FrameHeader.of(PayloadType.BITS, 1, 1, 500, 0, 0, 0, 1), bits, 0, 500, out, 0);
        assertEquals(b.frameSamples(500), n);
        // Unit-power symbols → mean sample power txRms² away from the edges (tails are 2·48 samples).
        double p = 0;
        for (int i = 100; i < n - 100; i++) {
            p += out[2 * i] * out[2 * i] + out[2 * i + 1] * out[2 * i + 1];
        }
        p /= n - 200;
        assertEquals(c.txRms() * c.txRms(), p, 0.05 * c.txRms() * c.txRms());
        var e = assertThrows(IllegalArgumentException.class,
                () -> b.buildKnown(FrameHeader.of(PayloadType.BITS, 1, 1, 5, 0, 0, 0, 1), 5, out, 0));
        assertTrue(e.getMessage().contains("payloadType must be KNOWN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PhyConfig.builder().samplesPerSymbol(1).build());
        assertTrue(e.getMessage().contains("[2, 16]"), e.getMessage());
    }
}
