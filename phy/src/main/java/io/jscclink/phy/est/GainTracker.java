package io.jscclink.phy.est;

/**
 * Channel gain across a frame from its pilot groups. Each group gives a raw gain ĥ_g (mean of
 * y·x* over its pilots). The tracker then
 * <ol>
 *   <li>marks a change between neighbouring groups whose gains differ by more than noise
 *       explains (|Δh|² &gt; {@value #CHANGE_FACTOR}·σ²·(1/n_a + 1/n_b)): fading block boundaries;
 *   <li>estimates the residual carrier rotation ω (rad/symbol) common to all runs of groups
 *       between changes and removes it, so that residual CFO does not rotate late symbols;
 *   <li>smooths each derotated gain over up to 2K+1 neighbouring groups, stopping at a change or
 *       at a neighbour that differs from it beyond noise, so that block fading and fast fading
 *       are not averaged away;
 *   <li>interpolates linearly between the two groups around a data symbol, or holds the left
 *       group's gain where a change was detected between them (a fading block boundary);
 *   <li>estimates the noise variance from the spread of the pilots within each group (n ≥ 2;
 *       unbiased for any gain that is constant over one group), or from differences of
 *       consecutive gains when groups have one pilot.
 * </ol>
 * Error variance of a smoothed gain: σ²/(pilots averaged).
 *
 * <p>Reusable: {@link #reset} then {@link #addGroup} per group, then {@link #solve}. No
 * allocation after construction. Not thread-safe.
 */
public final class GainTracker {
    static final double CHANGE_FACTOR = 8;
    /** Search range of the residual rotation, rad/symbol (the preamble's fine CFO leaves far less). */
    static final double OMEGA_RANGE = 0.01;

    private final int maxGroups;
    private final int smoothing;
    private final double[] time;
    private final double[] rawRe;
    private final double[] rawIm;
    private final double[] rotRe;
    private final double[] rotIm;
    private final double[] smoothRe;
    private final double[] smoothIm;
    private final int[] pilots;
    private final int[] averaged;
    private final boolean[] changeAfter;
    // e^{jω·t_g} at the current grid point of the rotation search, and its step to the next.
    private final double[] phaseRe;
    private final double[] phaseIm;
    private final double[] phaseStepRe;
    private final double[] phaseStepIm;
    // e^{jω·t_g} of each group for the solved ω.
    private final double[] groupCos;
    private final double[] groupSin;
    private int groups;
    private double residualEnergy;
    private int residualDof;
    private double omega;
    private double noise;

    public GainTracker(int maxGroups, int smoothingHalfWidth) {
        this.maxGroups = maxGroups;
        this.smoothing = smoothingHalfWidth;
        time = new double[maxGroups];
        rawRe = new double[maxGroups];
        rawIm = new double[maxGroups];
        rotRe = new double[maxGroups];
        rotIm = new double[maxGroups];
        smoothRe = new double[maxGroups];
        smoothIm = new double[maxGroups];
        pilots = new int[maxGroups];
        averaged = new int[maxGroups];
        changeAfter = new boolean[maxGroups];
        phaseRe = new double[maxGroups];
        phaseIm = new double[maxGroups];
        phaseStepRe = new double[maxGroups];
        phaseStepIm = new double[maxGroups];
        groupCos = new double[maxGroups];
        groupSin = new double[maxGroups];
    }

    public void reset() {
        groups = 0;
        residualEnergy = 0;
        residualDof = 0;
    }

    /**
     * @param centreSymbol time of the group's centre, symbols
     * @param n pilots in the group
     * @param spread Σ|y − ĥ·x|² over the group's pilots
     */
    public void addGroup(double centreSymbol, double hRe, double hIm, int n, double spread) {
        if (groups == maxGroups) {
            throw new IllegalStateException("more than " + maxGroups + " pilot groups");
        }
        time[groups] = centreSymbol;
        rawRe[groups] = hRe;
        rawIm[groups] = hIm;
        pilots[groups] = n;
        groups++;
        residualEnergy += spread;
        residualDof += n - 1;
    }

    public int groups() {
        return groups;
    }

    /** Solves for ω, noise, smoothed gains; needs at least one group. */
    public void solve() {
        if (groups == 0) {
            throw new IllegalStateException("no pilot groups");
        }
        if (residualDof > 0) {
            noise = residualEnergy / residualDof;
        } else {
            double d = 0;
            for (int g = 0; g + 1 < groups; g++) {
                double dr = rawRe[g + 1] - rawRe[g];
                double di = rawIm[g + 1] - rawIm[g];
                d += dr * dr + di * di;
            }
            noise = groups > 1 ? d / (2.0 * (groups - 1)) : 0;
        }
        // Changes between neighbours, before any derotation: the preamble's fine CFO leaves a
        // rotation far below the noise over one pilot spacing.
        for (int g = 0; g < groups; g++) {
            changeAfter[g] = g + 1 < groups && differs(rawRe, rawIm, g, g + 1);
        }
        omega = groups > 1 ? residualRotation() : 0;
        // e^{jω·t_g}, kept for gainRe/gainIm; the derotation multiplies by its conjugate.
        phasors(omega, groupCos, groupSin);
        for (int g = 0; g < groups; g++) {
            double c = groupCos[g];
            double s = -groupSin[g];
            rotRe[g] = rawRe[g] * c - rawIm[g] * s;
            rotIm[g] = rawRe[g] * s + rawIm[g] * c;
        }
        for (int g = 0; g < groups; g++) {
            double re = rotRe[g] * pilots[g];
            double im = rotIm[g] * pilots[g];
            int n = pilots[g];
            for (int j = g - 1; j >= Math.max(0, g - smoothing) && !changeAfter[j] && !differs(rotRe, rotIm, j, g); j--) {
                re += rotRe[j] * pilots[j];
                im += rotIm[j] * pilots[j];
                n += pilots[j];
            }
            for (int j = g + 1; j <= Math.min(groups - 1, g + smoothing) && !changeAfter[j - 1]
                    && !differs(rotRe, rotIm, g, j); j++) {
                re += rotRe[j] * pilots[j];
                im += rotIm[j] * pilots[j];
                n += pilots[j];
            }
            smoothRe[g] = re / n;
            smoothIm[g] = im / n;
            averaged[g] = n;
        }
    }

    /**
     * e^{j·rate·t_g} for every group: exact for the first, then one complex multiply per group
     * by e^{j·rate·(t_g − t_{g−1})}, whose cos and sin are computed again only when the spacing
     * changes (pilot groups are evenly spaced): a few trig calls per frame instead of two per
     * group, with errors near 1e-14 after a frame's groups.
     */
    private void phasors(double rate, double[] re, double[] im) {
        re[0] = Math.cos(rate * time[0]);
        im[0] = Math.sin(rate * time[0]);
        double spacing = Double.NaN;
        double stepRe = 1;
        double stepIm = 0;
        for (int g = 1; g < groups; g++) {
            double dt = time[g] - time[g - 1];
            if (dt != spacing) {
                spacing = dt;
                stepRe = Math.cos(rate * dt);
                stepIm = Math.sin(rate * dt);
            }
            re[g] = re[g - 1] * stepRe - im[g - 1] * stepIm;
            im[g] = re[g - 1] * stepIm + im[g - 1] * stepRe;
        }
    }

    /**
     * Residual carrier rotation: the ω in ±{@value #OMEGA_RANGE} rad/symbol that maximises
     * |Σ_g n_g·ĥ_g·e^{−jω·t_g}| (the data-aided ML frequency estimate for a constant gain),
     * on a grid of a quarter of the peak width, refined by a parabola through the best three.
     */
    private double residualRotation() {
        double span = time[groups - 1] - time[0];
        if (!(span > 0)) {
            return 0;
        }
        double stepRad = 0.25 * 2 * Math.PI / span;
        int points = (int) Math.ceil(OMEGA_RANGE / stepRad);
        double best = -1;
        int bestI = 0;
        double prev = 0;
        double next = 0;
        double[] values = scratchPeriodogram(2 * points + 1);
        // The grid's phasors advance by one complex multiply per group and grid point, not a
        // cos and sin each (those were ~9 % of the receiver's time, perf); ~30 steps in double
        // precision leave errors near 1e-14.
        phasors(-points * stepRad, phaseRe, phaseIm);
        phasors(stepRad, phaseStepRe, phaseStepIm);
        for (int i = -points; i <= points; i++) {
            values[i + points] = periodogramAtPhases();
            if (values[i + points] > best) {
                best = values[i + points];
                bestI = i;
            }
            for (int g = 0; g < groups; g++) {
                double re = phaseRe[g] * phaseStepRe[g] - phaseIm[g] * phaseStepIm[g];
                phaseIm[g] = phaseRe[g] * phaseStepIm[g] + phaseIm[g] * phaseStepRe[g];
                phaseRe[g] = re;
            }
        }
        double frac = 0;
        if (bestI > -points && bestI < points) {
            prev = values[bestI + points - 1];
            next = values[bestI + points + 1];
            double den = prev - 2 * best + next;
            if (den < 0) {
                frac = 0.5 * (prev - next) / den;
            }
        }
        return (bestI + frac) * stepRad;
    }

    private double[] periodogramValues = new double[0];

    private double[] scratchPeriodogram(int n) {
        if (periodogramValues.length < n) {
            periodogramValues = new double[n];
        }
        return periodogramValues;
    }

    /**
     * Σ over runs of groups without a change of |Σ_g n_g·ĥ_g·e^{−jω·t_g}|² at the ω whose
     * e^{jω·t_g} the phase arrays hold: ML for piecewise-constant gains.
     */
    private double periodogramAtPhases() {
        double total = 0;
        double re = 0;
        double im = 0;
        for (int g = 0; g < groups; g++) {
            double c = phaseRe[g];
            double s = phaseIm[g];
            re += pilots[g] * (rawRe[g] * c + rawIm[g] * s);
            im += pilots[g] * (rawIm[g] * c - rawRe[g] * s);
            if (changeAfter[g] || g == groups - 1) {
                total += re * re + im * im;
                re = 0;
                im = 0;
            }
        }
        return total;
    }

    private boolean differs(double[] gr, double[] gi, int a, int b) {
        double dr = gr[a] - gr[b];
        double di = gi[a] - gi[b];
        double var = noise * (1.0 / pilots[a] + 1.0 / pilots[b]);
        return dr * dr + di * di > CHANGE_FACTOR * var;
    }

    /** Residual carrier rotation, rad/symbol. */
    public double omegaRadPerSymbol() {
        return omega;
    }

    /** Noise variance σ² of one received symbol. */
    public double noiseVariance() {
        return noise;
    }

    /** Smoothed gain of group g at its own time (rotation restored), real part. */
    public double gainRe(int g) {
        return smoothRe[g] * groupCos[g] - smoothIm[g] * groupSin[g];
    }

    /** Smoothed gain of group g at its own time, imaginary part. */
    public double gainIm(int g) {
        return smoothRe[g] * groupSin[g] + smoothIm[g] * groupCos[g];
    }

    /** Derotated smoothed gain (carrier rotation removed), real part. */
    public double derotatedRe(int g) {
        return smoothRe[g];
    }

    /** Derotated smoothed gain, imaginary part. */
    public double derotatedIm(int g) {
        return smoothIm[g];
    }

    /** Derotated raw gain of group g, real part. */
    public double rawDerotatedRe(int g) {
        return rotRe[g];
    }

    /** Derotated raw gain of group g, imaginary part. */
    public double rawDerotatedIm(int g) {
        return rotIm[g];
    }

    /** Error variance of group g's smoothed gain: σ²/(pilots averaged). */
    public double errorVariance(int g) {
        return noise / averaged[g];
    }

    public double groupTime(int g) {
        return time[g];
    }

    /** Whether the gain changed beyond noise between group g and g+1. */
    public boolean changeAfter(int g) {
        return changeAfter[g];
    }

    /**
     * Gain at symbol time t lying after group {@code left}, without the carrier rotation
     * e^{jωt} (the caller applies it, by recurrence over consecutive symbols): linear between
     * left and left+1, or held from {@code left} beyond the last group or across a detected
     * change.
     *
     * @param out receives [re, im] at out[0], out[1]
     */
    public void derotatedGainAt(double t, int left, double[] out) {
        if (left + 1 >= groups || changeAfter[left]) {
            out[0] = smoothRe[left];
            out[1] = smoothIm[left];
        } else {
            double a = (t - time[left]) / (time[left + 1] - time[left]);
            out[0] = smoothRe[left] + a * (smoothRe[left + 1] - smoothRe[left]);
            out[1] = smoothIm[left] + a * (smoothIm[left + 1] - smoothIm[left]);
        }
    }
}
