package io.jscclink.phy.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChannelSimulatorTest {
    private static final double FS = 1e6;

    /** Complex exponential at normalised frequency f (cycles/sample), amplitude a. */
    private static float[] tone(int n, double f, double a) {
        float[] x = new float[2 * n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) (a * Math.cos(2 * Math.PI * f * i));
            x[2 * i + 1] = (float) (a * Math.sin(2 * Math.PI * f * i));
        }
        return x;
    }

    private static double meanPower(float[] x, int from, int to) {
        double e = 0;
        for (int i = from; i < to; i++) {
            e += x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1];
        }
        return e / (to - from);
    }

    @Test
    void buildRejectsOutOfRangeValuesNamingTheRange() {
        var e = assertThrows(IllegalArgumentException.class, () -> ChannelConfig.builder().snrDb(Double.NaN).build());
        assertTrue(e.getMessage().contains("[-50, 100]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChannelConfig.builder().quantisationBits(1).build());
        assertTrue(e.getMessage().contains("[2, 16]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChannelConfig.builder().sampleRateOffsetPpm(2000).build());
        assertTrue(e.getMessage().contains("sampleRateOffsetPpm must be in [-1000.0, 1000.0]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChannelConfig.builder().clipLevel(0).build());
        assertTrue(e.getMessage().contains("(0, 1000]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ChannelSimulator(ChannelConfig.builder().cfoHz(6e5).build(), FS));
        assertTrue(e.getMessage().contains("sampleRate/2"), e.getMessage());
    }

    @Test
    void defaultsPassTheBurstUnchanged() {
        ChannelSimulator sim = new ChannelSimulator(ChannelConfig.builder().build(), FS);
        float[] x = tone(1000, 0.01, 0.5);
        float[] y = new float[2 * sim.maxOutputSamples(1000)];
        assertEquals(1000, sim.applyBurst(x, 0, 1000, y, 0));
        assertArrayEquals(x, y);
        assertEquals(Double.POSITIVE_INFINITY, sim.lastBurstSnrDb());
        assertEquals(1.0, sim.lastBurstGainRe());
        float[] noise = new float[200];
        sim.noiseOnly(noise, 0, 100);
        assertArrayEquals(new float[200], noise);
    }

    @Test
    void awgnHasTheConfiguredSnrAndNoiseOnlyKeepsTheNoisePower() {
        // Noise power from N complex samples: |n|² is exponential, so the relative standard
        // deviation of the mean is 1/sqrt(N) = 0.32 % for N = 1e5; 5 sigma = 1.6 %.
        int n = 100_000;
        ChannelSimulator sim = new ChannelSimulator(ChannelConfig.builder().snrDb(10).noisePower(1e-4).seed(1).build(), FS);
        float[] before = new float[2 * n];
        sim.noiseOnly(before, 0, n);
        assertEquals(1e-4, meanPower(before, 0, n), 1e-4 * 5 / Math.sqrt(n));
        float[] x = tone(n, 0.0, 0.3);
        float[] y = new float[2 * n];
        sim.applyBurst(x, 0, n, y, 0);
        double noise = 0;
        for (int i = 0; i < 2 * n; i++) {
            double d = y[i] - x[i];
            noise += d * d;
        }
        noise /= n;
        double expected = 0.09 / 10;
        assertEquals(expected, noise, expected * 5 / Math.sqrt(n));
        assertEquals(10.0, sim.lastBurstSnrDb(), 1e-9);
        assertEquals(expected, sim.currentNoisePower(), 1e-9);
        float[] after = new float[2 * n];
        sim.noiseOnly(after, 0, n);
        assertEquals(expected, meanPower(after, 0, n), expected * 5 / Math.sqrt(n));
    }

    @Test
    void rayleighBlockGainsHaveUnitMeanPowerAndRayleighStatistics() {
        // |h|² ~ Exp(1): mean 1 (std of the mean over B bursts 1/sqrt(B)); P(|h|² < 0.1) = 1 − e^−0.1.
        int bursts = 4000;
        ChannelSimulator sim = new ChannelSimulator(ChannelConfig.builder().fading(Fading.RAYLEIGH_BLOCK).clipLevel(1000).seed(7).build(), FS);
        float[] x = tone(16, 0, 1);
        float[] y = new float[32];
        double sum = 0;
        int deep = 0;
        for (int b = 0; b < bursts; b++) {
            sim.applyBurst(x, 0, 16, y, 0);
            double g2 = sim.lastBurstGainRe() * sim.lastBurstGainRe() + sim.lastBurstGainIm() * sim.lastBurstGainIm();
            assertEquals(g2, y[30] * y[30] + y[31] * y[31], 1e-5, "one gain for the whole burst");
            assertEquals(Double.POSITIVE_INFINITY, sim.lastBurstSnrDb(), "no noise configured");
            sum += g2;
            if (g2 < 0.1) {
                deep++;
            }
        }
        assertEquals(1.0, sum / bursts, 5 / Math.sqrt(bursts));
        double p = 1 - Math.exp(-0.1);
        assertEquals(p, (double) deep / bursts, 5 * Math.sqrt(p * (1 - p) / bursts));
    }

    @Test
    void blockLengthChangesTheGainEveryBlock() {
        ChannelSimulator sim = new ChannelSimulator(
                ChannelConfig.builder().fading(Fading.RAYLEIGH_BLOCK).blockLengthSamples(100).clipLevel(1000).seed(3).build(), FS);
        float[] x = tone(300, 0, 1);
        float[] y = new float[600];
        sim.applyBurst(x, 0, 300, y, 0);
        assertEquals(y[0], y[198], 1e-6f);
        assertTrue(Math.abs(y[0] - y[200]) > 1e-4, "new gain at sample 100");
    }

    @Test
    void ricianGainHasTheLineOfSightPower() {
        // K = 3: |h|² has mean 1; the mean of h is the LOS part, |E h|² = K/(K+1) = 0.75.
        int bursts = 4000;
        ChannelSimulator sim = new ChannelSimulator(
                ChannelConfig.builder().fading(Fading.RICIAN_BLOCK).ricianK(3).seed(5).build(), FS);
        float[] x = tone(4, 0, 1);
        float[] y = new float[8];
        double re = 0;
        double im = 0;
        double p = 0;
        for (int b = 0; b < bursts; b++) {
            sim.applyBurst(x, 0, 4, y, 0);
            re += sim.lastBurstGainRe();
            im += sim.lastBurstGainIm();
            p += sim.lastBurstGainRe() * sim.lastBurstGainRe() + sim.lastBurstGainIm() * sim.lastBurstGainIm();
        }
        re /= bursts;
        im /= bursts;
        // Scatter variance 0.25 per complex value: std of the mean amplitude sqrt(0.25/B) = 0.008.
        assertEquals(0.75, re * re + im * im, 2 * Math.sqrt(0.75) * 5 * Math.sqrt(0.25 / bursts));
        assertEquals(1.0, p / bursts, 5 * Math.sqrt(0.25 * 2.5 / bursts));
    }

    @Test
    void dopplerFadingHasUnitPowerAndTheClarkeAutocorrelation() {
        // Over independent seeds the arrival angles are uniform, so E|h|² = 1 and
        // E[h(t+d) h*(t)] = J0(2 pi fd d / fs) exactly. |h|² ~ Exp(1) and the products have
        // variance <= 1, so with S seeds each estimate has std <= 1/sqrt(S); allow 5 sigma.
        int seeds = 2000;
        double fd = 10_000;
        int lag = 20;
        float[] x = tone(64, 0, 1);
        float[] y = new float[128];
        double power = 0;
        double corr = 0;
        for (int s = 0; s < seeds; s++) {
            ChannelSimulator sim = new ChannelSimulator(
                    ChannelConfig.builder().fading(Fading.RAYLEIGH_DOPPLER).dopplerHz(fd).clipLevel(1000).seed(s).build(), FS);
            sim.applyBurst(x, 0, 64, y, 0);
            power += y[0] * y[0] + y[1] * y[1];
            corr += y[2 * lag] * y[0] + y[2 * lag + 1] * y[1];
            assertEquals(y[20], y[22], 2 * Math.PI * fd / FS * 3, "smooth: phase step 2 pi fd/fs per sample");
        }
        double tol = 5 / Math.sqrt(seeds);
        assertEquals(1.0, power / seeds, tol);
        assertEquals(besselJ0(2 * Math.PI * fd * lag / FS), corr / seeds, tol);
    }

    private static double besselJ0(double x) {
        double sum = 0;
        double term = 1;
        for (int k = 0; k < 40; k++) {
            sum += term;
            term *= -(x / 2) * (x / 2) / ((k + 1.0) * (k + 1.0));
        }
        return sum;
    }

    @Test
    void carrierOffsetRotatesAtTheConfiguredRate() {
        double cfo = 12_345;
        ChannelSimulator sim = new ChannelSimulator(ChannelConfig.builder().cfoHz(cfo).build(), FS);
        float[] x = tone(1000, 0, 0.5);
        float[] y = new float[2000];
        sim.applyBurst(x, 0, 1000, y, 0);
        for (int i = 1; i < 1000; i++) {
            double dphi = Math.atan2(y[2 * i + 1] * y[2 * i - 2] - y[2 * i] * y[2 * i - 1],
                    y[2 * i] * y[2 * i - 2] + y[2 * i + 1] * y[2 * i - 1]);
            assertEquals(2 * Math.PI * cfo / FS, dphi, 1e-5);
        }
    }

    @Test
    void fractionalTimingOffsetDelaysABandLimitedSignal() {
        double tau = 2.37;
        ChannelSimulator sim = new ChannelSimulator(ChannelConfig.builder().timingOffsetSamples(tau).build(), FS);
        int n = 2000;
        double f = 0.05;
        float[] x = tone(n, f, 0.5);
        int outLen = sim.maxOutputSamples(n);
        assertTrue(outLen >= n + 2);
        float[] y = new float[2 * outLen];
        assertEquals(outLen, sim.applyBurst(x, 0, n, y, 0));
        // Away from the edges the output is the tone at t − tau; the windowed-sinc error is
        // below −50 dB for this frequency.
        double err = 0;
        for (int i = 100; i < n - 100; i++) {
            double phase = 2 * Math.PI * f * (i - tau);
            double dr = y[2 * i] - 0.5 * Math.cos(phase);
            double di = y[2 * i + 1] - 0.5 * Math.sin(phase);
            err += dr * dr + di * di;
        }
        err /= n - 200;
        assertTrue(10 * Math.log10(err / 0.25) < -50, "interpolation error " + 10 * Math.log10(err / 0.25) + " dB");
    }

    @Test
    void sampleRateOffsetStretchesTheBurst() {
        double ppm = 500;
        ChannelSimulator sim = new ChannelSimulator(ChannelConfig.builder().sampleRateOffsetPpm(ppm).build(), FS);
        int n = 20_000;
        double f = 0.02;
        float[] x = tone(n, f, 0.5);
        int outLen = sim.maxOutputSamples(n);
        assertEquals(n * (1 + ppm * 1e-6), outLen, 10);
        float[] y = new float[2 * outLen];
        sim.applyBurst(x, 0, n, y, 0);
        // The receiver clock runs fast: the tone appears at f/(1+ppm·1e-6) cycles per sample.
        int i = n - 100;
        double expected = 2 * Math.PI * f * i / (1 + ppm * 1e-6);
        double got = Math.atan2(y[2 * i + 1], y[2 * i]);
        double diff = Math.IEEEremainder(got - expected, 2 * Math.PI);
        assertEquals(0, diff, 0.01);
    }

    @Test
    void receiverImpairmentsDcImbalanceClipAndQuantisation() {
        ChannelSimulator sim = new ChannelSimulator(ChannelConfig.builder()
                .dcOffsetI(0.1).dcOffsetQ(-0.05).iqGainImbalanceDb(1).quantisationBits(8).clipLevel(0.5).build(), FS);
        float[] x = {0f, 0.2f, 0.9f, 0f};
        float[] y = new float[4];
        sim.applyBurst(x, 0, 2, y, 0);
        double g = Math.pow(10, 1 / 20.0);
        assertEquals(Math.round(0.1 * 128) / 128.0, y[0], 1e-6);
        assertEquals(Math.round(g * 0.15 * 128) / 128.0, y[1], 1e-6);
        assertEquals(0.5, y[2], 1e-6, "clipped to clipLevel");
        for (float v : y) {
            assertEquals(0, v * 128 - Math.round(v * 128), 1e-4, "8-bit code");
        }
    }

    @Test
    void rxGainScalesSignalAndNoiseAheadOfTheAdc() {
        // 6 dB of gain doubles the amplitude (×1.995) before the DC offset is added and the
        // clip applies: 0.2 → 0.399 + 0.1; 0.3 → 0.599, clipped at 0.5.
        ChannelSimulator sim = new ChannelSimulator(ChannelConfig.builder()
                .rxGainDb(6).dcOffsetI(0.1).clipLevel(0.5).build(), FS);
        float[] y = new float[4];
        sim.applyBurst(new float[] {0.2f, 0.3f, 0f, 0f}, 0, 2, y, 0);
        double g = Math.pow(10, 6 / 20.0);
        assertEquals(0.2 * g + 0.1, y[0], 1e-6);
        assertEquals(0.5, y[1], 1e-6, "clipped after the gain");
        // The gain does not change the SNR the channel applies (noise is scaled alike).
        ChannelConfig noisy = ChannelConfig.builder().snrDb(10).seed(3).build();
        float[] x = tone(20000, 0.01, 0.1);
        float[] plain = new float[x.length];
        float[] gained = new float[x.length];
        new ChannelSimulator(noisy, FS).applyBurst(x, 0, 20000, plain, 0);
        new ChannelSimulator(noisy.toBuilder().rxGainDb(-10).build(), FS)
                .applyBurst(x, 0, 20000, gained, 0);
        for (int i = 0; i < x.length; i++) {
            assertEquals(plain[i] * Math.pow(10, -10 / 20.0), gained[i], 1e-6);
        }
    }

    @Test
    void phaseImbalanceLeaksIIntoQ() {
        ChannelSimulator sim = new ChannelSimulator(ChannelConfig.builder().iqPhaseImbalanceDeg(10).build(), FS);
        float[] x = {0.5f, 0f};
        float[] y = new float[2];
        sim.applyBurst(x, 0, 1, y, 0);
        assertEquals(0.5, y[0], 1e-6);
        assertEquals(-0.5 * Math.sin(Math.toRadians(10)), y[1], 1e-6);
    }

    @Test
    void phaseNoiseIsAWienerProcess() {
        // Phase after n samples has variance n·sigma²: here 1000 · 1e-4 = 0.1 rad².
        int trials = 400;
        double sigma2 = 1e-4;
        int n = 1001;
        double sum2 = 0;
        for (int t = 0; t < trials; t++) {
            ChannelSimulator sim = new ChannelSimulator(
                    ChannelConfig.builder().phaseNoiseRad2PerSample(sigma2).seed(t).build(), FS);
            float[] x = tone(n, 0, 0.5);
            float[] y = new float[2 * n];
            sim.applyBurst(x, 0, n, y, 0);
            double phi = Math.atan2(y[2 * (n - 1) + 1], y[2 * (n - 1)]);
            sum2 += phi * phi;
        }
        // Variance estimate of a Gaussian from T samples has relative std sqrt(2/T) = 7 %; 5 sigma.
        assertEquals(0.1, sum2 / trials, 0.1 * 5 * Math.sqrt(2.0 / trials));
    }

    @Test
    void sameSeedReproducesTheOutput() {
        ChannelConfig c = ChannelConfig.builder().fading(Fading.RAYLEIGH_BLOCK).snrDb(5).cfoHz(100)
                .timingOffsetSamples(0.5).seed(42).build();
        float[] x = tone(500, 0.01, 0.5);
        ChannelSimulator a = new ChannelSimulator(c, FS);
        ChannelSimulator b = new ChannelSimulator(c, FS);
        float[] ya = new float[2 * a.maxOutputSamples(500)];
        float[] yb = new float[ya.length];
        a.applyBurst(x, 0, 500, ya, 0);
        b.applyBurst(x, 0, 500, yb, 0);
        assertArrayEquals(ya, yb);
    }

    @Test
    void nonFiniteInputIsRejected() {
        ChannelSimulator sim = new ChannelSimulator(ChannelConfig.builder().snrDb(10).build(), FS);
        float[] x = {0.1f, Float.NaN};
        var e = assertThrows(IllegalArgumentException.class, () -> sim.applyBurst(x, 0, 1, new float[2], 0));
        assertTrue(e.getMessage().contains("finite"));
        assertThrows(IllegalArgumentException.class, () -> sim.applyBurst(new float[4], 1, 2, new float[8], 0));
    }
}
