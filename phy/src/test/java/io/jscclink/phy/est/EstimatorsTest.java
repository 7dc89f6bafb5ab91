package io.jscclink.phy.est;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jscclink.phy.channel.GaussianSource;
import org.junit.jupiter.api.Test;

class EstimatorsTest {
    /**
     * The data-aided estimator on its own, y = h·x + n with N = 428 known QPSK symbols (one
     * default frame with 1000 payload symbols), from −5 to 25 dB: bias below 0.2 dB and RMSE
     * within 1.5× the CRB. 400 trials per SNR: allowances 3·RMSE/√400 on the bias and a relative
     * 3/√800 on the RMSE.
     */
    @Test
    void dataAidedSnrMeetsTheCramerRaoBoundFromMinus5To25Db() {
        int n = 428;
        int trials = 400;
        GaussianSource g = new GaussianSource(5);
        float[] x = new float[2 * n];
        float[] y = new float[2 * n];
        for (double snrDb = -5; snrDb <= 25; snrDb += 5) {
            double rho = Math.pow(10, snrDb / 10);
            double sigma = Math.sqrt(1 / rho / 2);
            double sum = 0;
            double sum2 = 0;
            for (int t = 0; t < trials; t++) {
                double phase = 2 * Math.PI * g.nextUniform();
                double hr = Math.cos(phase);
                double hi = Math.sin(phase);
                for (int k = 0; k < n; k++) {
                    x[2 * k] = (float) (g.nextUniform() < 0.5 ? Math.sqrt(0.5) : -Math.sqrt(0.5));
                    x[2 * k + 1] = (float) (g.nextUniform() < 0.5 ? Math.sqrt(0.5) : -Math.sqrt(0.5));
                    y[2 * k] = (float) (hr * x[2 * k] - hi * x[2 * k + 1] + sigma * g.next());
                    y[2 * k + 1] = (float) (hr * x[2 * k + 1] + hi * x[2 * k] + sigma * g.next());
                }
                double e = SnrEstimator.dataAided(y, 0, x, 0, n).snrDb() - snrDb;
                sum += e;
                sum2 += e * e;
            }
            double bias = sum / trials;
            double rmse = Math.sqrt(sum2 / trials);
            double crb = SnrEstimator.dataAidedCrbDb(rho, n);
            System.out.printf("DA estimator %5.1f dB: bias %+.3f dB, RMSE %.3f dB, CRB %.3f dB%n", snrDb, bias, rmse, crb);
            assertEquals(0, bias, 0.2 + 3 * rmse / Math.sqrt(trials));
            assertTrue(rmse <= 1.5 * crb * (1 + 3 / Math.sqrt(2.0 * trials)));
        }
    }

    /** A frame's known-symbol positions: a 256-symbol preamble, then 4-pilot groups every 36 symbols. */
    private static int[] framePositions() {
        int[] pos = new int[256 + 20 * 4];
        int n = 0;
        for (int p = 0; p < 256; p++) {
            pos[n++] = p;
        }
        for (int p = 290; n < pos.length; p += 36) {
            for (int k = 0; k < 4; k++) {
                pos[n++] = p + k;
            }
        }
        return pos;
    }

    /**
     * The blockwise estimator on a frame's known symbols (32-symbol blocks of the preamble, 4-pilot
     * groups) through three channels at each SNR from −5 to 25 dB, 300 trials each:
     * static (RMSE within 1.15× the CRB of one gain: the blocks cost a few %), the residual
     * rotation the pilots leave (1.5e-3 rad/symbol at −5 dB, falling as 1/√SNR; the same), and a gain that turns and fades within the frame
     * (h(p) = (0.6 + 0.8·sin(2π·p/2500))·e^{j·2π·p/2500}: 100 Hz Doppler at 1 Msps, 4 samples
     * per symbol): its linear mean within 3 s.e. of what the blocks predict — signal
     * Σ_b n_b·|h̄_b|², noise σ² plus the gain's spread within blocks — and up to 15 dB that
     * prediction within 0.2 dB of the frame's mean |h|²/σ² (above, the spread within 32 symbols
     * starts to count against the noise), where one gain for the frame reads several dB low.
     */
    @Test
    void theBlockwiseEstimatorHoldsOnStaticRotatingAndFadingChannels() {
        int[] pos = framePositions();
        int n = pos.length;
        int trials = 300;
        GaussianSource g = new GaussianSource(11);
        float[] x = new float[2 * n];
        float[] y = new float[2 * n];
        for (double snrDb = -5; snrDb <= 25; snrDb += 10) {
            double rho = Math.pow(10, snrDb / 10);
            double sigma = Math.sqrt(1 / rho / 2);
            // What the pilots' rotation estimate leaves: its error falls as 1/√ρ.
            double residual = 1.5e-3 * Math.sqrt(Math.pow(10, -0.5) / rho);
            for (int channel = 0; channel < 3; channel++) {
                double sumDb = 0;
                double sqDb = 0;
                double sumLin = 0;
                double sqLin = 0;
                double sumSingleLin = 0;
                double truePower = 0;
                for (int t = 0; t < trials; t++) {
                    double phase = 2 * Math.PI * g.nextUniform();
                    double power = 0;
                    for (int i = 0; i < n; i++) {
                        double mag = 1;
                        double a = phase;
                        if (channel == 1) {
                            a += residual * pos[i];
                        } else if (channel == 2) {
                            mag = 0.6 + 0.8 * Math.sin(2 * Math.PI * pos[i] / 2500.0);
                            a += 2 * Math.PI * pos[i] / 2500.0;
                        }
                        power += mag * mag;
                        double hr = mag * Math.cos(a);
                        double hi = mag * Math.sin(a);
                        x[2 * i] = (float) (g.nextUniform() < 0.5 ? Math.sqrt(0.5) : -Math.sqrt(0.5));
                        x[2 * i + 1] = (float) (g.nextUniform() < 0.5 ? Math.sqrt(0.5) : -Math.sqrt(0.5));
                        y[2 * i] = (float) (hr * x[2 * i] - hi * x[2 * i + 1] + sigma * g.next());
                        y[2 * i + 1] = (float) (hr * x[2 * i + 1] + hi * x[2 * i] + sigma * g.next());
                    }
                    truePower = power / n;
                    double e = SnrEstimator.blockwise(y, x, pos, n, 32).snrDb() - snrDb;
                    sumDb += e;
                    sqDb += e * e;
                    double lin = Math.pow(10, e / 10);
                    sumLin += lin;
                    sqLin += lin * lin;
                    sumSingleLin += Math.pow(10, (SnrEstimator.dataAided(y, 0, x, 0, n).snrDb() - snrDb) / 10);
                }
                String name = new String[] {"static", "rotating", "fading"}[channel];
                if (channel < 2) {
                    double bias = sumDb / trials;
                    double rmse = Math.sqrt(sqDb / trials);
                    double crb = SnrEstimator.dataAidedCrbDb(rho, n);
                    System.out.printf("blockwise, %s, %5.1f dB: bias %+.3f dB, RMSE %.3f dB = %.2f CRB%n",
                            name, snrDb, bias, rmse, rmse / crb);
                    assertEquals(0, bias, 0.05 + 3 * rmse / Math.sqrt(trials), name + " " + snrDb);
                    assertTrue(rmse <= 1.15 * crb * (1 + 3 / Math.sqrt(2.0 * trials)), name + " " + snrDb);
                } else {
                    double mean = sumLin / trials;
                    double se = Math.sqrt(sqLin / trials - mean * mean) / Math.sqrt(trials) / mean;
                    double biasDb = 10 * Math.log10(mean / truePower);
                    double predictedDb = blockPredictionDb(pos, rho);
                    double singleDb = 10 * Math.log10(sumSingleLin / trials / truePower);
                    System.out.printf("blockwise, fading, %5.1f dB: power bias %+.3f dB, blocks predict %+.3f dB"
                            + " (one gain per frame %+.2f dB)%n", snrDb, biasDb, predictedDb, singleDb);
                    assertEquals(predictedDb, biasDb, 3 * 10 / Math.log(10) * se, "fading " + snrDb);
                    if (snrDb <= 15) {
                        assertTrue(predictedDb > -0.2, "blocks short enough: " + predictedDb);
                    }
                    if (snrDb >= 15) {
                        assertTrue(singleDb < -3, "one gain per frame fails here: " + singleDb);
                    }
                }
            }
        }
    }

    /** The fading channel of the test above, noise-free: what the blockwise estimate converges to, dB re the truth. */
    private static double blockPredictionDb(int[] pos, double rho) {
        int n = pos.length;
        double[] hr = new double[n];
        double[] hi = new double[n];
        double power = 0;
        for (int i = 0; i < n; i++) {
            double mag = 0.6 + 0.8 * Math.sin(2 * Math.PI * pos[i] / 2500.0);
            double a = 2 * Math.PI * pos[i] / 2500.0;
            hr[i] = mag * Math.cos(a);
            hi[i] = mag * Math.sin(a);
            power += mag * mag;
        }
        double signal = 0;
        double spread = 0;
        int dof = 0;
        int blocks = 0;
        for (int start = 0; start < n; ) {
            int end = start + 1;
            while (end < n && end - start < 32 && pos[end] == pos[end - 1] + 1) {
                end++;
            }
            double mr = 0;
            double mi = 0;
            for (int i = start; i < end; i++) {
                mr += hr[i];
                mi += hi[i];
            }
            mr /= end - start;
            mi /= end - start;
            signal += (end - start) * (mr * mr + mi * mi);
            for (int i = start; i < end; i++) {
                spread += (hr[i] - mr) * (hr[i] - mr) + (hi[i] - mi) * (hi[i] - mi);
            }
            dof += end - start - 1;
            blocks++;
            start = end;
        }
        // E[n_b·|ĥ_b|²] = n_b·|h̄_b|² + σ², and the estimator subtracts σ̂² = σ² + spread/dof per block.
        double noise = 1 / rho + spread / dof;
        double snr = (signal - blocks * spread / dof) / n / noise;
        return 10 * Math.log10(snr / (power / n * rho));
    }

    @Test
    void anSnrBelowTheEstimatorsResolutionIsFlooredNotMinusInfinity() {
        // y = noise only: the bias-corrected signal power can be ≤ 0; the estimate floors at 1/N.
        GaussianSource g = new GaussianSource(12);
        int n = 100;
        float[] x = new float[2 * n];
        float[] y = new float[2 * n];
        double lowest = Double.POSITIVE_INFINITY;
        for (int t = 0; t < 50; t++) {
            for (int i = 0; i < n; i++) {
                x[2 * i] = 1;
                y[2 * i] = (float) g.next();
                y[2 * i + 1] = (float) g.next();
            }
            lowest = Math.min(lowest, SnrEstimator.dataAided(y, 0, x, 0, n).snrDb());
        }
        assertEquals(-20, lowest, 1e-9, "half the noise-only trials land on the floor −10·log10(100)");
    }

    @Test
    void m2m4RecoversTheSnrOfConstantModulusSymbols() {
        // 20000 QPSK symbols at 10 dB: the moment estimate's std is ~0.05 dB here; allow 0.25 dB.
        GaussianSource g = new GaussianSource(6);
        int n = 20_000;
        double sigma = Math.sqrt(0.1 / 2);
        double m2 = 0;
        double m4 = 0;
        for (int k = 0; k < n; k++) {
            double re = (g.nextUniform() < 0.5 ? 1 : -1) * Math.sqrt(0.5) + sigma * g.next();
            double im = (g.nextUniform() < 0.5 ? 1 : -1) * Math.sqrt(0.5) + sigma * g.next();
            double p = re * re + im * im;
            m2 += p;
            m4 += p * p;
        }
        assertEquals(10.0, SnrEstimator.m2m4SnrDb(m2 / n, m4 / n), 0.25);
        assertTrue(Double.isNaN(SnrEstimator.m2m4SnrDb(1, 3)), "2·M2² < M4: no estimate");
    }

    @Test
    void bscCrossoverFromSnr() {
        assertEquals(0.5, BscEquivalent.q(0), 1e-7);
        assertEquals(0.158655254, BscEquivalent.q(1), 1e-7);
        assertEquals(0.0786496, BscEquivalent.crossoverAwgn(0), 1e-6);
        assertEquals(0.5 * (1 - Math.sqrt(10.0 / 11)), BscEquivalent.crossoverRayleigh(10), 1e-12);
    }

    @Test
    void gainTrackerReportsItsErrorVarianceAndFindsBlockChanges() {
        // 40 groups of 4 pilots, σ² = 0.1, a residual rotation of 1e-3 rad/symbol, the gain
        // jumping at group 20 by |Δh| = 1.43, against a detection threshold of
        // sqrt(8·0.1·(1/4 + 1/4)) = 0.63 and a noise std of 0.16 along Δh: missed with p ≈ 5e-6. Error variance of a smoothed gain is σ²/(pilots averaged); check
        // the mean squared error against the reported value over 300 trials (relative std of
        // the mean ≈ 1/sqrt(300·40) → allow 15 %).
        GaussianSource g = new GaussianSource(7);
        double noise = 0.1;
        double omega = 1e-3;
        int groups = 40;
        int spacing = 36;
        double err = 0;
        double reported = 0;
        int count = 0;
        GainTracker tracker = new GainTracker(groups, 4);
        for (int trial = 0; trial < 300; trial++) {
            tracker.reset();
            double[][] truth = new double[groups][2];
            for (int k = 0; k < groups; k++) {
                double t = k * spacing + 1.5;
                double a = k < 20 ? 1.0 : 0.5;
                double ph = (k < 20 ? 0.2 : 2.7) + omega * t;
                truth[k][0] = a * Math.cos(ph);
                truth[k][1] = a * Math.sin(ph);
                double hr = 0;
                double hi = 0;
                double[] nr = new double[4];
                double[] ni = new double[4];
                for (int p = 0; p < 4; p++) {
                    nr[p] = Math.sqrt(noise / 2) * g.next();
                    ni[p] = Math.sqrt(noise / 2) * g.next();
                    hr += nr[p] / 4;
                    hi += ni[p] / 4;
                }
                double spread = 0;
                for (int p = 0; p < 4; p++) {
                    spread += (nr[p] - hr) * (nr[p] - hr) + (ni[p] - hi) * (ni[p] - hi);
                }
                tracker.addGroup(t, truth[k][0] + hr, truth[k][1] + hi, 4, spread);
            }
            tracker.solve();
            assertTrue(tracker.changeAfter(19), "the jump is detected");
            for (int k = 0; k < groups; k++) {
                double dr = tracker.gainRe(k) - truth[k][0];
                double di = tracker.gainIm(k) - truth[k][1];
                err += dr * dr + di * di;
                reported += tracker.errorVariance(k);
                count++;
            }
            assertEquals(noise, tracker.noiseVariance(), 0.05);
        }
        System.out.printf("gain error %.5f, reported %.5f%n", err / count, reported / count);
        assertEquals(1.0, err / reported, 0.15);
        assertFalse(tracker.changeAfter(5));
    }
}
