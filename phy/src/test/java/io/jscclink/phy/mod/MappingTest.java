package io.jscclink.phy.mod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jscclink.phy.channel.GaussianSource;
import org.junit.jupiter.api.Test;

class MappingTest {
    @Test
    void bpskMapsBitsAndLlrSignsFollowThem() {
        byte[] bits = {0, 1, 1, 0};
        float[] s = new float[8];
        Bpsk.map(bits, 0, 4, s, 0);
        assertEquals(1f, s[0]);
        assertEquals(-1f, s[2]);
        // y = h·s with h = j: the LLR must undo the rotation.
        float llr = Bpsk.llr(0f, -0.8f, 0, 1, Bpsk.llrScale(0.5));
        assertEquals(4 * 0.8 * -1 / 0.5, llr, 1e-6); // y = j·(−0.8) → s = −0.8 → bit 1
        assertEquals(1, Bpsk.hard(llr));
        var e = assertThrows(IllegalArgumentException.class, () -> Bpsk.map(new byte[] {2}, 0, 1, s, 0));
        assertTrue(e.getMessage().contains("0 or 1"));
    }

    @Test
    void latentsAreNormalisedAndClippedAtTheRateGaussianTheoryPredicts() {
        // CN(0,1) latents (any scale): |z|² ~ Exp(1), so P(|z| > c) = e^{−c²}. At c = 2 that is
        // e^{−4} = 0.0183; with n = 100000 the binomial std of the rate is 4.2e-4; allow 5σ.
        int n = 100_000;
        GaussianSource g = new GaussianSource(4);
        float[] z = new float[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            z[i] = (float) (3.7 * g.next());
        }
        float[] out = new float[2 * n];
        MappingReport r = new LatentMapper(2).map(z, 0, n, out, 0);
        double p = Math.exp(-4);
        assertEquals(p, r.clipRate(), 5 * Math.sqrt(p * (1 - p) / n));
        double power = 0;
        double max = 0;
        for (int i = 0; i < n; i++) {
            double m2 = out[2 * i] * out[2 * i] + out[2 * i + 1] * out[2 * i + 1];
            power += m2;
            max = Math.max(max, m2);
        }
        assertTrue(Math.sqrt(max) <= 2 + 1e-5, "clipped to 2 RMS");
        // Clipping removes E[(|z|²−4)·1{|z|²>4}] = e^{−4} of the unit power.
        assertEquals(1 - Math.exp(-4), power / n, 0.01);
        assertEquals(1 / (3.7 * Math.sqrt(2)), r.scale(), 0.01); // each component has std 3.7
        assertThrows(IllegalArgumentException.class, () -> new LatentMapper(4).map(new float[] {Float.NaN, 0}, 0, 1, out, 0));
        assertThrows(IllegalArgumentException.class, () -> new LatentMapper(0.5));
    }

    @Test
    void paprOfAConstantEnvelopeIsZeroDb() {
        float[] x = {1, 0, 0, 1, -1, 0, 0, -1};
        assertEquals(0.0, LatentMapper.paprDb(x, 0, 4), 1e-9);
        float[] y = {2, 0, 0, 0, 0, 0, 0, 0};
        assertEquals(10 * Math.log10(4), LatentMapper.paprDb(y, 0, 4), 1e-9);
    }
}
