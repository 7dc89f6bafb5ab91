package io.jscclink.link.report;

import com.google.gson.GsonBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one link run, printed by {@code jscc-link link --json} as one flat JSON
 * object. The keys are a contract (scripts read them) and are documented in the README;
 * a figure that does not apply to the run (BER of an analog scheme, SSIM of a classifier-only
 * scheme) or could not be measured is {@code null}, never a made-up number.
 */
public final class LinkSummary {
  public String scheme;
  public String channel;
  public String device;
  /** Configured SNR, dB. */
  public double snrDb = Double.NaN;
  /** Mean over received frames of the pilot SNR estimate, dB, and its standard deviation. */
  public double snrDbEst = Double.NaN;
  public double snrDbEstStd = Double.NaN;
  /** Mean over frames of the true SNR the simulated channel applied (simulated runs only). */
  public double snrDbTrue = Double.NaN;
  public double psnrDb = Double.NaN;
  public double ssim = Double.NaN;
  public double accuracy = Double.NaN;
  /** Bit error rate of the hard decisions (bit schemes). */
  public double ber = Double.NaN;
  /** Bit schemes: mean BSC crossover equivalent to the frames' estimated SNR. */
  public double epsilonEst = Double.NaN;
  public long framesSent;
  public long framesReceived;
  public long framesLost;
  public long headerCrcFailures;
  public long imagesSent;
  /** The run was interrupted (Ctrl-C): the figures cover what was sent until then. */
  public boolean stoppedEarly;
  /** Why the radio stopped mid-run (a sidecar that vanished), or null. */
  public String radioError;
  public long imagesComplete;
  public long imagesIncomplete;
  public long samplesLost;
  /** Samples the receiver processed (bursts and the noise around them). */
  public long samplesReceived;
  /** Frames with a valid header that belong to another scheme or run (ignored, counted). */
  public long foreignFrames;
  /** Fraction of complex latents clipped at the mapper's limit, and the mean frame PAPR. */
  public double clipRate = Double.NaN;
  public double paprDb = Double.NaN;
  public double latencyMsP50 = Double.NaN;
  public double latencyMsP99 = Double.NaN;
  public double throughputImagesPerS = Double.NaN;
  /**
   * Sample time over working time of the slowest stage (TX encode and framing, RX phy,
   * decode): ≥ 1 means every stage keeps up with the radio at this sample rate.
   */
  public double realtimeFactor = Double.NaN;
  /** The same ratio per stage: TX (encode, framing), RX (phy receiver), decode. */
  public double realtimeFactorTx = Double.NaN;
  public double realtimeFactorRx = Double.NaN;
  public double realtimeFactorDecode = Double.NaN;
  /**
   * RX's ratio over the receiver thread's CPU time instead of its wall-clock busy time: what one
   * core of its own would give, where the wall-clock figure also counts the time the other
   * stages (and anything else on the machine) held the cores.
   */
  public double realtimeFactorRxCpu = Double.NaN;

  /** The figures in a fixed key order, NaN as null. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scheme", scheme);
    m.put("channel", channel);
    m.put("device", device);
    m.put("snr_db", orNull(snrDb));
    m.put("snr_db_est", orNull(snrDbEst));
    m.put("snr_db_est_std", orNull(snrDbEstStd));
    m.put("snr_db_true", orNull(snrDbTrue));
    m.put("psnr_db", orNull(psnrDb));
    m.put("ssim", orNull(ssim));
    m.put("accuracy", orNull(accuracy));
    m.put("ber", orNull(ber));
    m.put("epsilon_est", orNull(epsilonEst));
    m.put("frames_sent", framesSent);
    m.put("frames_received", framesReceived);
    m.put("frames_lost", framesLost);
    m.put("header_crc_failures", headerCrcFailures);
    m.put("images_sent", imagesSent);
    m.put("stopped_early", stoppedEarly);
    m.put("radio_error", radioError);
    m.put("images_complete", imagesComplete);
    m.put("images_incomplete", imagesIncomplete);
    m.put("samples_lost", samplesLost);
    m.put("samples_received", samplesReceived);
    m.put("foreign_frames", foreignFrames);
    m.put("clip_rate", orNull(clipRate));
    m.put("papr_db", orNull(paprDb));
    m.put("latency_ms_p50", orNull(latencyMsP50));
    m.put("latency_ms_p99", orNull(latencyMsP99));
    m.put("throughput_images_per_s", orNull(throughputImagesPerS));
    m.put("realtime_factor", orNull(realtimeFactor));
    m.put("realtime_factor_tx", orNull(realtimeFactorTx));
    m.put("realtime_factor_rx", orNull(realtimeFactorRx));
    m.put("realtime_factor_decode", orNull(realtimeFactorDecode));
    m.put("realtime_factor_rx_cpu", orNull(realtimeFactorRxCpu));
    return m;
  }

  public String toJson() {
    return new GsonBuilder().serializeNulls().create().toJson(toMap());
  }

  private static Double orNull(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
