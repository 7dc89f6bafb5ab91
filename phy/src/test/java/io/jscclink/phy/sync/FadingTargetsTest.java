package io.jscclink.phy.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jscclink.phy.channel.ChannelConfig;
import io.jscclink.phy.channel.Fading;
import io.jscclink.phy.est.BscEquivalent;
import io.jscclink.phy.frame.FrameHeader;
import io.jscclink.phy.frame.FrameLayout;
import io.jscclink.phy.frame.PayloadType;
import io.jscclink.phy.frame.PhyConfig;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * BPSK over Rayleigh block fading, one gain per 8 pilot periods (288 symbols), through the full
 * path. Why blocks within the frame and not one gain per frame: with one gain per frame over
 * half of the average BER at 20 dB comes from frames faded below 0 dB, where no preamble or
 * header can be decoded, so the theory ½(1 − √(γ/(1+γ))) (perfect CSI on every symbol) cannot be
 * reached by any receiver. With several fades per frame the frame is synchronised on average
 * and each payload block sees its own gain.
 *
 * <p>Blocks are aligned to pilot groups (a burst delay puts the block boundaries just before
 * every 8th pilot group, the preamble inside one block). Counted: payload bits in blocks after
 * those of the preamble and header, of delivered frames — their gains are independent of the
 * ones that decided detection, so skipping lost frames does not bias the estimate.
 */
class FadingTargetsTest {
    private static final int PAYLOAD = 2000;
    private static final int GROUPS_PER_BLOCK = 8;

    static void assertRayleighBer(double snrDb, int frames, long seed) {
        PhyConfig cfg = PhyConfig.defaults();
        int sps = cfg.samplesPerSymbol();
        int period = cfg.pilotSpacing() + cfg.pilotGroupSymbols();
        int blockSamples = GROUPS_PER_BLOCK * period * sps;
        FrameLayout layout = new FrameLayout(cfg, PAYLOAD);
        // Boundary half a symbol before the first pilot group's pulse centre.
        int firstPilotCentre = cfg.filterDelaySamples() + layout.preambleSymbols() * sps - sps / 2;
        int delay = Math.floorMod(-firstPilotCentre, blockSamples);
        ChannelConfig.Builder ch = ChannelConfig.builder().fading(Fading.RAYLEIGH_BLOCK)
                .blockLengthSamples(blockSamples).timingOffsetSamples(delay).clipLevel(1000);
        Link link = new Link(cfg, ch, snrDb, seed);
        SplittableRandom r = new SplittableRandom(seed);
        byte[][] sent = new byte[frames][PAYLOAD];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < PAYLOAD; i++) {
                sent[f][i] = (byte) r.nextInt(2);
            }
            int n = link.builder.buildBits(FrameHeader.of(PayloadType.BITS, 1, 0, PAYLOAD, f, 0, 0, 1), sent[f], 0,
                    PAYLOAD, link.burst(), 0);
            link.gap(100 + r.nextInt(500));
            link.send(n);
        }
        link.gap(4000);
        // Payload bits from the first block after the header's last block.
        int headerGroups = (FrameLayout.HEADER_SYMBOLS + cfg.pilotSpacing() - 1) / cfg.pilotSpacing();
        int firstGroup = (headerGroups / GROUPS_PER_BLOCK + 1) * GROUPS_PER_BLOCK;
        int firstBit = firstGroup * cfg.pilotSpacing() - FrameLayout.HEADER_SYMBOLS;
        int bitsPerBlock = GROUPS_PER_BLOCK * cfg.pilotSpacing();
        long errors = 0;
        long bits = 0;
        double sumBlock = 0;
        double sumBlock2 = 0;
        int blocks = 0;
        for (ReceivedFrame fr : link.frames) {
            byte[] want = sent[fr.header().sequenceNumber()];
            for (int b0 = firstBit; b0 + bitsPerBlock <= PAYLOAD; b0 += bitsPerBlock) {
                int e = 0;
                for (int i = b0; i < b0 + bitsPerBlock; i++) {
                    e += fr.bits()[i] ^ want[i];
                }
                errors += e;
                bits += bitsPerBlock;
                double rate = (double) e / bitsPerBlock;
                sumBlock += rate;
                sumBlock2 += rate * rate;
                blocks++;
            }
        }
        double ber = (double) errors / bits;
        double theory = BscEquivalent.crossoverRayleigh(snrDb);
        // Blocks are independent: the standard error of the mean is the per-block std / √blocks.
        double mean = sumBlock / blocks;
        double stdErr = Math.sqrt(Math.max(sumBlock2 / blocks - mean * mean, 0) / blocks);
        double tol = 0.10 + 3 * stdErr / theory;
        System.out.printf("Rayleigh %.0f dB: BER %.4e theory %.4e ratio %.3f (tolerance ±%.3f; %d blocks, %d of %d frames)%n",
                snrDb, ber, theory, ber / theory, tol, blocks, link.frames.size(), frames);
        assertEquals(1.0, ber / theory, tol);
    }

    @Test
    void bpskOverRayleighBlockFadingMatchesTheoryAt10And20Db() {
        assertRayleighBer(10, 120, 91);
        assertRayleighBer(20, 240, 92);
    }

    @Tag("slow")
    @Test
    void bpskOverRayleighBlockFadingLargeRun() {
        assertRayleighBer(10, 1500, 93);
        assertRayleighBer(20, 4000, 94);
    }
}
