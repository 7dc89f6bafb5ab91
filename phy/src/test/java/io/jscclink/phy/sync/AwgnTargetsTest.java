package io.jscclink.phy.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jscclink.phy.channel.ChannelConfig;
import io.jscclink.phy.channel.GaussianSource;
import io.jscclink.phy.est.BscEquivalent;
import io.jscclink.phy.est.SnrEstimator;
import io.jscclink.phy.frame.FrameHeader;
import io.jscclink.phy.frame.PayloadType;
import io.jscclink.phy.frame.PhyConfig;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Issue targets over AWGN, through the full frame → channel → streaming receiver path. */
class AwgnTargetsTest {
    private static final int PAYLOAD_BITS = 4000;

    /** Errors over {@code bits} random payload bits at Es/N0 = Eb/N0 = snrDb, sent in frames. */
    static long[] bitErrors(double snrDb, long bits, long seed) {
        PhyConfig cfg = PhyConfig.defaults();
        Link link = new Link(cfg, ChannelConfig.builder(), snrDb, seed);
        SplittableRandom r = new SplittableRandom(seed);
        int frames = (int) ((bits + PAYLOAD_BITS - 1) / PAYLOAD_BITS);
        byte[][] sent = new byte[frames][PAYLOAD_BITS];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < PAYLOAD_BITS; i++) {
                sent[f][i] = (byte) r.nextInt(2);
            }
            int n = link.builder.buildBits(FrameHeader.of(PayloadType.BITS, 1, 0, PAYLOAD_BITS, f, 0, 0, 1),
                    sent[f], 0, PAYLOAD_BITS, link.burst(), 0);
            link.gap(200 + r.nextInt(1000));
            link.send(n);
        }
        link.gap(2000);
        long errors = 0;
        boolean[] received = new boolean[frames];
        for (ReceivedFrame fr : link.frames) {
            int f = fr.header().sequenceNumber();
            received[f] = true;
            byte[] got = fr.bits();
            for (int i = 0; i < PAYLOAD_BITS; i++) {
                errors += got[i] ^ sent[f][i];
            }
        }
        for (boolean ok : received) {
            if (!ok) {
                errors += PAYLOAD_BITS / 2; // a lost frame's payload is a coin toss
            }
        }
        return new long[] {errors, (long) frames * PAYLOAD_BITS, frames - link.frames.size()};
    }

    /**
     * BER within 10 % of Q(√(2Eb/N0)). Tolerance: 10 % plus 3 binomial standard deviations of
     * the error count at this size (1/√(expected errors)).
     */
    static void assertBer(double snrDb, long bits, long seed) {
        long[] e = bitErrors(snrDb, bits, seed);
        double theory = BscEquivalent.crossoverAwgn(snrDb);
        double ber = (double) e[0] / e[1];
        double tol = 0.10 + 3 / Math.sqrt(theory * e[1]);
        System.out.printf("AWGN Eb/N0 %.0f dB: BER %.4e theory %.4e ratio %.3f (tolerance ±%.3f, %d bits, %d frames lost)%n",
                snrDb, ber, theory, ber / theory, tol, e[1], e[2]);
        assertEquals(1.0, ber / theory, tol);
    }

    @Test
    void bpskBitErrorRateMatchesTheoryAt0And4And8Db() {
        assertBer(0, 120_000, 11);
        assertBer(4, 240_000, 12);
        assertBer(8, 1_200_000, 13);
    }

    @Tag("slow")
    @Test
    void bpskBitErrorRateMatchesTheoryLargeRun() {
        assertBer(0, 1_000_000, 21);
        assertBer(4, 4_000_000, 22);
        assertBer(8, 20_000_000, 23);
    }

    /** Sends {@code frames} frames of {@code latents} Gaussian latents; returns them and the link. */
    static float[][] sendLatents(Link link, int frames, int latents, long seed) {
        GaussianSource g = new GaussianSource(seed);
        SplittableRandom r = new SplittableRandom(seed);
        float[][] sent = new float[frames][2 * latents];
        float[] mapped = new float[2 * latents];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < 2 * latents; i++) {
                sent[f][i] = (float) g.next();
            }
            // What the receiver should recover: the normalised, clipped latents.
            new io.jscclink.phy.mod.LatentMapper(link.config.latentClipSigma()).map(sent[f], 0, latents, mapped, 0);
            System.arraycopy(mapped, 0, sent[f], 0, 2 * latents);
            int n = link.builder.buildLatents(FrameHeader.of(PayloadType.COMPLEX, 2, 1, latents, f, f, 0, 1),
                    sent[f], 0, latents, link.burst(), 0).latents();
            link.gap(100 + r.nextInt(500));
            link.send(link.builder.frameSamples(n));
        }
        link.gap(2000);
        return sent;
    }

    /** Post-equalisation SNR (dB) of the delivered frames: Σ|x|² / Σ|x̂ − x|². */
    static double measuredSnrDb(Link link, float[][] sent) {
        double signal = 0;
        double error = 0;
        for (ReceivedFrame fr : link.frames) {
            float[] x = sent[fr.header().sequenceNumber()];
            float[] y = fr.symbols();
            for (int i = 0; i < x.length; i++) {
                signal += x[i] * x[i];
                error += (y[i] - x[i]) * (y[i] - x[i]);
            }
        }
        return 10 * Math.log10(signal / error);
    }

    @Test
    void complexLatentsAt10DbArriveWithin0p3DbOf10Db() {
        // 40 frames of 1000 latents: the error power estimate has relative std 1/sqrt(40000)
        // = 0.5 % (0.02 dB), negligible against the 0.3 dB target.
        Link link = new Link(PhyConfig.defaults(), ChannelConfig.builder(), 10, 31);
        float[][] sent = sendLatents(link, 40, 1000, 31);
        assertEquals(40, link.frames.size());
        double snr = measuredSnrDb(link, sent);
        System.out.printf("latents at Es/N0 10 dB: measured %.3f dB after ZF%n", snr);
        assertEquals(10.0, snr, 0.3);
    }

    /**
     * Pilot SNR over {@code frames} frames at each SNR: bias below 0.2 dB and RMSE within 1.5×
     * the data-aided Cramér–Rao bound (in dB: 10/ln10·sqrt((2/ρ + 1)/N), N known symbols per
     * frame). Statistical allowance for M frames: the bias gets 3·RMSE/√M, the RMSE a relative
     * 3/√(2M).
     */
    static void assertSnrEstimates(double[] snrsDb, int frames, long seed) {
        for (double snrDb : snrsDb) {
            Link link = new Link(PhyConfig.defaults(), ChannelConfig.builder(), snrDb, seed + (long) snrDb);
            sendLatents(link, frames, 1000, seed);
            assertEquals(frames, link.frames.size(), "all frames delivered at " + snrDb + " dB");
            io.jscclink.phy.frame.FrameLayout layout = new io.jscclink.phy.frame.FrameLayout(link.config, 1000);
            int known = layout.preambleSymbols() + layout.pilotSymbols();
            double rho = Math.pow(10, snrDb / 10);
            double crbDb = SnrEstimator.dataAidedCrbDb(rho, known);
            double sum = 0;
            double sum2 = 0;
            double m2m4 = 0;
            for (ReceivedFrame fr : link.frames) {
                double e = fr.pilotSnrDb() - snrDb;
                sum += e;
                sum2 += e * e;
                m2m4 += fr.m2m4SnrDb();
            }
            double bias = sum / frames;
            double rmse = Math.sqrt(sum2 / frames);
            System.out.printf("SNR %5.1f dB: pilot estimate bias %+.3f dB, RMSE %.3f dB, CRB %.3f dB (N=%d), ratio %.2f; M2M4 mean %.2f dB%n",
                    snrDb, bias, rmse, crbDb, known, rmse / crbDb, m2m4 / frames);
            assertEquals(0, bias, 0.2 + 3 * rmse / Math.sqrt(frames), "bias at " + snrDb + " dB");
            assertTrue(rmse <= 1.5 * crbDb * (1 + 3 / Math.sqrt(2.0 * frames)), "RMSE " + rmse + " vs CRB " + crbDb);
        }
    }

    @Test
    void pilotSnrEstimateIsUnbiasedAndNearTheCramerRaoBound() {
        assertSnrEstimates(new double[] {0, 5, 10, 15, 20, 25}, 40, 41);
    }

    @Tag("slow")
    @Test
    void pilotSnrEstimateLargeRun() {
        assertSnrEstimates(new double[] {0, 5, 10, 15, 20, 25}, 400, 51);
    }
}
