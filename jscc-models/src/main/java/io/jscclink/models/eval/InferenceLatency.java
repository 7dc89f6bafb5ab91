package io.jscclink.models.eval;

import io.jscclink.models.JsccModel;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.data.ImageSet;
import java.util.Arrays;

/**
 * Inference latency of a model's full chain through the public API (encode, then decode the
 * noiseless latents/bits; classify for a classifier), timed per call after a warm-up. Used by
 * {@code jscc-link bench models}; never by unit tests.
 */
public final class InferenceLatency {
  private InferenceLatency() {}

  /** Median and 90th percentile of one call, milliseconds. */
  public record Result(int batch, int calls, double medianMs, double p90Ms) {
    public double perImageMs() {
      return medianMs / batch;
    }
  }

  public static Result measure(JsccModel model, ImageSet images, int batch, int warmup,
      int calls) {
    Integer steps = model.metadata().eulerSteps;
    return measure(model, images, batch, warmup, calls, steps == null ? 10 : steps);
  }

  /** As above; a JSCGC model samples with {@code eulerSteps} steps (ignored by the others). */
  public static Result measure(JsccModel model, ImageSet images, int batch, int warmup,
      int calls, int eulerSteps) {
    if (batch < 1 || batch > images.count()) {
      throw new IllegalArgumentException("batch must be in [1, " + images.count() + "], got "
          + batch);
    }
    int p = DatasetName.PIXELS;
    float[] in = Arrays.copyOf(images.pixels(), batch * p);
    float[] out = new float[batch * p];
    int[] classes = new int[batch];
    Runnable chain = chain(model, in, out, classes, batch, eulerSteps);
    for (int i = 0; i < warmup; i++) {
      chain.run();
    }
    double[] ms = new double[calls];
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      chain.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return new Result(batch, calls, ms[calls / 2], ms[(int) Math.min(calls - 1, calls * 0.9)]);
  }

  private static Runnable chain(JsccModel m, float[] in, float[] out, int[] classes, int n,
      int steps) {
    return switch (m.scheme().family()) {
      case ANALOG -> {
        float[] latents = new float[n * m.latentFloatsPerImage()];
        yield () -> {
          m.encodeLatents(in, 0, n, latents, 0);
          m.decodeLatents(latents, 0, n, out, 0, classes, 0);
        };
      }
      case BINARY, VARIABLE_LENGTH -> {
        byte[] bits = new byte[n * m.codeBitsPerImage()];
        int[] lengths = new int[n];
        yield () -> {
          m.encodeBits(in, 0, n, bits, 0, lengths);
          m.decodeBits(bits, 0, lengths, n, out, 0, classes, 0);
        };
      }
      case CLASSIFIER -> () -> m.classify(in, 0, n, classes, 0);
      case GENERATIVE -> {
        float[] latents = new float[n * m.latentFloatsPerImage()];
        yield () -> {
          m.encodeLatents(in, 0, n, latents, 0);
          m.generate(latents, 0, n, 10, steps, 1, out, 0);
        };
      }
    };
  }
}
