package io.jscclink.link.pipeline;

import io.jscclink.calibration.iq.IqImbalance;
import io.jscclink.calibration.snr.SnrCorrectionTable;
import io.jscclink.link.radio.Radio;
import io.jscclink.link.report.FrameRecords;
import io.jscclink.link.report.FrameSequenceTracker;
import io.jscclink.link.report.LatencyRecorder;
import io.jscclink.link.report.LinkSummary;
import io.jscclink.models.JsccModel;
import io.jscclink.models.data.ImageSet;
import io.jscclink.models.eval.ImageMetrics;
import io.jscclink.phy.channel.BinarySymmetricChannel;
import io.jscclink.phy.frame.FrameBuilder;
import io.jscclink.phy.frame.FrameHeader;
import io.jscclink.phy.frame.PayloadType;
import io.jscclink.phy.frame.PhyConfig;
import io.jscclink.phy.mod.MappingReport;
import io.jscclink.phy.sync.FrameReceiver;
import io.jscclink.phy.sync.ReceivedFrame;
import io.jscclink.proto.sdr.v1.ChannelEmulation;
import io.jscclink.sdr.api.RxBlockInfo;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run of the image link: TX (encode → frames → radio), RX (radio → phy receiver →
 * reassembly) and decode (models → images → metrics) on three threads joined by bounded
 * queues, so a slow stage holds the others back instead of growing memory.
 *
 * <p>Link adaptation: before the images the transmitter sends a few pilot-only probe frames;
 * the receiver's pilot SNR estimate (a running mean over every frame since) picks, batch by
 * batch, the model trained nearest to it. The header's model id tells the receiver which
 * decoder goes with a frame. The estimate reaches the transmitter through shared memory —
 * an ideal feedback channel, which a two-radio setup would replace with a return link.
 */
public final class LinkRun {
  /** Scheme ids in frame headers; 0 marks probe frames. */
  static final int PROBE_SCHEME_ID = 0;
  /** Known symbols in a probe frame's payload. */
  static final int PROBE_SYMBOLS = 128;
  private static final int RX_BLOCK_SAMPLES = 16384;
  private static final long NANOS_PER_MS = 1_000_000L;

  /** Everything a run needs besides the images. */
  /**
   * @param radio the IQ path, or null for a bit-level BSC run
   * @param bscEpsilon crossover probability of a bit-level BSC run (bit schemes), NaN for an
   *     IQ channel
   */
  public record Settings(SchemeCodec codec, Radio radio, PhyConfig phy, double sampleRateHz,
      double snrDb, ChannelEmulation emulation, boolean paced, double bscEpsilon, int batchSize,
      int probeFrames, long quietTimeoutMs, long seed, Corrections corrections) {
    public Settings {
      if (radio == null && !(bscEpsilon >= 0 && bscEpsilon <= 0.5)) {
        throw new IllegalArgumentException("a run without a radio is a BSC run and needs a"
            + " crossover probability in [0, 0.5], got " + bscEpsilon);
      }
      if (radio == null && codec.payload() == SchemeCodec.Payload.LATENTS) {
        throw new IllegalArgumentException("the bit-level BSC carries bits; "
            + codec.scheme().cliName() + " sends complex latents (use awgn or rayleigh)");
      }
      if (batchSize < 1 || probeFrames < 0 || sampleRateHz <= 0 || quietTimeoutMs < 1) {
        throw new IllegalArgumentException("batchSize >= 1, probeFrames >= 0, sampleRateHz > 0"
            + " and quietTimeoutMs >= 1 required, got " + batchSize + ", " + probeFrames + ", "
            + sampleRateHz + ", " + quietTimeoutMs);
      }
    }
  }

  /**
   * Receiver corrections measured by {@code jscc-link calibrate}: the front end's IQ
   * impairments, removed from every block before the phy sees it, and the pilot SNR
   * estimator's correction table, applied to every frame's estimate. Either may be null.
   */
  public record Corrections(IqImbalance iq, SnrCorrectionTable snr) {
    public static final Corrections NONE = new Corrections(null, null);
  }

  /** The figures and what arrived: decoded images (NaN where none), completeness per image. */
  /**
   * @param psnrDb per image (NaN where none was decoded)
   * @param predicted per image class from the decoder's classifier (-1 where none)
   * @param constellation the first received payload symbols (interleaved; analog schemes)
   */
  public record Result(LinkSummary summary, float[] decoded, boolean[] complete,
      FrameRecords frames, double[] psnrDb, int[] predicted, float[] constellation) {}

  private final Settings s;
  private final SchemeCodec codec;
  private final ImageSet images;
  private final int count;
  private final int pixels;
  private final int schemeId;
  private final long[] txStartNs;
  private final int[] txModel;
  private final byte[] txBits;
  private final float[] decoded;
  private final boolean[] complete;
  private final double[] psnrPerImage;
  private final int[] predicted;
  /** The first received payload symbols, for the report's constellation (RX thread). */
  private final float[] constellation = new float[2 * 2048];
  private int constellationFloats;
  private final BlockingQueue<ArrivedImage> decodeQueue = new ArrayBlockingQueue<>(64);

  // Shared between stages.
  private volatile double snrEstimateDb = Double.NaN;
  // Running mean of the BSC crossover the phy derives from each bit frame's SNR.
  private volatile double epsilonEstimate = Double.NaN;
  private double epsilonSum;
  private long epsilonCount;
  private volatile boolean txDone;
  private volatile long framesSent;
  private volatile long txSamples;
  private volatile long probeFramesReceived;
  private final CountDownLatch firstProbe = new CountDownLatch(1);
  // Time each stage spent working (not waiting on the radio or a queue), for the real-time
  // factor; each written by its own stage only.
  private long txBusyNs;
  private long rxBusyNs;
  /** CPU time of the RX thread in the receiver: unaffected by other threads on a busy machine. */
  private long rxCpuNs;
  /** RX thread: time spent waiting for room in the decode queue. */
  private long rxBlockedNs;
  private long decodeBusyNs;
  private long samplesReceived;
  // TX stage only.
  private long latentsClipped;
  private long latentsMapped;
  private double paprSumDb;
  private long paprFrames;

  // RX stage only (published to the summary after the stage has ended).
  private long framesReceived;
  private long foreignFrames;
  private long samplesLost;
  private double snrSum;
  private double snrSumSquares;
  private long snrCount;
  private final FrameSequenceTracker sequences = new FrameSequenceTracker(65536);
  private final FrameRecords records = new FrameRecords();
  // The simulated channel's truth per burst, indexed by the burst's (16-bit) frame sequence
  // number; written and read on the RX thread (the in-process radio reports it there).
  private final double[] truthSnrDb = new double[65536];
  private final double[] truthGain = new double[2 * 65536];

  // Decode stage only.
  private final LatencyRecorder latency = new LatencyRecorder();
  private double psnrSum;
  private double ssimSum;
  private long qualityCount;
  private long correct;
  private long classified;
  private long bitErrors;
  private long bitsCompared;
  private long imagesComplete;
  private long imagesIncomplete;

  private record ArrivedImage(int index, float[] values, int length, boolean complete) {
    static final ArrivedImage END = new ArrivedImage(-1, null, 0, false);
  }

  private LinkRun(Settings s, ImageSet images, int count) {
    if (count < 1 || count > images.count() || count > 65535) {
      throw new IllegalArgumentException("images to send must be in [1, min(" + images.count()
          + ", 65535)], got " + count);
    }
    this.s = s;
    this.codec = s.codec();
    this.images = images;
    this.count = count;
    this.pixels = images.pixelsPerImage();
    this.schemeId = codec.scheme().ordinal() + 1;
    this.txStartNs = new long[count];
    this.txModel = new int[count];
    this.txBits = codec.payload() == SchemeCodec.Payload.LATENTS ? new byte[0]
        : new byte[count * codec.payloadValuesPerImage()];
    this.decoded = new float[count * pixels];
    Arrays.fill(decoded, Float.NaN);
    this.complete = new boolean[count];
    this.psnrPerImage = new double[count];
    Arrays.fill(psnrPerImage, Double.NaN);
    this.predicted = new int[count];
    Arrays.fill(predicted, -1);
  }

  /** Sends {@code count} images of {@code images} and reports what arrived. */
  public static Result run(Settings settings, ImageSet images, int count, String scheme,
      String channel, String device) throws Exception {
    return run(settings, images, count, scheme, channel, device, new AtomicBoolean());
  }

  /**
   * As above; setting {@code stop} (Ctrl-C) ends the run early but cleanly: no new image is
   * encoded, what is in flight is received and decoded, and the figures cover what was sent.
   */
  public static Result run(Settings settings, ImageSet images, int count, String scheme,
      String channel, String device, AtomicBoolean stop) throws Exception {
    LinkRun run = new LinkRun(settings, images, count);
    run.stop = stop;
    return run.execute(scheme, channel, device);
  }

  private AtomicBoolean stop = new AtomicBoolean();
  /** Images the transmitter encoded (all of them unless stopped early). */
  private volatile int imagesSent;

  private Result execute(String scheme, String channel, String device) throws Exception {
    boolean bsc = s.radio() == null;
    FrameReceiver receiver = new FrameReceiver(s.phy(), this::onFrame);
    java.util.Arrays.fill(truthSnrDb, Double.NaN);
    java.util.Arrays.fill(truthGain, Double.NaN);
    if (!bsc) {
      double symbolEnergy = s.phy().txRms() * s.phy().txRms() * s.phy().samplesPerSymbol();
      s.radio().observeTruth((burstId, snrDb, gainRe, gainIm, noisePower) -> {
        int k = (int) (burstId & 0xFFFF);
        double gain2 = gainRe * gainRe + gainIm * gainIm;
        truthSnrDb[k] = 10 * Math.log10(symbolEnergy * gain2 / noisePower);
        truthGain[2 * k] = gainRe;
        truthGain[2 * k + 1] = gainIm;
      });
      s.radio().configure(s.sampleRateHz(), s.emulation(), s.paced());
      s.radio().startReceive();
    }
    long start = System.nanoTime();
    StageRunner stages = new StageRunner();
    if (bsc) {
      stages.start("link-bsc", this::transmitOverBsc);
    } else {
      stages.start("link-tx", this::transmit);
      stages.start("link-rx", () -> receive(receiver));
    }
    stages.start("link-decode", this::decode);
    stages.await(Math.max(60_000, 200L * count + 10 * s.quietTimeoutMs()));
    double wallS = (System.nanoTime() - start) / 1e9;

    LinkSummary sum = new LinkSummary();
    sum.scheme = scheme;
    sum.channel = channel;
    sum.device = device;
    sum.snrDb = s.snrDb();
    if (snrCount > 0) {
      sum.snrDbEst = snrSum / snrCount;
      sum.snrDbEstStd = Math.sqrt(Math.max(0, snrSumSquares / snrCount
          - sum.snrDbEst * sum.snrDbEst));
    }
    if (qualityCount > 0) {
      sum.psnrDb = psnrSum / qualityCount;
      sum.ssim = ssimSum / qualityCount;
    }
    if (classified > 0) {
      sum.accuracy = (double) correct / classified;
    }
    if (bitsCompared > 0) {
      sum.ber = (double) bitErrors / bitsCompared;
    }
    sum.framesSent = framesSent;
    sum.framesReceived = framesReceived;
    sum.framesLost = Math.max(0, framesSent - framesReceived);
    sum.headerCrcFailures = receiver.headerFailures();
    sum.imagesSent = imagesSent;
    sum.stoppedEarly = stop.get();
    sum.radioError = radioError;
    sum.imagesComplete = imagesComplete;
    sum.imagesIncomplete = imagesIncomplete;
    sum.samplesLost = samplesLost;
    sum.foreignFrames = foreignFrames;
    if (latentsMapped > 0) {
      sum.clipRate = (double) latentsClipped / latentsMapped;
      sum.paprDb = paprSumDb / paprFrames;
    }
    sum.latencyMsP50 = latency.percentileMs(50);
    sum.latencyMsP99 = latency.percentileMs(99);
    sum.throughputImagesPerS = imagesComplete / wallS;
    sum.samplesReceived = samplesReceived;
    if (!bsc) {
      // Each stage's sample time over its busy time; the slowest stage bounds the link.
      double air = txSamples / s.sampleRateHz();
      sum.realtimeFactorTx = air / seconds(txBusyNs);
      sum.realtimeFactorRx = samplesReceived / s.sampleRateHz() / seconds(rxBusyNs);
      sum.realtimeFactorRxCpu = samplesReceived / s.sampleRateHz() / seconds(rxCpuNs);
      sum.realtimeFactorDecode = air / seconds(decodeBusyNs);
      sum.realtimeFactor = Math.min(sum.realtimeFactorTx,
          Math.min(sum.realtimeFactorRx, sum.realtimeFactorDecode));
    }
    sum.snrDbTrue = records.meanTrueSnrDb();
    sum.epsilonEst = epsilonEstimate;
    return new Result(sum, decoded, complete, records, psnrPerImage, predicted,
        Arrays.copyOf(constellation, constellationFloats));
  }

  private static double seconds(long ns) {
    return Math.max(ns, 1) / 1e9;
  }

  // ---------------------------------------------------------------- TX

  private void transmit() throws Exception {
    try {
      transmitFrames();
    } catch (RadioLost e) {
      radioLost(e);
    } finally {
      txDone = true;
    }
  }

  private void transmitFrames() throws Exception {
    FrameBuilder builder = new FrameBuilder(s.phy());
    int capacity = builder.payloadCapacity();
    float[] burst = new float[2 * builder.frameSamples(capacity)];
    int sequence = 0;
    for (int p = 0; p < s.probeFrames(); p++) {
      FrameHeader h = FrameHeader.of(PayloadType.KNOWN, PROBE_SCHEME_ID, 0, PROBE_SYMBOLS,
          sequence++ & 0xFFFF, 0, 0, 1);
      int n = builder.buildKnown(h, PROBE_SYMBOLS, burst, 0);
      send(burst, n, h.sequenceNumber());
    }
    waitForProbes();

    long txStart = System.nanoTime();
    txWaitNs = 0;
    int batch = s.batchSize();
    int values = codec.payloadValuesPerImage();
    float[] latents = new float[batch * values];
    byte[] bits = new byte[batch * values];
    int[] lengths = new int[batch];
    for (int first = 0; first < count && !stop.get(); first += batch) {
      int n = Math.min(batch, count - first);
      imagesSent = first + n;
      int model = codec.modelFor(snrEstimateDb, epsilonEstimate);
      JsccModel m = codec.model(model);
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        txStartNs[first + i] = t0;
        txModel[first + i] = model;
      }
      float[] px = images.pixels();
      switch (codec.payload()) {
        case LATENTS -> m.encodeLatents(px, first * pixels, n, latents, 0);
        case BITS -> m.encodeBits(px, first * pixels, n, bits, 0, null);
        case VARIABLE_BITS -> m.encodeBits(px, first * pixels, n, bits, 0, lengths);
      }
      if (codec.payload() != SchemeCodec.Payload.LATENTS) {
        System.arraycopy(bits, 0, txBits, first * values, n * values);
      }
      for (int i = 0; i < n; i++) {
        int image = first + i;
        int symbols = switch (codec.payload()) {
          case LATENTS -> values / 2;
          case BITS -> values;
          case VARIABLE_BITS -> lengths[i];
        };
        int fragments = (symbols + capacity - 1) / capacity;
        if (fragments > 255) {
          throw new IllegalStateException("an image needs " + fragments + " frames of "
              + capacity + " symbols; the header allows 255; raise the frame capacity");
        }
        for (int f = 0; f < fragments; f++) {
          int len = Math.min(capacity, symbols - f * capacity);
          PayloadType type = codec.payload() == SchemeCodec.Payload.LATENTS
              ? PayloadType.COMPLEX : PayloadType.BITS;
          FrameHeader h = FrameHeader.of(type, schemeId, model, len, sequence++ & 0xFFFF,
              image, f, fragments);
          int samples;
          if (type == PayloadType.COMPLEX) {
            MappingReport r = builder.buildLatents(h, latents, i * (values / 2) + f * capacity,
                len, burst, 0);
            samples = builder.frameSamples(len);
            latentsClipped += r.clippedLatents();
            latentsMapped += r.latents();
            paprSumDb += r.paprDb();
            paprFrames++;
          } else {
            samples = builder.buildBits(h, bits, i * values + f * capacity, len, burst, 0);
          }
          send(burst, samples, h.sequenceNumber());
          framesSent++;
        }
      }
    }
    txBusyNs = System.nanoTime() - txStart - txWaitNs;
  }

  /**
   * The bit-level channel: encoded bits through a BSC straight to the decoder, no frames. The
   * decoder sees the flipped bits as LLRs of ±1.
   */
  private void transmitOverBsc() throws Exception {
    BinarySymmetricChannel bsc = new BinarySymmetricChannel(s.bscEpsilon(), s.seed());
    int batch = s.batchSize();
    int values = codec.payloadValuesPerImage();
    byte[] bits = new byte[batch * values];
    int[] lengths = new int[batch];
    JsccModel m = codec.model(0);
    try {
      for (int first = 0; first < count && !stop.get(); first += batch) {
        int n = Math.min(batch, count - first);
        imagesSent = first + n;
        long t0 = System.nanoTime();
        m.encodeBits(images.pixels(), first * pixels, n, bits, 0,
            codec.payload() == SchemeCodec.Payload.VARIABLE_BITS ? lengths : null);
        System.arraycopy(bits, 0, txBits, first * values, n * values);
        for (int i = 0; i < n; i++) {
          int length = codec.payload() == SchemeCodec.Payload.VARIABLE_BITS ? lengths[i] : values;
          txStartNs[first + i] = t0;
          bsc.applyUnpacked(bits, i * values, length);
          float[] llr = new float[length];
          for (int v = 0; v < length; v++) {
            llr[v] = bits[i * values + v] == 0 ? 1f : -1f;
          }
          decodeQueue.put(new ArrivedImage(first + i, llr, length, true));
        }
      }
    } finally {
      txDone = true;
      decodeQueue.put(ArrivedImage.END);
    }
  }

  private void send(float[] burst, int samples, long burstId) throws Exception {
    long t = System.nanoTime();
    try {
      s.radio().transmit(burst, samples, burstId);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      throw new RadioLost("sending", e);
    }
    txWaitNs += System.nanoTime() - t;
    txSamples += samples;
  }

  private long txWaitNs;

  /** Waits (bounded) until the receiver has estimated the SNR from a probe. */
  private void waitForProbes() throws InterruptedException {
    if (s.probeFrames() > 0) {
      firstProbe.await(s.quietTimeoutMs(), TimeUnit.MILLISECONDS);
    }
  }

  /** The radio failed for good (a sidecar that vanished and did not come back in time). */
  private static final class RadioLost extends Exception {
    RadioLost(String activity, Exception cause) {
      super("the radio failed while " + activity + ": " + cause.getMessage(), cause);
    }
  }

  private volatile String radioError;

  /**
   * Ends the run early, as Ctrl-C does, keeping what already arrived: the frames and images
   * that the lost radio never delivered are counted as lost in the summary, which names the
   * failure.
   */
  private void radioLost(RadioLost e) {
    synchronized (this) {
      if (radioError == null) {
        radioError = e.getMessage() + " (" + s.radio().description() + ")";
      }
    }
    stop.set(true);
  }

  // ---------------------------------------------------------------- RX

  private void receive(FrameReceiver receiver) throws Exception {
    float[] block = new float[2 * RX_BLOCK_SAMPLES];
    RxBlockInfo info = new RxBlockInfo();
    java.lang.management.ThreadMXBean cpuClock =
        java.lang.management.ManagementFactory.getThreadMXBean();
    int maxFrame = new FrameBuilder(s.phy()).frameSamples(s.phy().maxPayloadSymbols());
    long bursts = 0;
    long tail = 0;
    long lastProgressNs = System.nanoTime();
    long lastFrames = -1;
    ImageAssembler assembler = new ImageAssembler(valuesPerFrame(), 255, 2, this::onImage);
    this.assembler = assembler;
    try {
      while (true) {
        int n;
        try {
          n = s.radio().read(block, RX_BLOCK_SAMPLES, info);
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          radioLost(new RadioLost("receiving", e));
          break;
        }
        if (n < 0) {
          break;
        }
        samplesLost += info.samplesLostBefore;
        samplesReceived += n;
        long t = System.nanoTime();
        long cpu = cpuClock.getCurrentThreadCpuTime();
        long blockedBefore = rxBlockedNs;
        if (s.corrections().iq() != null) {
          s.corrections().iq().correct(block, 0, n);
        }
        receiver.accept(block, 0, n);
        // Waiting for the decoder (back-pressure) is not the receiver's work; it costs no CPU.
        rxBusyNs += System.nanoTime() - t - (rxBlockedNs - blockedBefore);
        rxCpuNs += cpuClock.getCurrentThreadCpuTime() - cpu;
        if (info.endOfBurst) {
          bursts++;
        }
        long now = System.nanoTime();
        if (framesReceived + probeFramesReceived != lastFrames) {
          lastFrames = framesReceived + probeFramesReceived;
          lastProgressNs = now;
        }
        if (txDone) {
          // Every burst has left the channel: read one more frame length so the receiver's
          // filters flush the last frame, then stop. A radio without burst marks (hardware)
          // stops after a quiet spell instead.
          if (bursts >= framesSent + s.probeFrames()) {
            tail += n;
            if (tail > 2L * maxFrame) {
              break;
            }
          } else if (now - lastProgressNs > s.quietTimeoutMs() * NANOS_PER_MS) {
            break;
          }
        }
      }
      assembler.flush();
    } finally {
      decodeQueue.put(ArrivedImage.END);
    }
  }

  private ImageAssembler assembler;

  private int valuesPerFrame() {
    int capacity = s.phy().maxPayloadSymbols();
    return codec.payload() == SchemeCodec.Payload.LATENTS ? 2 * capacity : capacity;
  }

  /** Called by the phy receiver on the RX thread. */
  private void onFrame(ReceivedFrame frame) {
    FrameHeader h = frame.header();
    double snr = frame.pilotSnrDb();
    if (s.corrections().snr() != null && Double.isFinite(snr)) {
      snr = s.corrections().snr().correctDb(snr);
    }
    if (Double.isFinite(snr)) {
      snrSum += snr;
      snrSumSquares += snr * snr;
      snrCount++;
      snrEstimateDb = snrSum / snrCount;
    }
    if (h.schemeId() == PROBE_SCHEME_ID) {
      probeFramesReceived++;
      firstProbe.countDown();
      return;
    }
    if (h.schemeId() != schemeId || h.imageIndex() >= count) {
      foreignFrames++;
      return;
    }
    framesReceived++;
    sequences.onFrame(h.sequenceNumber());
    if (Double.isFinite(frame.bscCrossover())) {
      epsilonSum += frame.bscCrossover();
      epsilonCount++;
      epsilonEstimate = epsilonSum / epsilonCount;
    }
    int k = h.sequenceNumber();
    double re = 0;
    double im = 0;
    for (int g = 0; g < frame.groups(); g++) {
      re += frame.gainRe(g);
      im += frame.gainIm(g);
    }
    // The phy's gains are in received-symbol units: a unit-power symbol leaves the matched
    // filter scaled by txRms·sqrt(sps) before the channel; divided out, they compare with the
    // channel's own gain.
    double scale = Math.max(1, frame.groups()) * s.phy().txRms()
        * Math.sqrt(s.phy().samplesPerSymbol());
    records.add(k, h.imageIndex(), h.fragmentIndex(), snr, truthSnrDb[k], re / scale,
        im / scale, truthGain[2 * k], truthGain[2 * k + 1]);
    if (codec.payload() == SchemeCodec.Payload.LATENTS) {
      int take = Math.min(constellation.length - constellationFloats, 2 * h.payloadLength());
      System.arraycopy(frame.symbols(), 0, constellation, constellationFloats, take);
      constellationFloats += take;
      assembler.accept(h.imageIndex(), h.fragmentIndex(), h.fragmentCount(), frame.symbols(), 0,
          2 * h.payloadLength());
    } else {
      assembler.accept(h.imageIndex(), h.fragmentIndex(), h.fragmentCount(), frame.llrs(), 0,
          h.payloadLength());
    }
  }

  /** Called by the assembler on the RX thread; blocks when the decoder is behind. */
  private void onImage(int index, float[] values, int length, boolean whole, int missing) {
    long t = System.nanoTime();
    try {
      decodeQueue.put(new ArrivedImage(index, Arrays.copyOf(values, length), length, whole));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    rxBlockedNs += System.nanoTime() - t;
  }

  // ---------------------------------------------------------------- decode

  private void decode() throws Exception {
    ImageMetrics metrics = new ImageMetrics(28, 28);
    int values = codec.payloadValuesPerImage();
    int batch = s.batchSize();
    ArrivedImage[] pending = new ArrivedImage[batch];
    float[] payload = new float[batch * values];
    byte[] hard = new byte[batch * values];
    int[] lengths = new int[batch];
    float[] out = new float[batch * pixels];
    int[] classes = new int[batch];
    boolean ended = false;
    while (!ended) {
      int n = 0;
      ArrivedImage first = decodeQueue.take();
      if (first == ArrivedImage.END) {
        break;
      }
      pending[n++] = first;
      while (n < batch) {
        ArrivedImage next = decodeQueue.poll(5, TimeUnit.MILLISECONDS);
        if (next == null) {
          break;
        }
        if (next == ArrivedImage.END) {
          ended = true;
          break;
        }
        pending[n++] = next;
      }
      // Images encoded by different models decode separately.
      boolean[] done = new boolean[n];
      for (int a = 0; a < n; a++) {
        if (done[a]) {
          continue;
        }
        int model = txModelOf(pending[a]);
        int k = 0;
        int[] members = new int[n];
        for (int b = a; b < n; b++) {
          if (!done[b] && txModelOf(pending[b]) == model) {
            members[k++] = b;
            done[b] = true;
          }
        }
        long t = System.nanoTime();
        decodeGroup(codec.model(model), pending, members, k, values, payload, hard, lengths, out,
            classes, metrics);
        decodeBusyNs += System.nanoTime() - t;
      }
    }
  }

  /** The model that encoded an image; the header carried it, the TX record holds the same. */
  private int txModelOf(ArrivedImage image) {
    return txModel[image.index()];
  }

  private void decodeGroup(JsccModel model, ArrivedImage[] pending, int[] members, int k,
      int values, float[] payload, byte[] hard, int[] lengths, float[] out, int[] classes,
      ImageMetrics metrics) {
    for (int j = 0; j < k; j++) {
      ArrivedImage img = pending[members[j]];
      int base = j * values;
      for (int v = 0; v < values; v++) {
        // A missing span (NaN) is an erasure: zero latent / zero LLR carry no information.
        float x = v < img.length() ? img.values()[v] : 0f;
        payload[base + v] = Float.isNaN(x) ? 0f : x;
        hard[base + v] = (byte) (payload[base + v] < 0 ? 1 : 0); // LLR > 0 means bit 0
      }
      lengths[j] = img.length();
    }
    boolean hasImages = codec.payload() != SchemeCodec.Payload.VARIABLE_BITS;
    switch (codec.payload()) {
      case LATENTS -> {
        if (codec.generative()) {
          // The generator is conditioned on the SNR the receiver estimated, as in the paper.
          int steps = model.metadata().eulerSteps == null ? 10 : model.metadata().eulerSteps;
          double snr = Double.isFinite(snrEstimateDb) ? snrEstimateDb : s.snrDb();
          model.generate(payload, 0, k, snr, steps, s.seed() + pending[members[0]].index(), out,
              0);
        } else {
          model.decodeLatents(payload, 0, k, out, 0, classes, 0);
        }
      }
      case BITS -> model.decodeBits(hard, 0, null, k, out, 0, null, 0);
      case VARIABLE_BITS -> model.decodeBits(hard, 0, lengths, k, null, 0, classes, 0);
    }
    long now = System.nanoTime();
    for (int j = 0; j < k; j++) {
      ArrivedImage img = pending[members[j]];
      int index = img.index();
      complete[index] = img.complete();
      if (!img.complete()) {
        imagesIncomplete++;
        continue;
      }
      imagesComplete++;
      latency.record(now - txStartNs[index]);
      if (hasImages) {
        System.arraycopy(out, j * pixels, decoded, index * pixels, pixels);
        psnrPerImage[index] = ImageMetrics.psnrDb(images.pixels(), index * pixels, out,
            j * pixels, pixels);
        psnrSum += psnrPerImage[index];
        ssimSum += metrics.ssim(images.pixels(), index * pixels, out, j * pixels);
        qualityCount++;
      }
      if (codec.payload() != SchemeCodec.Payload.BITS && !codec.generative()
          && images.labels()[index] >= 0) {
        classified++;
        predicted[index] = classes[j];
        if (classes[j] == images.labels()[index]) {
          correct++;
        }
      }
      if (codec.payload() != SchemeCodec.Payload.LATENTS) {
        int base = index * values;
        for (int v = 0; v < img.length(); v++) {
          bitsCompared++;
          if (hard[j * values + v] != txBits[base + v]) {
            bitErrors++;
          }
        }
      }
    }
  }
}
