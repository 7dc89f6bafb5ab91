package io.jscclink.phy.pulse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PulseShapingTest {
    @Test
    void tapsHaveUnitEnergyAndTheCascadeIsNyquist() {
        int sps = 4;
        int span = 12;
        double[] h = RootRaisedCosine.taps(sps, span, 0.35);
        assertEquals(span * sps + 1, h.length);
        double e = 0;
        for (double v : h) {
            e += v * v;
        }
        assertEquals(1.0, e, 1e-12);
        // RRC * RRC = raised cosine: 1 at lag 0, ~0 at non-zero multiples of sps. Truncation to
        // ±6 symbols leaves residual ISI; bound it at −40 dB in total power.
        double isi = 0;
        for (int k = 1; k <= span; k++) {
            double c = 0;
            for (int n = 0; n < h.length; n++) {
                int m = n + k * sps;
                if (m < h.length) {
                    c += h[n] * h[m];
                }
            }
            isi += 2 * c * c;
        }
        assertTrue(10 * Math.log10(isi) < -40, "ISI " + 10 * Math.log10(isi) + " dB");
    }

    @Test
    void polyphaseInterpolatorEqualsUpsampleAndFilter() {
        int sps = 4;
        double rms = 0.3;
        PolyphaseInterpolator shaper = new PolyphaseInterpolator(sps, 8, 0.5, rms);
        double[] h = RootRaisedCosine.taps(sps, 8, 0.5);
        float[] sym = {1, 0, -1, 0.5f, 0.3f, -0.7f, 0, 1};
        int n = shaper.outputSamples(4);
        assertEquals(3 * sps + h.length, n);
        float[] out = new float[2 * n];
        shaper.shape(sym, 0, 4, out, 0);
        for (int m = 0; m < n; m++) {
            double re = 0;
            double im = 0;
            for (int k = 0; k < 4; k++) {
                int tap = m - k * sps;
                if (tap >= 0 && tap < h.length) {
                    re += h[tap] * sym[2 * k] * rms * Math.sqrt(sps);
                    im += h[tap] * sym[2 * k + 1] * rms * Math.sqrt(sps);
                }
            }
            assertEquals(re, out[2 * m], 1e-5);
            assertEquals(im, out[2 * m + 1], 1e-5);
        }
    }

    @Test
    void matchedFilterRecoversSymbolsAtAnyFractionalDelay() {
        // A shaped burst delayed by a fraction of a sample (by evaluating the MF at the delayed
        // instants) must give back the symbols within the ISI floor plus the 1/64-sample phase
        // quantisation: error power below −35 dB.
        int sps = 4;
        int span = 12;
        PolyphaseInterpolator shaper = new PolyphaseInterpolator(sps, span, 0.35, 1.0 / Math.sqrt(sps));
        MatchedFilter mf = new MatchedFilter(sps, span, 0.35);
        int symbols = 200;
        float[] sym = new float[2 * symbols];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < 2 * symbols; i++) {
            sym[i] = r.nextBoolean() ? 0.7071f : -0.7071f;
        }
        int pad = 40;
        int n = shaper.outputSamples(symbols);
        float[] iq = new float[2 * (n + 2 * pad)];
        shaper.shape(sym, 0, symbols, iq, pad);
        // TX rms 1/sqrt(sps) means unit-energy pulses, so the MF output equals the symbol.
        double gain = 1.0;
        float[] y = new float[2];
        double err = 0;
        for (int k = 20; k < symbols - 20; k++) {
            mf.filterAt(iq, pad + mf.halfLength() + k * sps, y, 0);
            err += Math.pow(y[0] / gain - sym[2 * k], 2) + Math.pow(y[1] / gain - sym[2 * k + 1], 2);
        }
        err /= symbols - 40;
        assertTrue(10 * Math.log10(err) < -35, "MF error " + 10 * Math.log10(err) + " dB");
    }

    @Test
    void runsEqualSingleEvaluations() {
        int sps = 4;
        MatchedFilter mf = new MatchedFilter(sps, 12, 0.35);
        float[] iq = gaussianIq(400, 8);
        float[] run = new float[2 * 60];
        float[] one = new float[2];
        for (int phase : new int[] {0, 17, 63}) {
            int m0 = 61;
            mf.filterRun(iq, m0, phase, 60, run, 0);
            for (int j = 0; j < 60; j++) {
                // The single evaluation at the same instant, from its own direct sum.
                double t = m0 + j * sps + (double) phase / MatchedFilter.PHASES;
                double re = 0;
                double im = 0;
                double[] h = new double[49];
                for (int u = 0; u < 49; u++) {
                    double x = (double) phase / MatchedFilter.PHASES + 24 - u;
                    h[u] = Math.abs(x) > 24 ? 0 // the filter spans ±24 samples
                            : RootRaisedCosine.normalisation(sps, 12, 0.35) * RootRaisedCosine.value(x / sps, 0.35);
                    int idx = m0 + j * sps - 24 + u;
                    re += h[u] * iq[2 * idx];
                    im += h[u] * iq[2 * idx + 1];
                }
                assertEquals(re, run[2 * j], 1e-4);
                assertEquals(im, run[2 * j + 1], 1e-4);
                mf.filterAt(iq, t, one, 0);
                assertEquals(run[2 * j], one[0], 1e-6);
                assertEquals(run[2 * j + 1], one[1], 1e-6);
            }
        }
    }

    @Test
    void theTestJvmRunsTheEngineItAskedFor() {
        // surefire passes --add-modules jdk.incubator.vector, as the launcher does, and runs the
        // tests a second time with -Djscclink.simd=false: both engines are checked end to end.
        // The kernels are warmed up (compiled) on a thread of their own first.
        boolean portable = "false".equals(System.getProperty("jscclink.simd"));
        assertEquals(!portable, io.jscclink.phy.simd.Simd.supported());
        assertEquals(!portable, io.jscclink.phy.simd.Simd.awaitWarmUp(120));
        assertEquals(!portable, new DecimatingMatchedFilter(new MatchedFilter(4, 12, 0.35), 100, 10).simd());
        assertEquals(false, new DecimatingMatchedFilter(new MatchedFilter(4, 12, 0.35), 100, 10, false).simd());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void decimatingFilterEqualsThePerOutputFilterOnLongAndShortRuns(boolean simd) {
        org.junit.jupiter.api.Assumptions.assumeTrue(!simd || io.jscclink.phy.simd.Simd.supported());
        assertEquals(simd, io.jscclink.phy.simd.Simd.awaitWarmUp(120) && simd);
        int sps = 4;
        MatchedFilter mf = new MatchedFilter(sps, 12, 0.35);
        int n = 3000;
        float[] iq = gaussianIq(n, 9);
        DecimatingMatchedFilter dmf = new DecimatingMatchedFilter(mf, n, 700, simd);
        // The filter derotates as it loads, and a stream index below 0 (a frame at the very start)
        // reads as silence: x[i] = g[i − 3]·e^{−j2π·f·i}, 0 for i < 3, built here in double.
        float[] g = iq;
        double cfo = 0.0137;
        iq = new float[2 * n];
        for (int i = 3; i < n; i++) {
            double c = Math.cos(-2 * Math.PI * cfo * i);
            double sn = Math.sin(-2 * Math.PI * cfo * i);
            iq[2 * i] = (float) (g[2 * (i - 3)] * c - g[2 * (i - 3) + 1] * sn);
            iq[2 * i + 1] = (float) (g[2 * (i - 3)] * sn + g[2 * (i - 3) + 1] * c);
        }
        // Loaded in two pieces, as the receiver does when a frame's samples arrive in two passes.
        dmf.load(g, -3, 0, 1237, cfo);
        dmf.load(g, -3, 1237, n, cfo);
        float[] expected = new float[2 * 700];
        float[] actual = new float[2 * 700];
        for (int count : new int[] {1, 4, 15, 16, 17, DecimatingMatchedFilter.MIN_VECTOR_RUN, 256, 700}) {
            for (int phase : new int[] {0, 1, 31, 63}) {
                for (int m0 : new int[] {24, 25, 26, 27, 101}) {
                    mf.filterRun(iq, m0, phase, count, expected, 0);
                    dmf.filterRun(m0, phase, count, actual, 0);
                    for (int j = 0; j < 2 * count; j++) {
                        // Same sum in another order: float rounding of ~49 terms of size ~1.
                        assertEquals(expected[j], actual[j], 1e-5,
                                "count " + count + " phase " + phase + " m0 " + m0 + " at " + j);
                    }
                }
            }
        }
    }

    /** n complex samples of unit-variance Gaussian I and Q, interleaved. */
    private static float[] gaussianIq(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] iq = new float[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            iq[i] = (float) r.nextGaussian();
        }
        return iq;
    }
}
