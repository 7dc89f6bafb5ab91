package io.jscclink.phy.sync;

import io.jscclink.phy.est.BscEquivalent;
import io.jscclink.phy.est.Equalizer;
import io.jscclink.phy.est.GainTracker;
import io.jscclink.phy.est.SnrEstimator;
import io.jscclink.phy.fft.PreambleCorrelator;
import io.jscclink.phy.frame.ConvolutionalCode;
import io.jscclink.phy.frame.Crc16;
import io.jscclink.phy.frame.FrameHeader;
import io.jscclink.phy.frame.FrameLayout;
import io.jscclink.phy.frame.PayloadType;
import io.jscclink.phy.frame.PhyConfig;
import io.jscclink.phy.frame.ReferenceSymbols;
import io.jscclink.phy.mod.Bpsk;
import io.jscclink.phy.pulse.DecimatingMatchedFilter;
import io.jscclink.phy.pulse.MatchedFilter;
import io.jscclink.phy.pulse.PolyphaseInterpolator;
import io.jscclink.phy.simd.Simd;
import io.jscclink.phy.simd.SimdKernels;
import java.util.Objects;

/**
 * Streaming receiver: consumes IQ in blocks of any size and delivers each decoded frame to a
 * {@link FrameListener}. State is carried between blocks, so a frame spanning block boundaries
 * is found like any other.
 *
 * <p>Chain: (1) a cheap detector on a boxcar-prefiltered stream: the normalised autocorrelation
 * at the lag of the repeated preamble segment (4 symbols), which is insensitive to carrier
 * offset, gives detection and a coarse CFO; (2) around its peak, cross-correlation with the
 * known preamble in 8 sub-blocks combined non-coherently confirms the frame, gives the start
 * with a parabolic fractional refinement (on the boxcar-filtered stream decimated by 2), and a
 * fine CFO from the median phase step between sub-blocks — first by direct sums over ±31
 * samples of where the peak puts the frame, then, if that finds nothing certain, by FFTs over
 * the detector's whole uncertainty; (3) the
 * frame's samples are derotated and matched-filtered at the symbol instants (fractional
 * polyphase bank); early/late samples of the known symbols give a timing line (offset and
 * sample-rate drift) and the symbols are filtered again on it; (4) pilot groups give gains,
 * residual rotation, noise ({@link GainTracker}); the preamble, pilots (and a known payload)
 * give the data-aided SNR, the constant-modulus symbols the M2M4 SNR; (5) the header is
 * Viterbi-decoded from its LLRs and CRC-checked — a failure is counted and the frame dropped;
 * (6) the payload is equalised (ZF or MMSE) or turned into noise-scaled LLRs.
 *
 * <p>Bad samples: NaN or infinite samples are replaced by 0 (keeping the stream's sample count),
 * counted in {@link #rejectedSamples()} and described by {@link #lastError()}; no exception
 * escapes for any sample values. Not thread-safe: one thread calls {@link #accept}. No
 * allocation per sample; a decoded frame allocates its {@link ReceivedFrame}. The hot loops run
 * on SIMD lanes where the JVM has the Vector API, once a sustained stream has warmed them up
 * ({@link io.jscclink.phy.simd.Simd}); before that, and without it, on portable loops.
 */
public final class FrameReceiver {
    private static final int CHUNK = 1 << 15;
    private static final int CORRELATOR_BLOCKS = 8;
    /** Detector threshold on |P|²/(E0·E1) times the window length (mean under noise ≈ 2.2/W with the boxcar). */
    private static final double DETECT_THRESHOLD_TIMES_WINDOW = 22;
    /** Confirmation threshold on the correlator metric times the sub-block length (noise mean 1/B). */
    private static final double CONFIRM_THRESHOLD_TIMES_BLOCK = 8;
    private static final int REINIT_INTERVAL = 1 << 16;
    /** Samples after which a receiver starts the SIMD warm-up: ~0.8 s of a 20 Msamples/s stream. */
    private static final long SIMD_AFTER_SAMPLES = 1L << 24;
    /**
     * Samples the detector scans per step (the prefilter runs this far ahead of the scan, plus
     * the window: ahead of a preamble that is work thrown away, since the scan resumes after
     * the frame).
     */
    private static final int DETECT_CHUNK = 512;
    /** Samples between the detector's metric evaluations (the scan reads four steps at once). */
    private static final int SCAN_STEP = 4;
    /**
     * Lags of the first, narrow preamble search around the detector's estimate: 2 samples apart,
     * ±31 samples; 32 = four 8-lane vectors.
     */
    private static final int NARROW_LAGS = 32;
    /** Preamble symbols of the first, coarse early/late timing iteration. */
    private static final int COARSE_TIMING_SYMBOLS = 64;
    /** Longest block of known symbols sharing one gain in the pilot SNR estimate. */
    private static final int SNR_BLOCK_SYMBOLS = 32;

    private enum State { SEARCH, PEAK, SYNC, HEADER, PAYLOAD }

    private static final int READY = 0;
    private static final int NOT_YET = 1;
    private static final int LOST = 2;

    private final PhyConfig config;
    private final FrameListener listener;
    private final int sps;
    private final int delay;
    private final int lag;
    private final int window;
    private final double detectThreshold;
    private final int preambleSymbols;
    private final MatchedFilter matchedFilter;
    /** The matched filter over the current frame's derotated samples, one run of symbols at a time. */
    private final DecimatingMatchedFilter frameFilter;
    private final PreambleCorrelator correlator;
    private final double confirmThreshold;
    private final int searchBefore;
    private final int correlationWindow;
    private final int windowD;
    /** Decimated samples of the narrow search's window (NARROW_LAGS lags). */
    private final int narrowWindowD;
    /** The correlator's last sub-blocks that see only the preamble's non-repeating tail. */
    private final int tailBlocks;
    private final double tedGain;
    /** 2·p(1)/p(0): the early + late sum of the raised cosine relative to its peak; set with tedGain. */
    private double earlyLateSum;
    private double preambleDelta;
    /** Offset (samples) around which the early/late samples are taken. */
    private double tedShift;
    private double preambleWeight;
    private double lastDelta;
    private double lastWeight;
    private final int capacity;
    private final float[] raw;
    /** The boxcar-prefiltered stream, I and Q apart (SIMD lanes read them), aligned with raw. */
    private final float[] pfRe;
    private final float[] pfIm;
    /** Per-sample changes of the detector's four running sums over one scan chunk. */
    private final float[] stepRe = new float[DETECT_CHUNK];
    private final float[] stepIm = new float[DETECT_CHUNK];
    private final float[] stepE0 = new float[DETECT_CHUNK];
    private final float[] stepE1 = new float[DETECT_CHUNK];
    private final float[] corrWindow;
    private final float[] sym;
    private final float[] refPreamble;
    private final float[] refPilots;
    private final float[] refKnown;
    private final float[] knownY;
    private final float[] knownX;
    private final int[] knownP;
    private final float[] headerLlr;
    private final float[] tedEarly;
    private final float[] tedLate;
    private final float[] codedLlr;
    private final byte[] headerBits = new byte[FrameHeader.INFO_BITS + 16];
    private final byte[] headerBytes = new byte[13];
    private final ConvolutionalCode viterbi = new ConvolutionalCode(FrameHeader.INFO_BITS + 16);
    private final GainTracker tracker;
    /** Layout of a frame's first part: every frame places its header and first pilots like this. */
    private final FrameLayout headerLayout;
    private final double[] gain = new double[2];
    /** The channel at each data symbol (header and payload) of the current frame: {@link #channelAt}. */
    private final double[] chanRe;
    private final double[] chanIm;
    private final double[] phaseSteps = new double[CORRELATOR_BLOCKS];
    private final int maxFrameSamples;
    private final int maxMargin;

    // Stream buffer: samples [bufStart, bufStart + bufLen) at raw[0 …].
    private long bufStart;
    private int bufLen;
    private long pfEnd;
    // Detector.
    private State state = State.SEARCH;
    private long searchPos;
    private boolean accValid;
    private int accAge;
    private double accRe;
    private double accIm;
    private double accE0;
    private double accE1;
    private double energyMax;
    private long triggerPos;
    private long peakPos;
    private long peakEndPos;
    /** The peak's |P|² and E0·E1 (its metric is their ratio). */
    private double peakM2;
    private double peakEe;
    private double peakRe;
    private double peakIm;
    // Current frame.
    private double frameStart;
    private double cfo;
    private FrameHeader header;
    private FrameLayout layout;
    private double timingOffset;
    private double timingSlope;
    // Counters.
    private long samplesAccepted;
    private long coarseTriggers;
    private long preamblesDetected;
    private long narrowConfirmations;
    private boolean narrowSearch = true;
    private boolean simdRequested;
    private long headerFailures;
    private long framesDelivered;
    private long rejectedSamples;
    private long droppedSamples;
    private String lastError = "";

    public FrameReceiver(PhyConfig config, FrameListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        sps = config.samplesPerSymbol();
        delay = config.filterDelaySamples();
        lag = ReferenceSymbols.SEGMENT_SYMBOLS * sps;
        window = (config.preambleRepetitions() - 1) * lag;
        detectThreshold = DETECT_THRESHOLD_TIMES_WINDOW / window;
        preambleSymbols = ReferenceSymbols.preambleSymbols(config.preambleRepetitions());
        matchedFilter = new MatchedFilter(sps, config.filterSpanSymbols(), config.rollOff());

        PolyphaseInterpolator shaper = new PolyphaseInterpolator(sps, config.filterSpanSymbols(), config.rollOff(), 1.0);
        refPreamble = new float[2 * preambleSymbols];
        ReferenceSymbols.preamble(config.preambleRepetitions(), refPreamble, 0);
        int templateSamples = shaper.outputSamples(preambleSymbols);
        float[] template = new float[2 * (templateSamples + sps)];
        shaper.shape(refPreamble, 0, preambleSymbols, template, 0);
        // The correlation runs on the boxcar-filtered stream decimated by 2 (the boxcar's nulls at
        // fs/4 and fs/2 keep the aliasing noise out), so the template is filtered the same way.
        int templateD = (templateSamples + 1) / 2;
        float[] templateDecimated = new float[2 * templateD];
        for (int m = 0; m < templateD; m++) {
            for (int i = 0; i < sps; i++) {
                templateDecimated[2 * m] += template[2 * (2 * m + i)];
                templateDecimated[2 * m + 1] += template[2 * (2 * m + i) + 1];
            }
        }
        searchBefore = 2 * delay + window / 4 + 2 * sps;
        int searchAfter = window / 4 + 2 * sps;
        int lagsD = (searchBefore + searchAfter) / 2 + 1;
        correlator = new PreambleCorrelator(templateDecimated, templateD, CORRELATOR_BLOCKS, lagsD);
        windowD = templateD + lagsD - 1;
        correlationWindow = 2 * windowD + sps;
        confirmThreshold = CONFIRM_THRESHOLD_TIMES_BLOCK / correlator.blockSamples();
        corrWindow = new float[2 * windowD];
        narrowWindowD = templateD + NARROW_LAGS - 1;
        // Sub-blocks that start after the repeated segments' last symbol (plus the filter delay):
        // the non-repeating tail of the preamble.
        int repeatedEndD = (ReferenceSymbols.SEGMENT_SYMBOLS * config.preambleRepetitions() * sps + delay) / 2;
        int firstTail = (repeatedEndD + correlator.blockSamples() - 1) / correlator.blockSamples();
        tailBlocks = Math.max(0, CORRELATOR_BLOCKS - firstTail);
        tedGain = timingErrorGain(shaper);

        FrameLayout maxLayout = new FrameLayout(config, config.maxPayloadSymbols());
        maxFrameSamples = maxLayout.totalSamples();
        maxMargin = margin(maxLayout.totalSymbols());
        int margin = 2 * delay + 2 * maxMargin;
        capacity = maxFrameSamples + margin + correlationWindow + searchBefore + window + 4 * lag + 2 * CHUNK;
        raw = new float[2 * capacity];
        pfRe = new float[capacity];
        pfIm = new float[capacity];
        sym = new float[2 * maxLayout.totalSymbols()];
        frameFilter = new DecimatingMatchedFilter(matchedFilter, maxFrameSamples + 2 * margin, maxLayout.totalSymbols());
        refPilots = new float[2 * maxLayout.pilotSymbols()];
        for (int i = 0; i < maxLayout.pilotSymbols(); i++) {
            ReferenceSymbols.pilot(i, refPilots, 2 * i);
        }
        refKnown = new float[2 * config.maxPayloadSymbols()];
        for (int i = 0; i < config.maxPayloadSymbols(); i++) {
            ReferenceSymbols.known(i, refKnown, 2 * i);
        }
        int maxKnown = preambleSymbols + maxLayout.pilotSymbols() + config.maxPayloadSymbols();
        knownY = new float[2 * maxKnown];
        knownX = new float[2 * maxKnown];
        knownP = new int[maxKnown];
        headerLlr = new float[FrameLayout.HEADER_SYMBOLS];
        chanRe = new double[maxLayout.dataSymbols()];
        chanIm = new double[maxLayout.dataSymbols()];
        tedEarly = new float[2 * Math.max(preambleSymbols, config.pilotGroupSymbols())];
        tedLate = new float[tedEarly.length];
        codedLlr = new float[FrameLayout.HEADER_SYMBOLS];
        tracker = new GainTracker(maxLayout.pilotGroups(), config.gainSmoothingGroups());
        headerLayout = new FrameLayout(config, 0);
    }

    public PhyConfig config() {
        return config;
    }

    /**
     * Consumes {@code sampleCount} complex samples of interleaved IQ starting at complex sample
     * {@code offset}; decoded frames go to the listener before this returns.
     *
     * @return samples of this block rejected as NaN or infinite (replaced by 0)
     * @throws IllegalArgumentException if offset/sampleCount do not fit the array
     */
    public int accept(float[] iq, int offset, int sampleCount) {
        Objects.requireNonNull(iq, "iq");
        if (offset < 0 || sampleCount < 0 || 2L * (offset + (long) sampleCount) > iq.length) {
            throw new IllegalArgumentException("offset " + offset + " and sampleCount " + sampleCount
                    + " (complex) must fit in an interleaved array of " + iq.length + " floats");
        }
        if (samplesAccepted >= SIMD_AFTER_SAMPLES && !simdRequested) {
            // A sustained stream: worth the SIMD kernels' one-off warm-up (see Simd).
            simdRequested = true;
            Simd.warmUp();
        }
        int rejected = 0;
        int done = 0;
        while (done < sampleCount) {
            int space = makeSpace();
            int n = Math.min(space, sampleCount - done);
            int src = 2 * (offset + done);
            int dst = 2 * bufLen;
            System.arraycopy(iq, src, raw, dst, 2 * n);
            if (!allFinite(raw, dst, dst + 2 * n)) {
                for (int i = 0; i < 2 * n; i += 2) {
                    float re = raw[dst + i];
                    float im = raw[dst + i + 1];
                    if (!Float.isFinite(re) || !Float.isFinite(im)) {
                        if (rejected == 0) {
                            lastError = "rejected non-finite sample (" + re + ", " + im + ") at stream index "
                                    + (samplesAccepted + done + i / 2) + "; NaN/Inf samples are replaced by 0";
                        }
                        raw[dst + i] = 0;
                        raw[dst + i + 1] = 0;
                        rejected++;
                    }
                }
            }
            bufLen += n;
            done += n;
            samplesAccepted += n;
            process();
        }
        rejectedSamples += rejected;
        return rejected;
    }

    private static boolean allFinite(float[] a, int from, int to) {
        if (Simd.available()) {
            return SimdKernels.allFinite(a, from, to);
        }
        // Any NaN or infinity has all exponent bits set; one int reduction finds them.
        int exponentGap = 1;
        for (int i = from; i < to; i++) {
            exponentGap = Math.min(exponentGap, (Float.floatToRawIntBits(a[i]) & 0x7f800000) ^ 0x7f800000);
        }
        return exponentGap != 0;
    }

    // ---------------------------------------------------------------------------------------
    // Buffer management.

    private long keepFrom() {
        switch (state) {
            case SEARCH:
                return Math.min(searchPos, pfEnd) - searchBefore - 2 * delay;
            case PEAK:
            case SYNC:
                return triggerPos - searchBefore - 2 * delay;
            default:
                return (long) Math.floor(frameStart) - delay - maxMargin;
        }
    }

    /** Compacts the buffer if needed; returns free space in samples (≥ 1). */
    private int makeSpace() {
        int free = capacity - bufLen;
        if (free >= CHUNK) {
            return free;
        }
        long keep = Math.max(bufStart, Math.min(keepFrom(), bufStart + bufLen));
        int shift = (int) (keep - bufStart);
        if (shift == 0) {
            // Cannot happen with the capacity computed in the constructor; recover without losing the stream clock.
            droppedSamples += bufLen;
            lastError = "receive buffer overrun: dropped " + bufLen + " buffered samples";
            shift = bufLen;
            state = State.SEARCH;
            accValid = false;
            searchPos = bufStart + bufLen;
        }
        System.arraycopy(raw, 2 * shift, raw, 0, 2 * (bufLen - shift));
        long pfKeep = Math.max(0, Math.min(pfEnd - bufStart, bufLen) - shift);
        if (pfKeep > 0) {
            System.arraycopy(pfRe, shift, pfRe, 0, (int) pfKeep);
            System.arraycopy(pfIm, shift, pfIm, 0, (int) pfKeep);
        }
        bufLen -= shift;
        bufStart += shift;
        if (pfEnd < bufStart) {
            pfEnd = bufStart;
        }
        if (searchPos < bufStart) {
            searchPos = bufStart;
            accValid = false;
        }
        return capacity - bufLen;
    }

    private long bufEnd() {
        return bufStart + bufLen;
    }

    // ---------------------------------------------------------------------------------------
    // State machine.

    private void process() {
        while (true) {
            boolean progressed;
            switch (state) {
                case SEARCH:
                case PEAK:
                    progressed = detect();
                    break;
                case SYNC:
                    progressed = synchronise();
                    break;
                case HEADER:
                    progressed = decodeHeader();
                    break;
                default:
                    progressed = decodePayload();
                    break;
            }
            if (!progressed) {
                return;
            }
        }
    }

    /**
     * Boxcar prefilter over one symbol: pf[n] = Σ_{i<sps} raw[n+i] (pfRe, pfIm), for n < limit; a running sum,
     * recomputed exactly every 256 samples so that rounding cannot accumulate.
     */
    private void computePrefilter(long limit) {
        int from = (int) (pfEnd - bufStart);
        int to = (int) (limit - bufStart);
        float re = 0;
        float im = 0;
        int span = 2 * sps;
        for (int n = from; n < to; n++) {
            int k = 2 * n;
            if (((n - from) & 255) == 0) {
                re = 0;
                im = 0;
                for (int i = 0; i < span; i += 2) {
                    re += raw[k + i];
                    im += raw[k + i + 1];
                }
            } else {
                re += raw[k + span - 2] - raw[k - 2];
                im += raw[k + span - 1] - raw[k - 1];
            }
            pfRe[n] = re;
            pfIm[n] = im;
        }
        if (limit > pfEnd) {
            pfEnd = limit;
        }
    }

    /**
     * step*[k] for the window at position p = from + k sliding by one: the terms of position
     * p + W enter and those of position p leave (x = pf, lag = the preamble segment).
     */
    private void detectorSteps(int from, int count) {
        int k = Simd.available()
                ? SimdKernels.detectorSteps(pfRe, pfIm, from, count, lag, window, stepRe, stepIm, stepE0, stepE1)
                : 0;
        for (; k < count; k++) {
            int a = from + k;
            int c = a + lag;
            int b = a + window;
            int d = b + lag;
            float ar = pfRe[a];
            float ai = pfIm[a];
            float cr = pfRe[c];
            float ci = pfIm[c];
            float br = pfRe[b];
            float bi = pfIm[b];
            float dr = pfRe[d];
            float di = pfIm[d];
            stepRe[k] = (br * dr + bi * di) - (ar * cr + ai * ci);
            stepIm[k] = (br * di - bi * dr) - (ar * ci - ai * cr);
            stepE0[k] = (br * br + bi * bi) - (ar * ar + ai * ai);
            stepE1[k] = (dr * dr + di * di) - (cr * cr + ci * ci);
        }
    }

    private void initAccumulators() {
        int p = (int) (searchPos - bufStart);
        double re = 0;
        double im = 0;
        double e0 = 0;
        double e1 = 0;
        for (int m = p; m < p + window; m++) {
            double ar = pfRe[m];
            double ai = pfIm[m];
            double br = pfRe[m + lag];
            double bi = pfIm[m + lag];
            re += ar * br + ai * bi;
            im += ar * bi - ai * br;
            e0 += ar * ar + ai * ai;
            e1 += br * br + bi * bi;
        }
        accRe = re;
        accIm = im;
        accE0 = e0;
        accE1 = e1;
        accValid = true;
        accAge = 0;
        energyMax = e0 + e1;
    }

    /** Runs the autocorrelation detector; returns true when it changed state. */
    private boolean detect() {
        if (searchPos > pfEnd) {
            pfEnd = Math.max(pfEnd, Math.min(searchPos, bufEnd()));
        }
        // The prefilter only as far as this scan reaches: after a detection the stream jumps to
        // the frame's end, and filtering the frame's samples would be wasted.
        long available = bufEnd() - sps + 1;
        computePrefilter(Math.max(pfEnd, Math.min(available, searchPos + window + lag + DETECT_CHUNK)));
        if (!accValid) {
            if (searchPos + window + lag > pfEnd) {
                return false;
            }
            initAccumulators();
        }
        int i = (int) (searchPos - bufStart);
        int first = i;
        int stop = (int) (pfEnd - bufStart) - window - lag;
        boolean peakMode = state == State.PEAK;
        int peakEnd = (int) (peakEndPos - bufStart);
        double re = accRe;
        double im = accIm;
        double e0 = accE0;
        double e1 = accE1;
        double thr = detectThreshold;
        boolean changed = false;
        while (stop - i >= SCAN_STEP) {
            // The sums' per-sample changes for a chunk first (independent: SIMD lanes), then the
            // scan, whose only serial work is four additions and the metric per SCAN_STEP
            // samples: the metric rises over a whole window (hundreds of samples), so its
            // threshold crossing and its peak lose nothing that the later searches (±31 samples
            // and more around the peak) would notice.
            int chunk = Math.min(DETECT_CHUNK, stop - i) / SCAN_STEP * SCAN_STEP;
            detectorSteps(i, chunk);
            int k = 0;
            for (; k < chunk; k += SCAN_STEP, i += SCAN_STEP) {
                double m2 = re * re + im * im;
                double ee = e0 * e1;
                if (!peakMode) {
                    if (m2 > thr * ee && ee > 0) {
                        peakMode = true;
                        state = State.PEAK;
                        coarseTriggers++;
                        triggerPos = bufStart + i;
                        peakEnd = i + window / 2;
                        peakM2 = -1;
                        peakEe = 1;
                    }
                }
                if (peakMode) {
                    // m2/ee > peakM2/peakEe without a division per sample (ee ≥ 0, peakEe > 0).
                    if (m2 * peakEe > peakM2 * ee && ee > 0) {
                        peakM2 = m2;
                        peakEe = ee;
                        peakPos = bufStart + i;
                        peakRe = re;
                        peakIm = im;
                        // Follow a rising metric: stop half a window after the last maximum.
                        peakEnd = Math.max(peakEnd, i + window / 2);
                    }
                    if (i >= peakEnd) {
                        changed = true;
                        break;
                    }
                }
                // Slide the window by SCAN_STEP: add positions i + W …, remove positions i ….
                re += (stepRe[k] + stepRe[k + 1]) + (stepRe[k + 2] + stepRe[k + 3]);
                im += (stepIm[k] + stepIm[k + 1]) + (stepIm[k + 2] + stepIm[k + 3]);
                e0 += (stepE0[k] + stepE0[k + 1]) + (stepE0[k + 2] + stepE0[k + 3]);
                e1 += (stepE1[k] + stepE1[k + 1]) + (stepE1[k + 2] + stepE1[k + 3]);
                double e = e0 + e1;
                if (e > energyMax) {
                    energyMax = e;
                } else if (e < 1e-9 * energyMax) {
                    // The power fell by > 90 dB: the running sums have lost their precision; restart them.
                    searchPos = bufStart + i + SCAN_STEP;
                    initAccumulators();
                    re = accRe;
                    im = accIm;
                    e0 = accE0;
                    e1 = accE1;
                }
            }
            if (changed) {
                break;
            }
            if (!Double.isFinite(re + im + e0 + e1) && stop - i >= SCAN_STEP) {
                // Samples beyond ~1e18 overflow the float steps: restart the sums (in double) and
                // go on; no frame can be found inside such a burst anyway.
                searchPos = bufStart + i;
                initAccumulators();
                re = accRe;
                im = accIm;
                e0 = accE0;
                e1 = accE1;
            }
        }
        searchPos = bufStart + i;
        peakEndPos = bufStart + peakEnd;
        accRe = re;
        accIm = im;
        accE0 = Math.max(e0, 0);
        accE1 = Math.max(e1, 0);
        accAge += i - first;
        if (accAge > REINIT_INTERVAL || !Double.isFinite(re + im + e0 + e1)) {
            accValid = false; // recompute from scratch to stop rounding drift
        }
        if (changed) {
            state = State.SYNC;
            return true;
        }
        // More buffered samples to scan: come back (process() calls again on true).
        return pfEnd < available && i > first;
    }

    /** FFT confirmation, fine timing and fine CFO around the detector's peak. */
    private boolean synchronise() {
        long ws = Math.max(bufStart, peakPos - searchBefore);
        if (ws + correlationWindow > bufEnd()) {
            return false;
        }
        double coarseCfo = Math.atan2(peakIm, peakRe) / (2 * Math.PI * lag);
        // First ±31 samples around where the detector's peak puts the frame (its start is
        // the peak minus the filter delay; at 10 dB all of 600 frames within ±10 samples, at
        // 0 dB or under fading most), by direct sums: ~20 times cheaper than the FFTs. Taken
        // only when the peak is inside that range, confirmed, and the preamble's non-repeating
        // tail is there too (the repeated segment alone also matches one segment off); else
        // the whole range by FFT, as if the narrow search had not been. The narrow window sits on
        // the whole search's grid (even offsets from its start), so that both see the same
        // decimated samples and find the same start.
        long narrowStart = peakPos - searchBefore + 2 * Math.floorDiv(searchBefore - delay - (NARROW_LAGS - 1), 2);
        int lags = 0;
        int best = -1;
        if (narrowSearch && tailBlocks > 0 && narrowStart >= bufStart) {
            decimatedWindow(narrowStart, coarseCfo, narrowWindowD);
            lags = correlator.correlateDirect(corrWindow, 0, narrowWindowD);
            best = bestLag(lags);
            if (best > 0 && best < lags - 1 && correlator.metric(best) > confirmThreshold && tailPresent(best)) {
                ws = narrowStart;
                narrowConfirmations++;
            } else {
                best = -1;
            }
        }
        if (best < 0) {
            decimatedWindow(ws, coarseCfo, windowD);
            lags = correlator.correlate(corrWindow, 0, windowD);
            best = bestLag(lags);
        }
        float peak = correlator.metric(best);
        if (!(peak > confirmThreshold)) {
            resumeSearch(triggerPos + window);
            return true;
        }
        double frac = 0;
        if (best > 0 && best < lags - 1) {
            double m0 = correlator.metric(best - 1);
            double m1 = peak;
            double m2 = correlator.metric(best + 1);
            double den = m0 - 2 * m1 + m2;
            if (den < 0) {
                frac = Math.max(-0.5, Math.min(0.5, 0.5 * (m0 - m2) / den));
            }
        }
        // Fine CFO: median of the phase steps between consecutive sub-blocks at the peak; the
        // median ignores a step across a fading block boundary inside the preamble.
        int pairs = correlator.blocks() - 1;
        for (int b = 0; b < pairs; b++) {
            double r0 = correlator.blockRe(b, best);
            double i0 = correlator.blockIm(b, best);
            double r1 = correlator.blockRe(b + 1, best);
            double i1 = correlator.blockIm(b + 1, best);
            phaseSteps[b] = Math.atan2(i1 * r0 - r1 * i0, r1 * r0 + i1 * i0);
        }
        java.util.Arrays.sort(phaseSteps, 0, pairs);
        double step = pairs % 2 == 1 ? phaseSteps[pairs / 2] : 0.5 * (phaseSteps[pairs / 2 - 1] + phaseSteps[pairs / 2]);
        cfo = coarseCfo + step / (2 * Math.PI * 2 * correlator.blockSamples());
        frameStart = ws + 2 * (best + frac);
        derotated = 0;
        preamblesDetected++;
        state = State.HEADER;
        layout = null;
        return true;
    }

    private int bestLag(int lags) {
        int best = 0;
        for (int d = 1; d < lags; d++) {
            if (correlator.metric(d) > correlator.metric(best)) {
                best = d;
            }
        }
        return best;
    }

    /** Whether every sub-block of the preamble's non-repeating tail is above the threshold at lag d. */
    private boolean tailPresent(int d) {
        for (int b = correlator.blocks() - tailBlocks; b < correlator.blocks(); b++) {
            if (!(correlator.blockMetric(b, d) > confirmThreshold)) {
                return false;
            }
        }
        return true;
    }

    private void resumeSearch(long from) {
        state = State.SEARCH;
        searchPos = Math.max(from, bufStart);
        accValid = false;
        if (pfEnd < searchPos) {
            pfEnd = Math.min(searchPos, bufEnd());
        }
    }

    private boolean decodeHeader() {
        int groups = (FrameLayout.HEADER_SYMBOLS + config.pilotSpacing() - 1) / config.pilotSpacing();
        int lastSymbol = headerLayout.dataPosition(FrameLayout.HEADER_SYMBOLS - 1);
        int status = demodulate(headerLayout, groups, lastSymbol, true);
        if (status != READY) {
            return status == LOST;
        }
        header = decodeHeaderBits();
        if (header == null) {
            headerFailures++;
            resumeSearch((long) Math.floor(frameStart) + (long) preambleSymbols * sps);
            return true;
        }
        if (header.payloadLength() > config.maxPayloadSymbols()) {
            headerFailures++;
            lastError = "header payloadLength " + header.payloadLength() + " exceeds maxPayloadSymbols "
                    + config.maxPayloadSymbols() + " of this receiver; frame dropped";
            resumeSearch((long) Math.floor(frameStart) + (long) preambleSymbols * sps);
            return true;
        }
        layout = new FrameLayout(config, header.payloadLength());
        state = State.PAYLOAD;
        return true;
    }

    private boolean decodePayload() {
        int lastSymbol = layout.totalSymbols() - 1;
        int status = demodulate(layout, layout.pilotGroups(), lastSymbol, false);
        if (status != READY) {
            return status == LOST;
        }
        ReceivedFrame frame = buildFrame();
        framesDelivered++;
        // Resume at the frame's end: a window over its filter tail would only trigger falsely.
        resumeSearch((long) Math.floor(frameStart) + layout.totalSamples() - sps);
        listener.onFrame(frame);
        return true;
    }

    private FrameHeader decodeHeaderBits() {
        for (int i = 0; i < FrameLayout.HEADER_SYMBOLS; i++) {
            codedLlr[i] = headerLlr[FrameLayout.headerSymbolOfCodedBit(i)];
        }
        viterbi.decode(codedLlr, 0, headerBits.length, headerBits);
        java.util.Arrays.fill(headerBytes, (byte) 0);
        for (int i = 0; i < headerBits.length; i++) {
            headerBytes[i >>> 3] |= (byte) (headerBits[i] << (7 - (i & 7)));
        }
        int crc = Crc16.compute(headerBytes, 0, 11);
        if (crc != (((headerBytes[11] & 0xff) << 8) | (headerBytes[12] & 0xff))) {
            return null;
        }
        return FrameHeader.unpack(headerBytes);
    }

    // ---------------------------------------------------------------------------------------
    // Per-frame demodulation.

    private double frameLocalOrigin;
    // Rotation state of addKnown.
    private int knownPos;
    private double knownRotRe;
    private double knownRotIm;
    private double knownStepRe;
    private double knownStepIm;
    /** Samples of the current frame already derotated into frameFilter. */
    private int derotated;
    private int lastGroups;
    /** Last symbol the header pass filtered (the header's last data symbol). */
    private int headerLastSymbol;

    /**
     * Derotates the frame's samples, fits the timing line on the known symbols, filters all
     * symbols up to {@code lastSymbol}, estimates gains and computes the header's LLRs.
     *
     * @return READY, NOT_YET (samples still to come) or LOST (its start left the buffer)
     */
    private int demodulate(FrameLayout lay, int groups, int lastSymbol, boolean headerPass) {
        // One margin for both passes, so that the payload pass continues the header pass's
        // derotated samples instead of redoing them.
        int margin = maxMargin;
        long first = (long) Math.floor(frameStart) - delay - margin;
        long end = (long) Math.floor(frameStart) + (long) lastSymbol * sps + 2 * delay + margin + 2;
        if (first < bufStart && bufStart > 0) {
            // Its start is no longer buffered (cannot happen with keepFrom's margin); count it.
            droppedSamples += end - first;
            lastError = "frame at sample " + first + " left the receive buffer; dropped";
            resumeSearch(end);
            return LOST;
        }
        if (end > bufEnd()) {
            return NOT_YET;
        }
        int len = (int) (end - first);
        int done = headerPass ? 0 : Math.min(derotated, len);
        // Before the stream's first sample (a frame right at its start) the input is silence.
        frameFilter.load(raw, (int) (first - bufStart), done, len, cfo);
        derotated = len;
        frameLocalOrigin = frameStart - first + delay;
        int np = config.pilotGroupSymbols();

        // Pass A: early/late on the known symbols → timing line Δ(k) = a + b·k. The preamble's
        // part is computed in the header pass and reused; the header pass uses it alone.
        timingOffset = 0;
        timingSlope = 0;
        if (headerPass) {
            // Two iterations: a coarse one on the preamble's first symbols brings the timing
            // into the early/late detector's linear range (the correlator's timing is only
            // within ~0.3 sample), then the whole preamble measures around it.
            tedShift = 0;
            timingError(refPreamble, 0, 0, Math.min(COARSE_TIMING_SYMBOLS, preambleSymbols));
            tedShift = lastWeight > 0 ? Math.max(-1, Math.min(1, lastDelta)) : 0;
            timingError(refPreamble, 0, 0, preambleSymbols);
            preambleDelta = lastDelta;
            preambleWeight = lastWeight;
        }
        double sw = 0;
        double swk = 0;
        double swkk = 0;
        double swd = 0;
        double swkd = 0;
        double swdd = 0;
        for (int g = -1; g < (headerPass ? 0 : groups); g++) {
            int n = g < 0 ? preambleSymbols : np;
            int pos = g < 0 ? 0 : lay.groupPosition(g);
            if (g >= 0) {
                timingError(refPilots, 2 * g * np, pos, np);
            }
            double delta = g < 0 ? preambleDelta : lastDelta;
            double weight = g < 0 ? preambleWeight : lastWeight;
            if (weight > 0) {
                double kc = pos + (n - 1) / 2.0;
                sw += weight;
                swk += weight * kc;
                swkk += weight * kc * kc;
                swd += weight * delta;
                swkd += weight * kc * delta;
                swdd += weight * delta * delta;
            }
        }
        if (sw > 0) {
            double kMean = swk / sw;
            double skk = swkk - sw * kMean * kMean;
            double dMean = swd / sw;
            timingOffset = dMean;
            if (groups >= 3 && skk > 0) {
                double slope = (swkd - sw * kMean * dMean) / skk;
                // Weighted residual scale → variance of the slope; keep the slope only where it
                // is significant (> 2σ), since at low SNR the pilots' timing errors are noisy.
                double rss = swdd - sw * dMean * dMean - slope * slope * skk;
                double slopeVar = Math.max(rss, 0) / (groups + 1 - 2) / skk;
                if (slope * slope > 4 * slopeVar) {
                    timingSlope = slope;
                    timingOffset = dMean - slope * kMean;
                }
            }
            timingOffset = Math.max(-1, Math.min(1, timingOffset));
            timingSlope = Math.max(-2e-3 * sps, Math.min(2e-3 * sps, timingSlope));
        }

        // Pass B: the symbols on the timing line (the preamble's only for the frame's estimates).
        // The payload pass keeps the header pass's outputs for the header and the pilots among
        // it: the header is decoded, and the refined line moves those instants by hundredths of
        // a sample.
        double step = sps + timingSlope;
        double t0 = frameLocalOrigin + timingOffset;
        if (headerPass) {
            filterSymbols(t0, step, preambleSymbols, lastSymbol);
            headerLastSymbol = lastSymbol;
        } else {
            filterSymbols(t0, step, 0, preambleSymbols - 1);
            filterSymbols(t0, step, headerLastSymbol + 1, lastSymbol);
        }

        // Gains per pilot group.
        tracker.reset();
        for (int g = 0; g < groups; g++) {
            int pos = lay.groupPosition(g);
            double hr = 0;
            double hi = 0;
            for (int k = 0; k < np; k++) {
                int s = 2 * (pos + k);
                int r = 2 * (g * np + k);
                hr += sym[s] * refPilots[r] + sym[s + 1] * refPilots[r + 1];
                hi += sym[s + 1] * refPilots[r] - sym[s] * refPilots[r + 1];
            }
            hr /= np;
            hi /= np;
            double spread = 0;
            for (int k = 0; k < np; k++) {
                int s = 2 * (pos + k);
                int r = 2 * (g * np + k);
                double er = sym[s] - (hr * refPilots[r] - hi * refPilots[r + 1]);
                double ei = sym[s + 1] - (hr * refPilots[r + 1] + hi * refPilots[r]);
                spread += er * er + ei * ei;
            }
            tracker.addGroup(pos + (np - 1) / 2.0, hr, hi, np, spread);
        }
        tracker.solve();
        lastGroups = groups;

        // Header LLRs (the first data symbols).
        double noise = Math.max(tracker.noiseVariance(), 1e-30);
        double llrScale = Bpsk.llrScale(noise);
        channelAt(lay, groups, 0, FrameLayout.HEADER_SYMBOLS);
        for (int j = 0; j < FrameLayout.HEADER_SYMBOLS; j++) {
            int pos = lay.dataPosition(j);
            headerLlr[j] = Bpsk.llr(sym[2 * pos], sym[2 * pos + 1], chanRe[j], chanIm[j], llrScale);
        }
        return READY;
    }

    /** Samples kept around a frame for the filter and a timing drift of up to 1000 ppm. */
    private static int margin(int symbols) {
        return 16 + symbols * 16 / 1000;
    }

    private ReceivedFrame buildFrame() {
        FrameLayout lay = layout;
        int groups = lastGroups;
        int np = config.pilotGroupSymbols();
        double omega = tracker.omegaRadPerSymbol();
        double noise = Math.max(tracker.noiseVariance(), 1e-30);
        PayloadType type = header.payloadType();
        int payload = header.payloadLength();

        // Data-aided SNR over the known symbols, the tracker's rotation removed, one gain per
        // block of consecutive known symbols (what rotation and fading leave is not noise).
        int nk = 0;
        knownPos = Integer.MIN_VALUE;
        for (int k = 0; k < preambleSymbols; k++) {
            nk = addKnown(nk, k, refPreamble, 2 * k, omega);
        }
        for (int g = 0; g < groups; g++) {
            int pos = lay.groupPosition(g);
            for (int k = 0; k < np; k++) {
                nk = addKnown(nk, pos + k, refPilots, 2 * (g * np + k), omega);
            }
        }
        if (type == PayloadType.KNOWN) {
            for (int j = 0; j < payload; j++) {
                nk = addKnown(nk, lay.dataPosition(FrameLayout.HEADER_SYMBOLS + j), refKnown, 2 * j, omega);
            }
        }
        SnrEstimator.Estimate da = SnrEstimator.blockwise(knownY, knownX, knownP, nk, SNR_BLOCK_SYMBOLS);

        // M2M4 over constant-modulus symbols: preamble, pilots, header, and BPSK/known payload.
        double m2 = 0;
        double m4 = 0;
        int nm = 0;
        for (int k = 0; k < lay.totalSymbols(); k++) {
            double p = (double) sym[2 * k] * sym[2 * k] + (double) sym[2 * k + 1] * sym[2 * k + 1];
            m2 += p;
            m4 += p * p;
            nm++;
        }
        if (type == PayloadType.COMPLEX) {
            for (int j = FrameLayout.HEADER_SYMBOLS; j < lay.dataSymbols(); j++) {
                int pos = lay.dataPosition(j);
                double p = (double) sym[2 * pos] * sym[2 * pos] + (double) sym[2 * pos + 1] * sym[2 * pos + 1];
                m2 -= p;
                m4 -= p * p;
                nm--;
            }
        }
        double m2m4 = SnrEstimator.m2m4SnrDb(m2 / nm, m4 / nm);

        // Payload.
        float[] symbols = new float[0];
        float[] llrs = new float[0];
        byte[] bits = new byte[0];
        if (type == PayloadType.BITS) {
            llrs = new float[payload];
            bits = new byte[payload];
        } else {
            symbols = new float[2 * payload];
        }
        Equalizer eq = config.equalizer();
        double llrScale = Bpsk.llrScale(noise);
        int end = lay.dataSymbols();
        channelAt(lay, groups, FrameLayout.HEADER_SYMBOLS, end);
        for (int j = FrameLayout.HEADER_SYMBOLS; j < end; j++) {
            int pos = lay.dataPosition(j);
            float yr = sym[2 * pos];
            float yi = sym[2 * pos + 1];
            int p = j - FrameLayout.HEADER_SYMBOLS;
            if (type == PayloadType.BITS) {
                float l = Bpsk.llr(yr, yi, chanRe[j], chanIm[j], llrScale);
                llrs[p] = l;
                bits[p] = Bpsk.hard(l);
            } else {
                eq.apply(yr, yi, chanRe[j], chanIm[j], noise, symbols, 2 * p);
            }
        }

        // Per-group outputs, phase, jitter, BSC equivalent.
        float[] gains = new float[2 * groups];
        float[] errVar = new float[groups];
        float[] centres = new float[groups];
        double meanRe = 0;
        double meanIm = 0;
        double bsc = 0;
        int bscWeight = 0;
        for (int g = 0; g < groups; g++) {
            gains[2 * g] = (float) tracker.gainRe(g);
            gains[2 * g + 1] = (float) tracker.gainIm(g);
            errVar[g] = (float) tracker.errorVariance(g);
            centres[g] = (float) tracker.groupTime(g);
            meanRe += tracker.derotatedRe(g);
            meanIm += tracker.derotatedIm(g);
            if (type == PayloadType.BITS && g < groups - 1) {
                double snr = (tracker.derotatedRe(g) * tracker.derotatedRe(g)
                        + tracker.derotatedIm(g) * tracker.derotatedIm(g)) / noise;
                int w = lay.segmentLength(g);
                bsc += w * BscEquivalent.q(Math.sqrt(2 * snr));
                bscWeight += w;
            }
        }
        double phase = Math.atan2(meanIm, meanRe);
        double jitter = 0;
        for (int g = 0; g < groups; g++) {
            double re = tracker.rawDerotatedRe(g);
            double im = tracker.rawDerotatedIm(g);
            double d = Math.atan2(im * meanRe - re * meanIm, re * meanRe + im * meanIm);
            jitter += d * d;
        }
        jitter = Math.sqrt(jitter / groups);
        double spsMeasured = sps + timingSlope;
        double start = frameStart + timingOffset;
        double totalCfo = cfo + omega / (2 * Math.PI * spsMeasured);
        return new ReceivedFrame(header, start, spsMeasured, totalCfo, da.snrDb(), m2m4, noise, gains, errVar,
                centres, phase, jitter, symbols, llrs, bits,
                type == PayloadType.BITS && bscWeight > 0 ? bsc / bscWeight : Double.NaN);
    }

    /**
     * chanRe/chanIm[j] = the channel at data symbol j, from ≤ j &lt; to: the tracker's gain
     * interpolated between pilot groups and turned by the residual rotation e^{jω·pos}. One pilot
     * segment at a time: exact rotation and gain at its start, then recurrences (the rotation
     * turns by e^{jω} per symbol, the interpolated gain is linear in time), no cos, sin or
     * division per symbol.
     */
    private void channelAt(FrameLayout lay, int groups, int from, int to) {
        int spacing = config.pilotSpacing();
        double omega = tracker.omegaRadPerSymbol();
        double rotStepRe = Math.cos(omega);
        double rotStepIm = Math.sin(omega);
        int j = from;
        while (j < to) {
            int seg = j / spacing;
            int segEnd = Math.min(to, (seg + 1) * spacing);
            int pos0 = lay.dataPosition(j); // data symbols of a segment are consecutive
            double rotRe = Math.cos(omega * pos0);
            double rotIm = Math.sin(omega * pos0);
            int left = Math.min(seg, groups - 1);
            tracker.derotatedGainAt(pos0 + 1, left, gain);
            double stepRe = gain[0];
            double stepIm = gain[1];
            tracker.derotatedGainAt(pos0, left, gain);
            double gr = gain[0];
            double gi = gain[1];
            stepRe -= gr;
            stepIm -= gi;
            for (; j < segEnd; j++) {
                chanRe[j] = gr * rotRe - gi * rotIm;
                chanIm[j] = gr * rotIm + gi * rotRe;
                double r = rotRe * rotStepRe - rotIm * rotStepIm;
                rotIm = rotRe * rotStepIm + rotIm * rotStepRe;
                rotRe = r;
                gr += stepRe;
                gi += stepIm;
            }
        }
    }

    private int addKnown(int n, int pos, float[] ref, int refIndex, double omega) {
        // e^{−jω·pos}: one rotation step from the previous position when consecutive, else exact.
        if (pos == knownPos + 1) {
            double r = knownRotRe * knownStepRe - knownRotIm * knownStepIm;
            knownRotIm = knownRotRe * knownStepIm + knownRotIm * knownStepRe;
            knownRotRe = r;
        } else {
            knownRotRe = Math.cos(-omega * pos);
            knownRotIm = Math.sin(-omega * pos);
            knownStepRe = Math.cos(-omega);
            knownStepIm = Math.sin(-omega);
        }
        knownPos = pos;
        float yr = sym[2 * pos];
        float yi = sym[2 * pos + 1];
        knownY[2 * n] = (float) (yr * knownRotRe - yi * knownRotIm);
        knownY[2 * n + 1] = (float) (yr * knownRotIm + yi * knownRotRe);
        knownX[2 * n] = ref[refIndex];
        knownX[2 * n + 1] = ref[refIndex + 1];
        knownP[n] = pos;
        return n + 1;
    }

    /** corrWindow[m] = Σ_{i<sps} raw[from + 2m + i] · e^{−j2π·f·2m}, m &lt; samples: boxcar, decimate by 2, derotate. */
    private void decimatedWindow(long from, double cyclesPerSample, int samples) {
        int src = (int) (from - bufStart);
        double stepRe = Math.cos(-4 * Math.PI * cyclesPerSample);
        double stepIm = Math.sin(-4 * Math.PI * cyclesPerSample);
        double re = 1;
        double im = 0;
        for (int m = 0; m < samples; m++) {
            float xr = 0;
            float xi = 0;
            int k = 2 * (src + 2 * m);
            for (int i = 0; i < 2 * sps; i += 2) {
                xr += raw[k + i];
                xi += raw[k + i + 1];
            }
            corrWindow[2 * m] = (float) (xr * re - xi * im);
            corrWindow[2 * m + 1] = (float) (xr * im + xi * re);
            double r = re * stepRe - im * stepIm;
            im = re * stepIm + im * stepRe;
            re = r;
        }
    }

    /**
     * The matched filter's grid point nearest local time t: sample m and fractional phase p
     * (of {@link MatchedFilter#PHASES}) packed as m·PHASES + p, so that instants one symbol
     * apart on one phase differ by exactly sps·PHASES.
     */
    private static long gridPoint(double t) {
        long m = (long) Math.floor(t);
        return m * MatchedFilter.PHASES + Math.round((t - m) * MatchedFilter.PHASES);
    }

    /**
     * Matched filter at symbols from … to (inclusive) on the line t0 + k·step into sym. A run of
     * symbols whose instants share one fractional phase (all of them without clock drift) goes
     * through the polyphase filter in one call.
     */
    private void filterSymbols(double t0, double step, int from, int to) {
        long symbolStep = (long) sps * MatchedFilter.PHASES;
        if (step == sps && from <= to) {
            // No clock drift: every instant has the first one's phase, one run.
            long g = gridPoint(t0 + from * step);
            frameFilter.filterRun((int) Math.floorDiv(g, MatchedFilter.PHASES),
                    (int) Math.floorMod(g, MatchedFilter.PHASES), to - from + 1, sym, 2 * from);
            return;
        }
        int sk = from;
        while (sk <= to) {
            long g = gridPoint(t0 + sk * step);
            int runEnd = sk + 1;
            while (runEnd <= to && gridPoint(t0 + runEnd * step) == g + (runEnd - sk) * symbolStep) {
                runEnd++;
            }
            frameFilter.filterRun((int) Math.floorDiv(g, MatchedFilter.PHASES),
                    (int) Math.floorMod(g, MatchedFilter.PHASES), runEnd - sk, sym, 2 * sk);
            sk = runEnd;
        }
    }

    /** Matched filter at t, t + sps, … (n instants, one fractional phase) into out. */
    private void filterRunAt(double t, int n, float[] out) {
        long g = gridPoint(t);
        frameFilter.filterRun((int) Math.floorDiv(g, MatchedFilter.PHASES),
                (int) Math.floorMod(g, MatchedFilter.PHASES), n, out, 0);
    }

    /**
     * Timing error of n known symbols from symbol index pos (references ref[refIndex…]) from
     * their early and late matched-filter outputs y± at ±1 sample: with H = Σ(y+ + y−)x*
     * (= n·h·2p(1)) and T = Σ(y+ − y−)x* (= n·h·tedGain·Δ), Δ = Re(H*·T)·2p(1)/(|H|²·tedGain).
     * Sets lastDelta (samples) and lastWeight (n·|h|², the inverse variance up to a constant).
     */
    private void timingError(float[] ref, int refIndex, int pos, int n) {
        double t = frameLocalOrigin + tedShift + (double) pos * sps;
        filterRunAt(t - 1, n, tedEarly);
        filterRunAt(t + 1, n, tedLate);
        double hr = 0;
        double hi = 0;
        double tr = 0;
        double ti = 0;
        for (int k = 0; k < n; k++) {
            float xr = ref[refIndex + 2 * k];
            float xi = ref[refIndex + 2 * k + 1];
            double sr = tedLate[2 * k] + tedEarly[2 * k];
            double si = tedLate[2 * k + 1] + tedEarly[2 * k + 1];
            double dr = tedLate[2 * k] - tedEarly[2 * k];
            double di = tedLate[2 * k + 1] - tedEarly[2 * k + 1];
            hr += sr * xr + si * xi;
            hi += si * xr - sr * xi;
            tr += dr * xr + di * xi;
            ti += di * xr - dr * xi;
        }
        double h2 = hr * hr + hi * hi;
        if (h2 > 0) {
            lastDelta = tedShift + (hr * tr + hi * ti) * earlyLateSum / (h2 * tedGain);
            lastWeight = h2 / (n * earlyLateSum * earlyLateSum);
        } else {
            lastDelta = 0;
            lastWeight = 0;
        }
    }

    /** −2·p'(1): slope of the early/late difference of the raised cosine per sample of timing error. */
    private double timingErrorGain(PolyphaseInterpolator shaper) {
        float[] one = {1f, 0f};
        int n = shaper.outputSamples(1);
        int pad = delay + 4;
        float[] pulse = new float[2 * (n + 2 * pad)];
        shaper.shape(one, 0, 1, pulse, pad);
        double centre = pad + delay;
        float[] out = new float[2];
        matchedFilter.filterAt(pulse, centre, out, 0);
        double p0 = out[0];
        double eps = 0.05;
        matchedFilter.filterAt(pulse, centre + 1 + eps, out, 0);
        double pPlus = out[0];
        matchedFilter.filterAt(pulse, centre + 1 - eps, out, 0);
        double pMinus = out[0];
        double derivative = (pPlus - pMinus) / (2 * eps) / p0;
        matchedFilter.filterAt(pulse, centre + 1, out, 0);
        earlyLateSum = 2 * out[0] / p0;
        return -2 * derivative;
    }

    // ---------------------------------------------------------------------------------------
    // Counters.

    /** Samples consumed since construction (the absolute stream index of the next sample). */
    public long samplesAccepted() { return samplesAccepted; }

    /** Times the autocorrelation detector fired (before FFT confirmation). */
    public long coarseTriggers() { return coarseTriggers; }

    /** Preambles confirmed by the FFT correlation: frames detected. */
    public long preamblesDetected() { return preamblesDetected; }

    /** Preambles confirmed by the first, narrow search (the others by the FFT search over the whole range). */
    public long narrowConfirmations() { return narrowConfirmations; }

    /** Tests: switches the narrow search off, so that the FFT search alone confirms. */
    void narrowSearch(boolean on) { narrowSearch = on; }

    /** Frames dropped because their header failed the CRC (or carried an unusable length). */
    public long headerFailures() { return headerFailures; }

    /** Frames delivered to the listener. */
    public long framesDelivered() { return framesDelivered; }

    /** NaN or infinite samples rejected (replaced by 0). */
    public long rejectedSamples() { return rejectedSamples; }

    /** Samples dropped by a buffer overrun (never expected; counted to be sure). */
    public long droppedSamples() { return droppedSamples; }

    /** Description of the last rejected input, or empty. */
    public String lastError() { return lastError; }
}
