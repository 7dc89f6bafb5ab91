package io.jscclink.models.eval;

import com.google.gson.annotations.SerializedName;

/**
 * The metrics at one channel point; fields that do not apply to a scheme stay null (and are
 * left out of the JSON). Exactly one of snrDb / epsilon is set, except for a plain classifier.
 */
public final class EvalPoint {
  @SerializedName("snr_db")
  public Double snrDb;

  @SerializedName("epsilon")
  public Double epsilon;

  /** Mean over images of the per-image PSNR, pixels in [0, 1]. */
  @SerializedName("psnr_db")
  public Double psnrDb;

  /** Mean over images of SSIM (11x11 Gaussian window, sigma 1.5, valid region). */
  @SerializedName("ssim")
  public Double ssim;

  /** Mean over images of the sum of squared pixel errors (NECST's L2 measure). */
  @SerializedName("sse_per_image")
  public Double ssePerImage;

  /** Fraction of images classified correctly, in [0, 1]. */
  @SerializedName("accuracy")
  public Double accuracy;

  /** Mean code length in bits (E2EC). */
  @SerializedName("avg_bits")
  public Double avgBits;

  /** JSCGC: Fréchet distance to the real images in the classifier's feature space. */
  @SerializedName("frechet")
  public Double frechet;

  /** JSCGC: the classifier's accuracy on generated images against the source labels. */
  @SerializedName("semantic_accuracy")
  public Double semanticAccuracy;

  /** JSCGC: mean per-pixel MSE between samples drawn for the same received latents. */
  @SerializedName("diversity")
  public Double diversity;

  /** JSCGC: the same four figures for its C-JSCC decoder's images from the same ŷ. */
  @SerializedName("decoder_psnr_db")
  public Double decoderPsnrDb;

  @SerializedName("decoder_ssim")
  public Double decoderSsim;

  @SerializedName("decoder_frechet")
  public Double decoderFrechet;

  @SerializedName("decoder_semantic_accuracy")
  public Double decoderSemanticAccuracy;

  /** Number of test images this point averages over. */
  @SerializedName("images")
  public Integer images;

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (snrDb != null) {
      sb.append(String.format("snr %5.1f dB", snrDb));
    }
    if (epsilon != null) {
      sb.append(String.format("eps %.2f", epsilon));
    }
    if (psnrDb != null) {
      sb.append(String.format("  psnr %.2f dB", psnrDb));
    }
    if (ssim != null) {
      sb.append(String.format("  ssim %.4f", ssim));
    }
    if (ssePerImage != null) {
      sb.append(String.format("  sse/image %.3f", ssePerImage));
    }
    if (accuracy != null) {
      sb.append(String.format("  accuracy %.2f%%", 100 * accuracy));
    }
    if (frechet != null) {
      sb.append(String.format("  frechet %.3f", frechet));
    }
    if (semanticAccuracy != null) {
      sb.append(String.format("  semantic accuracy %.2f%%", 100 * semanticAccuracy));
    }
    if (diversity != null) {
      sb.append(String.format("  diversity %.4f", diversity));
    }
    if (decoderFrechet != null) {
      sb.append(String.format("  (c-jscc decoder: psnr %.2f dB, frechet %.3f, semantic accuracy"
          + " %.2f%%)", decoderPsnrDb, decoderFrechet, 100 * decoderSemanticAccuracy));
    }
    if (avgBits != null) {
      sb.append(String.format("  avg bits %.2f", avgBits));
    }
    return sb.toString().strip();
  }
}
