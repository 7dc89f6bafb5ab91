package io.jscclink.link.pipeline;

import ai.djl.Device;
import io.jscclink.models.JsccModel;
import io.jscclink.models.store.ModelCatalog;
import io.jscclink.models.store.ModelExpectation;
import io.jscclink.models.store.Scheme;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The models of one scheme as the link uses them: what a payload is (latents or bits), how
 * many channel symbols an image needs, and which model serves a given SNR. Analog schemes may
 * hold several models trained at different SNRs; the link picks the one trained nearest to
 * the SNR the receiver estimated (the header's model id says which one encoded a frame).
 */
public final class SchemeCodec implements AutoCloseable {
  /** What goes on air. */
  public enum Payload {
    /** K complex latents per image (D-JSCC, C-JSCC). */
    LATENTS,
    /** m bits per image (NECST, BernST). */
    BITS,
    /** up to L bits per image, length chosen by the encoder (E2EC). */
    VARIABLE_BITS
  }

  private final Scheme scheme;
  private final List<JsccModel> models;
  private final Payload payload;

  private SchemeCodec(Scheme scheme, List<JsccModel> models) {
    this.scheme = scheme;
    this.models = models;
    this.payload = switch (scheme.family()) {
      case ANALOG, GENERATIVE -> Payload.LATENTS;
      case BINARY -> Payload.BITS;
      case VARIABLE_LENGTH -> Payload.VARIABLE_BITS;
      default -> throw new IllegalArgumentException(
          "scheme " + scheme.cliName() + " does not send images over the link");
    };
  }

  /**
   * The bundled models of {@code scheme}: for analog schemes every model trained over
   * {@code channelFamily} ("awgn" or "rayleigh"), else every model of the scheme; or exactly
   * the model {@code modelNameOrDir} when given.
   */
  public static SchemeCodec open(Scheme scheme, String channelFamily, String modelNameOrDir,
      Device device) throws IOException {
    List<JsccModel> opened = new ArrayList<>();
    try {
      if (modelNameOrDir != null) {
        opened.add(JsccModel.open(ModelCatalog.resolve(modelNameOrDir),
            new ModelExpectation(null, scheme, null), device));
      } else {
        for (ModelCatalog.Entry e : ModelCatalog.list()) {
          boolean sameScheme = scheme.cliName().equals(e.metadata().scheme);
          boolean channelMatches = scheme.family() != Scheme.Family.ANALOG
              || channelFamily.equals(e.metadata().channel);
          if (sameScheme && channelMatches) {
            opened.add(JsccModel.open(e.dir(), new ModelExpectation(null, scheme, null),
                device));
          }
        }
      }
      if (opened.isEmpty()) {
        throw new IOException("no bundled " + scheme.cliName() + " model"
            + (scheme.family() == Scheme.Family.ANALOG ? " trained over " + channelFamily : "")
            + " in " + ModelCatalog.modelsFolder().toAbsolutePath()
            + "; train one (scripts/train-bundled) or pass --model DIR");
      }
      // By the channel they were trained for; among models trained for the same one, the
      // largest code budget first (E2EC's L), which modelFor takes on a tie.
      boolean bits = scheme.family() != Scheme.Family.ANALOG
          && scheme.family() != Scheme.Family.GENERATIVE;
      opened.sort(Comparator.<JsccModel>comparingDouble(m -> trainedAt(m, bits))
          .thenComparing(m -> -codeBudget(m)));
      return new SchemeCodec(scheme, opened);
    } catch (IOException | RuntimeException e) {
      opened.forEach(JsccModel::close);
      throw e;
    }
  }


  public Scheme scheme() {
    return scheme;
  }

  /** True when the receiver draws images with a generator (JSCGC) instead of decoding. */
  public boolean generative() {
    return scheme.family() == Scheme.Family.GENERATIVE;
  }

  public Payload payload() {
    return payload;
  }

  public int modelCount() {
    return models.size();
  }

  public JsccModel model(int index) {
    return models.get(index);
  }

  /**
   * The model trained nearest to the channel the receiver measured: by SNR for analog schemes,
   * by the BSC crossover equivalent to that SNR for bit schemes (NaN: the middle one). Of
   * models trained for the same channel, the first in order: the largest code budget.
   */
  public int modelFor(double snrDb, double epsilon) {
    boolean bits = payload != Payload.LATENTS;
    double target = bits ? epsilon : snrDb;
    if (Double.isNaN(target)) {
      // No estimate: the middle of the distinct channels the models were trained for.
      double[] trained = models.stream().mapToDouble(m -> trainedAt(m, bits)).distinct()
          .toArray();
      target = trained[trained.length / 2];
    }
    int best = 0;
    for (int i = 1; i < models.size(); i++) {
      if (Math.abs(trainedAt(models.get(i), bits) - target)
          < Math.abs(trainedAt(models.get(best), bits) - target)) {
        best = i;
      }
    }
    return best;
  }

  private static int codeBudget(JsccModel m) {
    Integer l = m.metadata().maxLength;
    return l == null ? 0 : l;
  }

  private static double trainedAt(JsccModel m, boolean bits) {
    Double v = bits ? m.metadata().trainEpsilon : m.metadata().trainSnrDb;
    return v == null ? 0 : v;
  }

  /**
   * Floats of payload per image in the receiver's buffers: 2K for latents (interleaved), one
   * LLR per bit for bit payloads (the longest code for E2EC).
   */
  public int payloadValuesPerImage() {
    JsccModel m = models.get(0);
    return payload == Payload.LATENTS ? m.latentFloatsPerImage() : m.codeBitsPerImage();
  }

  /** Channel symbols (complex latents or BPSK bits) per image at most. */
  public int symbolsPerImage() {
    return payload == Payload.LATENTS ? payloadValuesPerImage() / 2 : payloadValuesPerImage();
  }

  /** The dataset the models were trained on (its test split feeds the link). */
  public String dataset() {
    return models.get(0).metadata().dataset;
  }

  /** Names of the models, with their training SNR, for reports. */
  public String describe() {
    List<String> names = new ArrayList<>();
    for (JsccModel m : models) {
      Double snr = m.metadata().trainSnrDb;
      names.add(m.metadata().name + (snr == null ? "" : String.format(Locale.ROOT, " (%.0f dB)", snr)));
    }
    return String.join(", ", names);
  }

  @Override
  public void close() {
    models.forEach(JsccModel::close);
  }
}
