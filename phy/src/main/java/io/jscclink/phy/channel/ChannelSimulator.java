package io.jscclink.phy.channel;

import java.util.Objects;

/**
 * Seeded simulation of the radio channel between a transmitter and a receiver: fading, RF
 * impairments and receiver noise, applied to interleaved float IQ {@code [re, im, ...]} with
 * full scale ±1 per component.
 *
 * <p>Order of the model (transmitter to ADC): timing offset and sample-rate offset (windowed-sinc
 * resampling), fading gain h, carrier offset and Wiener phase noise, additive white Gaussian
 * noise, DC offset, IQ imbalance, clipping at ±clipLevel, quantisation. Fading, the carrier and
 * the noise run on one stream clock that advances with every burst and every noise-only block,
 * so time-varying fading and the carrier phase stay continuous between calls.
 *
 * <p>Noise: with a finite {@code snrDb} each burst gets noise of power P/10^(snrDb/10), where P
 * is the burst's mean input power; since E|h|²=1 this is the SNR averaged over fading. That
 * noise power becomes the current noise power used by {@link #noiseOnly} (before the first
 * burst: {@link ChannelConfig#noisePower()}). With {@code snrDb = +inf} there is no noise.
 *
 * <p>Not thread-safe: owned by one thread. No allocation per call.
 */
public final class ChannelSimulator {
    /** Taps of the resampling filter (windowed sinc) and its number of fractional phases. */
    private static final int INTERP_TAPS = 16;
    private static final int INTERP_HALF = INTERP_TAPS / 2;
    private static final int INTERP_PHASES = 256;
    private static final double KAISER_BETA = 8.0;
    /** Sinusoids of the sum-of-sinusoids Rayleigh (Clarke/Jakes) model. */
    private static final int DOPPLER_PATHS = 16;
    /** The carrier phasor is renormalised this often to stop rounding drift of its magnitude. */
    private static final int RENORM_INTERVAL = 1024;

    private final ChannelConfig config;
    private final double sampleRateHz;
    private final GaussianSource gauss;
    private final float[] interpTable; // [phase][tap], phases 0..INTERP_PHASES inclusive
    private final boolean resampling;
    private final double inputPerOutputSample;
    private final double[] dopplerRadPerSample;
    private final double[] dopplerPhaseRad;
    private final double ricianLosRe;
    private final double ricianLosIm;
    private final double carrierRotRe;
    private final double carrierRotIm;
    private final double carrierRadPerSample;
    private final double phaseNoiseStd;
    private final double iqGainQ;
    private final double iqCos;
    private final double iqSin;
    private final float clip;
    private final double rxGain;
    private final float quantScale;

    private double snrDb;
    private double currentNoisePower;
    private long streamSamples;
    private double carrierRe = 1.0;
    private double carrierIm = 0.0;
    private double lastBurstSnrDb = Double.NaN;
    private double lastBurstGainRe = Double.NaN;
    private double lastBurstGainIm = Double.NaN;
    private double lastBurstNoisePower = Double.NaN;
    // Doppler phasors, scratch for one call.
    private final double[] pathRe = new double[DOPPLER_PATHS];
    private final double[] pathIm = new double[DOPPLER_PATHS];
    private final double[] pathRotRe = new double[DOPPLER_PATHS];
    private final double[] pathRotIm = new double[DOPPLER_PATHS];

    /**
     * @param sampleRateHz sample rate of the IQ this simulator sees, > 0; bounds cfoHz and
     *     dopplerHz to ±sampleRateHz/2
     */
    public ChannelSimulator(ChannelConfig config, double sampleRateHz) {
        this.config = Objects.requireNonNull(config, "config");
        if (!(sampleRateHz > 0 && sampleRateHz < 1e12)) {
            throw new IllegalArgumentException("sampleRateHz must be in (0, 1e12) Hz, got " + sampleRateHz);
        }
        if (Math.abs(config.cfoHz()) > sampleRateHz / 2) {
            throw new IllegalArgumentException("cfoHz must be in [-sampleRate/2, sampleRate/2] = ["
                    + (-sampleRateHz / 2) + ", " + (sampleRateHz / 2) + "] Hz, got " + config.cfoHz());
        }
        if (config.dopplerHz() > sampleRateHz / 2) {
            throw new IllegalArgumentException("dopplerHz must be in [0, sampleRate/2 = " + (sampleRateHz / 2)
                    + "] Hz, got " + config.dopplerHz());
        }
        this.sampleRateHz = sampleRateHz;
        this.gauss = new GaussianSource(config.seed());
        this.snrDb = config.snrDb();
        this.currentNoisePower = Double.isInfinite(snrDb) ? 0.0 : config.noisePower();

        double tau = config.timingOffsetSamples();
        this.resampling = tau != Math.floor(tau) || config.sampleRateOffsetPpm() != 0;
        this.inputPerOutputSample = 1.0 / (1.0 + config.sampleRateOffsetPpm() * 1e-6);
        this.interpTable = resampling ? buildInterpTable() : new float[0];

        this.dopplerRadPerSample = new double[DOPPLER_PATHS];
        this.dopplerPhaseRad = new double[DOPPLER_PATHS];
        double angleOffset = gauss.nextUniform();
        for (int p = 0; p < DOPPLER_PATHS; p++) {
            double arrivalAngle = 2 * Math.PI * (p + angleOffset) / DOPPLER_PATHS;
            dopplerRadPerSample[p] = 2 * Math.PI * config.dopplerHz() / sampleRateHz * Math.cos(arrivalAngle);
            dopplerPhaseRad[p] = 2 * Math.PI * gauss.nextUniform();
        }
        double losPhase = 2 * Math.PI * gauss.nextUniform();
        double losAmp = Math.sqrt(config.ricianK() / (config.ricianK() + 1));
        this.ricianLosRe = losAmp * Math.cos(losPhase);
        this.ricianLosIm = losAmp * Math.sin(losPhase);

        this.carrierRadPerSample = 2 * Math.PI * config.cfoHz() / sampleRateHz;
        this.carrierRotRe = Math.cos(carrierRadPerSample);
        this.carrierRotIm = Math.sin(carrierRadPerSample);
        this.phaseNoiseStd = Math.sqrt(config.phaseNoiseRad2PerSample());

        this.iqGainQ = Math.pow(10, config.iqGainImbalanceDb() / 20);
        double skew = Math.toRadians(config.iqPhaseImbalanceDeg());
        this.iqCos = Math.cos(skew);
        this.iqSin = Math.sin(skew);
        this.clip = (float) config.clipLevel();
        this.rxGain = Math.pow(10, config.rxGainDb() / 20);
        this.quantScale = config.quantisationBits() == 0 ? 0f : (float) (1 << (config.quantisationBits() - 1));
    }

    public ChannelConfig config() {
        return config;
    }

    public double sampleRateHz() {
        return sampleRateHz;
    }

    /** Changes the SNR of the following bursts (for sweeps); same range as the builder's. */
    public void setSnrDb(double newSnrDb) {
        ChannelConfig.builder().snrDb(newSnrDb).build(); // range check with the builder's message
        this.snrDb = newSnrDb;
        if (Double.isInfinite(newSnrDb)) {
            currentNoisePower = 0.0;
        } else if (currentNoisePower == 0.0) {
            currentNoisePower = config.noisePower();
        }
    }

    /** Noise power noiseOnly uses now, full-scale² per complex sample. */
    public double currentNoisePower() {
        return currentNoisePower;
    }

    /** Number of output samples {@link #applyBurst} writes for a burst of inputSamples. */
    public int maxOutputSamples(int inputSamples) {
        if (inputSamples < 0) {
            throw new IllegalArgumentException("inputSamples must be >= 0, got " + inputSamples);
        }
        if (inputSamples == 0) {
            return 0;
        }
        double tau = config.timingOffsetSamples();
        if (!resampling) {
            return inputSamples + (int) tau;
        }
        // Output n samples the input at t = n·inputPerOutputSample − tau; stop once the filter
        // no longer reaches the last input sample.
        double lastOut = (inputSamples - 1 + INTERP_HALF + tau) / inputPerOutputSample;
        return (int) Math.floor(lastOut) + 1;
    }

    /**
     * One TX burst through fading, impairments and AWGN (SNR = mean burst power (averaged over
     * fading) / noise power); writes {@link #maxOutputSamples}(samples) complex samples to out.
     *
     * @return the number of complex samples written
     * @throws IllegalArgumentException for bad offsets/lengths or NaN/infinite input samples
     */
    public int applyBurst(float[] in, int inOffset, int samples, float[] out, int outOffset) {
        checkRange("in", in, inOffset, samples);
        int outSamples = maxOutputSamples(samples);
        checkRange("out", out, outOffset, outSamples);
        double energy = 0;
        for (int i = 0; i < 2 * samples; i++) {
            float v = in[2 * inOffset + i];
            energy += (double) v * v;
        }
        if (!Double.isFinite(energy)) {
            throw new IllegalArgumentException("burst contains NaN or infinite samples; IQ must be finite");
        }
        if (samples == 0) {
            return 0;
        }
        double meanPower = energy / samples;
        if (!Double.isInfinite(snrDb) && meanPower > 0) {
            currentNoisePower = meanPower / Math.pow(10, snrDb / 10);
        }
        double noisePower = currentNoisePower;
        double noiseStd = Math.sqrt(noisePower / 2);

        Fading fading = config.fading();
        int blockLength = config.blockLengthSamples() == 0 ? Integer.MAX_VALUE : config.blockLengthSamples();
        double hRe = 1;
        double hIm = 0;
        if (fading == Fading.RAYLEIGH_DOPPLER) {
            startDoppler();
        }
        double tau = config.timingOffsetSamples();
        int integerDelay = (int) tau;
        double signalEnergy = 0;
        double fadedEnergy = 0;
        for (int n = 0; n < outSamples; n++) {
            // Transmitted sample at this output instant.
            float sRe;
            float sIm;
            if (resampling) {
                double t = n * inputPerOutputSample - tau;
                int base = (int) Math.floor(t);
                int phase = (int) Math.round((t - base) * INTERP_PHASES);
                double accRe = 0;
                double accIm = 0;
                int tap0 = phase * INTERP_TAPS;
                int first = base - INTERP_HALF + 1;
                for (int k = 0; k < INTERP_TAPS; k++) {
                    int idx = first + k;
                    if (idx >= 0 && idx < samples) {
                        float w = interpTable[tap0 + k];
                        accRe += w * in[2 * (inOffset + idx)];
                        accIm += w * in[2 * (inOffset + idx) + 1];
                    }
                }
                sRe = (float) accRe;
                sIm = (float) accIm;
            } else {
                int idx = n - integerDelay;
                if (idx >= 0) {
                    sRe = in[2 * (inOffset + idx)];
                    sIm = in[2 * (inOffset + idx) + 1];
                } else {
                    sRe = 0;
                    sIm = 0;
                }
            }
            // Fading gain.
            if (fading == Fading.RAYLEIGH_DOPPLER) {
                hRe = 0;
                hIm = 0;
                for (int p = 0; p < DOPPLER_PATHS; p++) {
                    hRe += pathRe[p];
                    hIm += pathIm[p];
                    double re = pathRe[p] * pathRotRe[p] - pathIm[p] * pathRotIm[p];
                    pathIm[p] = pathRe[p] * pathRotIm[p] + pathIm[p] * pathRotRe[p];
                    pathRe[p] = re;
                }
                double norm = 1 / Math.sqrt(DOPPLER_PATHS);
                hRe *= norm;
                hIm *= norm;
            } else if (fading != Fading.NONE && n % blockLength == 0) {
                double scatterStd = Math.sqrt(fading == Fading.RICIAN_BLOCK ? 0.5 / (config.ricianK() + 1) : 0.5);
                hRe = scatterStd * gauss.next() + (fading == Fading.RICIAN_BLOCK ? ricianLosRe : 0);
                hIm = scatterStd * gauss.next() + (fading == Fading.RICIAN_BLOCK ? ricianLosIm : 0);
            }
            if (n == 0) {
                lastBurstGainRe = hRe;
                lastBurstGainIm = hIm;
            }
            double yRe = hRe * sRe - hIm * sIm;
            double yIm = hRe * sIm + hIm * sRe;
            signalEnergy += (double) sRe * sRe + (double) sIm * sIm;
            fadedEnergy += yRe * yRe + yIm * yIm;
            // Carrier offset and phase noise.
            double cRe = yRe * carrierRe - yIm * carrierIm;
            double cIm = yRe * carrierIm + yIm * carrierRe;
            advanceCarrier(n);
            if (noiseStd > 0) {
                cRe += noiseStd * gauss.next();
                cIm += noiseStd * gauss.next();
            }
            receiverFrontEnd(cRe, cIm, out, 2 * (outOffset + n));
        }
        streamSamples += outSamples;
        lastBurstNoisePower = noisePower;
        if (noisePower == 0) {
            lastBurstSnrDb = Double.POSITIVE_INFINITY;
        } else {
            double receivedPower = signalEnergy > 0 ? meanPower * fadedEnergy / signalEnergy : 0;
            lastBurstSnrDb = 10 * Math.log10(receivedPower / noisePower);
        }
        return outSamples;
    }

    /**
     * Receiver noise only (between bursts) at the current noise power, with DC offset, IQ
     * imbalance, quantisation and clipping applied. Advances the stream clock. With
     * {@code snrDb = +Infinity} (the default) the noise power is 0 and this writes zeros (plus any
     * DC offset): configure a finite snrDb to get receiver noise between bursts.
     */
    public void noiseOnly(float[] out, int outOffset, int samples) {
        checkRange("out", out, outOffset, samples);
        double noiseStd = Math.sqrt(currentNoisePower / 2);
        for (int n = 0; n < samples; n++) {
            double re = 0;
            double im = 0;
            if (noiseStd > 0) {
                re = noiseStd * gauss.next();
                im = noiseStd * gauss.next();
            }
            receiverFrontEnd(re, im, out, 2 * (outOffset + n));
        }
        skipCarrier(samples);
        streamSamples += samples;
    }

    /** True SNR of the last burst in dB: received signal power after fading over noise power. */
    public double lastBurstSnrDb() {
        return lastBurstSnrDb;
    }

    /** Real part of the fading gain at the first sample of the last burst (carrier phase excluded). */
    public double lastBurstGainRe() {
        return lastBurstGainRe;
    }

    /** Imaginary part of the fading gain at the first sample of the last burst. */
    public double lastBurstGainIm() {
        return lastBurstGainIm;
    }

    /** Noise power added to the last burst, full-scale² per complex sample. */
    public double lastBurstNoisePower() {
        return lastBurstNoisePower;
    }

    private void receiverFrontEnd(double re, double im, float[] out, int index) {
        re = re * rxGain + config.dcOffsetI();
        im = im * rxGain + config.dcOffsetQ();
        // IQ imbalance: the Q branch has gain iqGainQ and is skewed by the phase error.
        double qRe = re;
        double qIm = iqGainQ * (im * iqCos - re * iqSin);
        float fRe = (float) Math.max(-clip, Math.min(clip, qRe));
        float fIm = (float) Math.max(-clip, Math.min(clip, qIm));
        if (quantScale > 0) {
            fRe = quantise(fRe);
            fIm = quantise(fIm);
        }
        out[index] = fRe;
        out[index + 1] = fIm;
    }

    /** Mid-tread ADC of full scale ±1, saturating at the most negative and positive codes. */
    private float quantise(float v) {
        float code = Math.round(v * quantScale);
        code = Math.max(-quantScale, Math.min(quantScale - 1, code));
        return code / quantScale;
    }

    private void advanceCarrier(int n) {
        if (carrierRadPerSample == 0 && phaseNoiseStd == 0) {
            return;
        }
        double re = carrierRe * carrierRotRe - carrierIm * carrierRotIm;
        double im = carrierRe * carrierRotIm + carrierIm * carrierRotRe;
        if (phaseNoiseStd > 0) {
            double d = phaseNoiseStd * gauss.next();
            double c = Math.cos(d);
            double s = Math.sin(d);
            double r2 = re * c - im * s;
            im = re * s + im * c;
            re = r2;
        }
        if (n % RENORM_INTERVAL == 0) {
            double mag = Math.sqrt(re * re + im * im);
            re /= mag;
            im /= mag;
        }
        carrierRe = re;
        carrierIm = im;
    }

    /** Advances the carrier over a noise-only stretch: deterministic rotation plus Wiener increment. */
    private void skipCarrier(int samples) {
        if (carrierRadPerSample == 0 && phaseNoiseStd == 0) {
            return;
        }
        double angle = carrierRadPerSample * samples + phaseNoiseStd * Math.sqrt(samples) * gauss.next();
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double re = carrierRe * c - carrierIm * s;
        double im = carrierRe * s + carrierIm * c;
        double mag = Math.sqrt(re * re + im * im);
        carrierRe = re / mag;
        carrierIm = im / mag;
    }

    /** Sets the Doppler phasors exactly at the current stream time; recursion runs within a call. */
    private void startDoppler() {
        for (int p = 0; p < DOPPLER_PATHS; p++) {
            double phase = (dopplerRadPerSample[p] * streamSamples + dopplerPhaseRad[p]) % (2 * Math.PI);
            pathRe[p] = Math.cos(phase);
            pathIm[p] = Math.sin(phase);
            pathRotRe[p] = Math.cos(dopplerRadPerSample[p]);
            pathRotIm[p] = Math.sin(dopplerRadPerSample[p]);
        }
    }

    /** Kaiser-windowed sinc, taps normalised to unit DC gain, for each fractional phase. */
    private static float[] buildInterpTable() {
        float[] table = new float[(INTERP_PHASES + 1) * INTERP_TAPS];
        double i0Beta = besselI0(KAISER_BETA);
        for (int phase = 0; phase <= INTERP_PHASES; phase++) {
            double mu = (double) phase / INTERP_PHASES;
            double[] taps = new double[INTERP_TAPS];
            double sum = 0;
            for (int k = 0; k < INTERP_TAPS; k++) {
                double x = (k - INTERP_HALF + 1) - mu; // distance of tap k from the wanted instant
                double sinc = x == 0 ? 1.0 : Math.sin(Math.PI * x) / (Math.PI * x);
                double r = x / INTERP_HALF;
                double window = Math.abs(r) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0Beta;
                taps[k] = sinc * window;
                sum += taps[k];
            }
            for (int k = 0; k < INTERP_TAPS; k++) {
                table[phase * INTERP_TAPS + k] = (float) (taps[k] / sum);
            }
        }
        return table;
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 50; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
            if (term < 1e-16 * sum) {
                break;
            }
        }
        return sum;
    }

    private static void checkRange(String name, float[] array, int offset, int samples) {
        Objects.requireNonNull(array, name);
        if (offset < 0 || samples < 0 || 2L * (offset + (long) samples) > array.length) {
            throw new IllegalArgumentException(name + ": offset " + offset + " and samples " + samples
                    + " (complex) must fit in an interleaved array of " + array.length + " floats");
        }
    }
}
