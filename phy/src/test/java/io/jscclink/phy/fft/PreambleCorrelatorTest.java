package io.jscclink.phy.fft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PreambleCorrelatorTest {
    /**
     * The grouped FFTs give the direct sums: every sub-block's correlation at every lag and the
     * normalised metric, for the receiver's shape (8 × 66 samples, 226 lags), for sub-blocks that
     * fill their FFT exactly, and for one block; float FFTs of ≤ 1024 points agree with double
     * sums to ~1e-5 of the correlation's scale.
     */
    @Test
    void groupedFftsMatchTheDirectCorrelationAtEveryLag() {
        check(530, 8, 226, 1);
        check(96, 3, 65, 2);
        check(40, 1, 25, 3);
        check(530, 8, 10, 4);
    }

    private static void check(int templateSamples, int blocks, int maxLags, long seed) {
        io.jscclink.phy.simd.Simd.awaitWarmUp(120); // correlateDirect on its SIMD path where supported
        SplittableRandom random = new SplittableRandom(seed);
        float[] template = new float[2 * templateSamples];
        for (int i = 0; i < template.length; i++) {
            template[i] = (float) (random.nextDouble() - 0.5);
        }
        int samples = templateSamples + maxLags - 1;
        int offset = 7;
        float[] window = new float[2 * (offset + samples)];
        for (int i = 0; i < window.length; i++) {
            window[i] = (float) (random.nextDouble() - 0.5);
        }
        // The template itself at lag 17 (when there is one), so one metric is near 1.
        int planted = Math.min(17, maxLags - 1);
        for (int n = 0; n < templateSamples; n++) {
            window[2 * (offset + planted + n)] += template[2 * n];
            window[2 * (offset + planted + n) + 1] += template[2 * n + 1];
        }
        PreambleCorrelator c = new PreambleCorrelator(template, templateSamples, blocks, maxLags);
        assertEquals(maxLags, c.correlate(window, offset, samples));
        assertMatchesDirectSums(c, template, templateSamples, blocks, window, offset, maxLags, planted);
        // The direct sums (lags on SIMD lanes) give the same, over the whole window and over a
        // shorter one (fewer lags, as the receiver's first, narrow search).
        assertEquals(maxLags, c.correlateDirect(window, offset, samples));
        assertMatchesDirectSums(c, template, templateSamples, blocks, window, offset, maxLags, planted);
        int fewer = Math.min(maxLags, 21);
        assertEquals(fewer, c.correlateDirect(window, offset, templateSamples + fewer - 1));
        assertMatchesDirectSums(c, template, templateSamples, blocks, window, offset, fewer, Math.min(planted, fewer - 1));
    }

    private static void assertMatchesDirectSums(PreambleCorrelator c, float[] template, int templateSamples, int blocks,
            float[] window, int offset, int lags, int planted) {
        int b = templateSamples / blocks;
        for (int d = 0; d < lags; d++) {
            double metric = 0;
            for (int k = 0; k < blocks; k++) {
                double re = 0;
                double im = 0;
                double e = 0;
                double w = 0;
                for (int n = k * b; n < (k + 1) * b; n++) {
                    double xr = window[2 * (offset + n + d)];
                    double xi = window[2 * (offset + n + d) + 1];
                    double tr = template[2 * n];
                    double ti = template[2 * n + 1];
                    re += xr * tr + xi * ti;
                    im += xi * tr - xr * ti;
                    e += tr * tr + ti * ti;
                    w += xr * xr + xi * xi;
                }
                double scale = Math.sqrt(e * w);
                assertEquals(re, c.blockRe(k, d), 1e-5 * scale, "block " + k + " lag " + d);
                assertEquals(im, c.blockIm(k, d), 1e-5 * scale, "block " + k + " lag " + d);
                metric += (re * re + im * im) / (e * w * blocks);
                assertEquals((re * re + im * im) / (e * w), c.blockMetric(k, d), 1e-5, "block metric " + k + " lag " + d);
            }
            assertEquals(metric, c.metric(d), 1e-5, "metric at lag " + d);
        }
        // Template over noise of equal power: about |E|²/(E·2E) = 0.5, where noise alone
        // averages 1/(sub-block length) ≤ 0.03.
        assertTrue(c.metric(planted) > 0.25, "the planted template stands out: " + c.metric(planted));
    }

    @Test
    void aWindowOfTheWrongSizeIsRefused() {
        PreambleCorrelator c = new PreambleCorrelator(new float[2 * 64], 64, 4, 10);
        assertThrows(IllegalArgumentException.class, () -> c.correlate(new float[2 * 100], 0, 74));
        assertThrows(IllegalArgumentException.class, () -> c.correlate(new float[2 * 100], 0, 63));
    }
}
