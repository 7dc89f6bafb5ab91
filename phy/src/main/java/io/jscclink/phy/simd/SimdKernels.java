package io.jscclink.phy.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The receiver's hot loops on SIMD lanes with the JDK's Vector API (incubating in Java 17). Only
 * call these when {@link Simd#supported()}: loading this class without the module fails.
 *
 * <p>Why {@link #fir} is faster than an auto-vectorised loop: each block of outputs keeps its
 * sums in registers across all taps (one load and one fused multiply-add per tap and vector, no
 * copy of the signal per tap), and two taps go to separate accumulators so that consecutive FMAs
 * do not wait on each other. The accumulators must live in one loop: a vector carried across
 * nested loops is boxed by HotSpot 17 (measured ten times slower).
 */
public final class SimdKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private SimdKernels() {}

    /**
     * acc[j] = Σ_t weights[first + t]·plane[offsets[first + t] + shift + j] for t &lt; taps, I and Q,
     * j &lt; count rounded up to a multiple of the vector length: the caller pads the planes and the
     * accumulators for the extra outputs, which it ignores. taps must be even (pad with a zero
     * weight): the short blocks take two taps per iteration.
     *
     * @throws IllegalArgumentException if taps is odd
     */
    public static void fir(float[] planeRe, float[] planeIm, float[] weights, int[] offsets, int first, int taps,
            int shift, int count, float[] accRe, float[] accIm) {
        if ((taps & 1) != 0) {
            throw new IllegalArgumentException("taps must be even (pad with a zero weight), got " + taps);
        }
        int lanes = SPECIES.length();
        int end = first + taps;
        int j = 0;
        // Blocks of four vectors while more than three are left: eight independent accumulators
        // hide the FMA latency with one tap per iteration (measured 1.5-2x the two-vector block).
        for (; j + 3 * lanes < count; j += 4 * lanes) {
            FloatVector re0 = FloatVector.zero(SPECIES);
            FloatVector im0 = FloatVector.zero(SPECIES);
            FloatVector re1 = FloatVector.zero(SPECIES);
            FloatVector im1 = FloatVector.zero(SPECIES);
            FloatVector re2 = FloatVector.zero(SPECIES);
            FloatVector im2 = FloatVector.zero(SPECIES);
            FloatVector re3 = FloatVector.zero(SPECIES);
            FloatVector im3 = FloatVector.zero(SPECIES);
            for (int t = first; t < end; t++) {
                int a = offsets[t] + shift + j;
                FloatVector w = FloatVector.broadcast(SPECIES, weights[t]);
                re0 = FloatVector.fromArray(SPECIES, planeRe, a).fma(w, re0);
                im0 = FloatVector.fromArray(SPECIES, planeIm, a).fma(w, im0);
                re1 = FloatVector.fromArray(SPECIES, planeRe, a + lanes).fma(w, re1);
                im1 = FloatVector.fromArray(SPECIES, planeIm, a + lanes).fma(w, im1);
                re2 = FloatVector.fromArray(SPECIES, planeRe, a + 2 * lanes).fma(w, re2);
                im2 = FloatVector.fromArray(SPECIES, planeIm, a + 2 * lanes).fma(w, im2);
                re3 = FloatVector.fromArray(SPECIES, planeRe, a + 3 * lanes).fma(w, re3);
                im3 = FloatVector.fromArray(SPECIES, planeIm, a + 3 * lanes).fma(w, im3);
            }
            re0.intoArray(accRe, j);
            im0.intoArray(accIm, j);
            re1.intoArray(accRe, j + lanes);
            im1.intoArray(accIm, j + lanes);
            re2.intoArray(accRe, j + 2 * lanes);
            im2.intoArray(accIm, j + 2 * lanes);
            re3.intoArray(accRe, j + 3 * lanes);
            im3.intoArray(accIm, j + 3 * lanes);
        }
        if (j + lanes < count) {
            FloatVector re0 = FloatVector.zero(SPECIES);
            FloatVector im0 = FloatVector.zero(SPECIES);
            FloatVector re1 = FloatVector.zero(SPECIES);
            FloatVector im1 = FloatVector.zero(SPECIES);
            FloatVector re2 = FloatVector.zero(SPECIES);
            FloatVector im2 = FloatVector.zero(SPECIES);
            FloatVector re3 = FloatVector.zero(SPECIES);
            FloatVector im3 = FloatVector.zero(SPECIES);
            for (int t = first; t < end; t += 2) {
                int a = offsets[t] + shift + j;
                int b = offsets[t + 1] + shift + j;
                FloatVector wa = FloatVector.broadcast(SPECIES, weights[t]);
                FloatVector wb = FloatVector.broadcast(SPECIES, weights[t + 1]);
                re0 = FloatVector.fromArray(SPECIES, planeRe, a).fma(wa, re0);
                im0 = FloatVector.fromArray(SPECIES, planeIm, a).fma(wa, im0);
                re1 = FloatVector.fromArray(SPECIES, planeRe, a + lanes).fma(wa, re1);
                im1 = FloatVector.fromArray(SPECIES, planeIm, a + lanes).fma(wa, im1);
                re2 = FloatVector.fromArray(SPECIES, planeRe, b).fma(wb, re2);
                im2 = FloatVector.fromArray(SPECIES, planeIm, b).fma(wb, im2);
                re3 = FloatVector.fromArray(SPECIES, planeRe, b + lanes).fma(wb, re3);
                im3 = FloatVector.fromArray(SPECIES, planeIm, b + lanes).fma(wb, im3);
            }
            re0.add(re2).intoArray(accRe, j);
            im0.add(im2).intoArray(accIm, j);
            re1.add(re3).intoArray(accRe, j + lanes);
            im1.add(im3).intoArray(accIm, j + lanes);
            j += 2 * lanes;
        }
        if (j < count) {
            // At most one vector of outputs left (a pilot group's early/late run): one vector,
            // two taps per iteration into separate accumulators.
            FloatVector re0 = FloatVector.zero(SPECIES);
            FloatVector im0 = FloatVector.zero(SPECIES);
            FloatVector re1 = FloatVector.zero(SPECIES);
            FloatVector im1 = FloatVector.zero(SPECIES);
            for (int t = first; t < end; t += 2) {
                int a = offsets[t] + shift + j;
                int b = offsets[t + 1] + shift + j;
                FloatVector wa = FloatVector.broadcast(SPECIES, weights[t]);
                FloatVector wb = FloatVector.broadcast(SPECIES, weights[t + 1]);
                re0 = FloatVector.fromArray(SPECIES, planeRe, a).fma(wa, re0);
                im0 = FloatVector.fromArray(SPECIES, planeIm, a).fma(wa, im0);
                re1 = FloatVector.fromArray(SPECIES, planeRe, b).fma(wb, re1);
                im1 = FloatVector.fromArray(SPECIES, planeIm, b).fma(wb, im1);
            }
            re0.add(re1).intoArray(accRe, j);
            im0.add(im1).intoArray(accIm, j);
        }
    }

    /**
     * x[at + j] ·= (br + j·bi)·(tabRe + j·tabIm)[table + j], x = planeRe + j·planeIm: a block phasor
     * times a table of phasors, applied in place, for the whole vectors in count.
     *
     * @return the entries done (a multiple of the vector length); the caller's scalar loop does the rest
     */
    public static int rotate(float[] planeRe, float[] planeIm, int at, int count, float[] tabRe, float[] tabIm, int table,
            float br, float bi) {
        int lanes = SPECIES.length();
        FloatVector vbr = FloatVector.broadcast(SPECIES, br);
        FloatVector vbi = FloatVector.broadcast(SPECIES, bi);
        int j = 0;
        for (; j + lanes <= count; j += lanes) {
            FloatVector tr = FloatVector.fromArray(SPECIES, tabRe, table + j);
            FloatVector ti = FloatVector.fromArray(SPECIES, tabIm, table + j);
            FloatVector cr = tr.mul(vbr).sub(ti.mul(vbi));
            FloatVector ci = ti.mul(vbr).add(tr.mul(vbi));
            FloatVector xr = FloatVector.fromArray(SPECIES, planeRe, at + j);
            FloatVector xi = FloatVector.fromArray(SPECIES, planeIm, at + j);
            xr.mul(cr).sub(xi.mul(ci)).intoArray(planeRe, at + j);
            xr.mul(ci).add(xi.mul(cr)).intoArray(planeIm, at + j);
        }
        return j;
    }

    /** Whether a[from … to) holds only finite values (no NaN, no ±∞): x·0 is NaN exactly for those. */
    public static boolean allFinite(float[] a, int from, int to) {
        int lanes = SPECIES.length();
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = from;
        for (; i + lanes <= to; i += lanes) {
            acc = acc.add(FloatVector.fromArray(SPECIES, a, i).mul(0f));
        }
        float tail = acc.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        for (; i < to; i++) {
            tail += a[i] * 0f;
        }
        return tail == 0f;
    }

    /**
     * The autocorrelation detector's per-sample changes for the whole vectors in count, k &lt; count,
     * p = from + k, x = re + j·im, a = x[p], c = x[p + lag], b = x[p + window], d = x[p + window + lag]:
     * dRe + j·dIm = b·d* − a·c* (as Re(b·d*), Im(b*·d)), dE0 = |b|² − |a|², dE1 = |d|² − |c|².
     *
     * @return the positions done (a multiple of the vector length); the caller's scalar loop does the rest
     */
    public static int detectorSteps(float[] re, float[] im, int from, int count, int lag, int window,
            float[] dRe, float[] dIm, float[] dE0, float[] dE1) {
        int lanes = SPECIES.length();
        int k = 0;
        for (; k + lanes <= count; k += lanes) {
            int a = from + k;
            FloatVector ar = FloatVector.fromArray(SPECIES, re, a);
            FloatVector ai = FloatVector.fromArray(SPECIES, im, a);
            FloatVector cr = FloatVector.fromArray(SPECIES, re, a + lag);
            FloatVector ci = FloatVector.fromArray(SPECIES, im, a + lag);
            FloatVector br = FloatVector.fromArray(SPECIES, re, a + window);
            FloatVector bi = FloatVector.fromArray(SPECIES, im, a + window);
            FloatVector dr = FloatVector.fromArray(SPECIES, re, a + window + lag);
            FloatVector di = FloatVector.fromArray(SPECIES, im, a + window + lag);
            br.mul(dr).add(bi.mul(di)).sub(ar.mul(cr).add(ai.mul(ci))).intoArray(dRe, k);
            br.mul(di).sub(bi.mul(dr)).sub(ar.mul(ci).sub(ai.mul(cr))).intoArray(dIm, k);
            br.mul(br).add(bi.mul(bi)).sub(ar.mul(ar).add(ai.mul(ai))).intoArray(dE0, k);
            dr.mul(dr).add(di.mul(di)).sub(cr.mul(cr).add(ci.mul(ci))).intoArray(dE1, k);
        }
        return k;
    }

    /**
     * out[d] = Σ_k x[start + d + k]·conj(t[k]), k &lt; n, for d &lt; lags rounded up to a multiple of
     * the vector length (x = xRe + j·xIm, t = tRe + j·tIm): one lag per lane. The caller pads x
     * and out for the extra lags, which it ignores. n must be even (pad t with a zero): two
     * terms per iteration.
     *
     * @throws IllegalArgumentException if n is odd
     */
    public static void crossCorrelate(float[] xRe, float[] xIm, int start, float[] tRe, float[] tIm, int n, int lags,
            float[] outRe, float[] outIm) {
        if ((n & 1) != 0) {
            throw new IllegalArgumentException("n must be even (pad the template with a zero), got " + n);
        }
        int lanes = SPECIES.length();
        for (int d = 0; d < lags; d += lanes) {
            // Two accumulators per part (even and odd k) so that consecutive FMAs do not wait.
            FloatVector re0 = FloatVector.zero(SPECIES);
            FloatVector im0 = FloatVector.zero(SPECIES);
            FloatVector re1 = FloatVector.zero(SPECIES);
            FloatVector im1 = FloatVector.zero(SPECIES);
            for (int k = 0; k < n; k += 2) {
                int a = start + d + k;
                FloatVector xr = FloatVector.fromArray(SPECIES, xRe, a);
                FloatVector xi = FloatVector.fromArray(SPECIES, xIm, a);
                FloatVector tr = FloatVector.broadcast(SPECIES, tRe[k]);
                FloatVector ti = FloatVector.broadcast(SPECIES, tIm[k]);
                re0 = xr.fma(tr, re0);
                re0 = xi.fma(ti, re0);
                im0 = xi.fma(tr, im0);
                im0 = xr.fma(ti.neg(), im0);
                FloatVector yr = FloatVector.fromArray(SPECIES, xRe, a + 1);
                FloatVector yi = FloatVector.fromArray(SPECIES, xIm, a + 1);
                FloatVector ur = FloatVector.broadcast(SPECIES, tRe[k + 1]);
                FloatVector ui = FloatVector.broadcast(SPECIES, tIm[k + 1]);
                re1 = yr.fma(ur, re1);
                re1 = yi.fma(ui, re1);
                im1 = yi.fma(ur, im1);
                im1 = yr.fma(ui.neg(), im1);
            }
            re0.add(re1).intoArray(outRe, d);
            im0.add(im1).intoArray(outIm, d);
        }
    }
}
