package io.jscclink.models.store;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.jscclink.models.block.BinaryJsccNet;
import io.jscclink.models.block.DeepJsccNet;
import io.jscclink.models.block.E2ecNet;
import io.jscclink.models.block.ImageClassifierNet;
import io.jscclink.models.jscgc.JscgcNet;

/** Builds the (uninitialised) network that a model.json describes. */
public final class Networks {
  /** Every network takes flattened images (B, 784). */
  public static final Shape INPUT_SHAPE = new Shape(1, 784);

  private Networks() {}

  public static Block build(ModelMetadata meta) throws ModelFileException {
    Scheme scheme = meta.schemeEnum();
    return switch (scheme.family()) {
      case ANALOG -> new DeepJsccNet(require(meta.latentSymbols, "latentSymbols", meta));
      case BINARY -> new BinaryJsccNet(require(meta.bits, "bits", meta));
      case VARIABLE_LENGTH -> new E2ecNet(require(meta.maxLength, "maxLength", meta),
          require(meta.embeddingDim, "embeddingDim", meta));
      case CLASSIFIER -> ImageClassifierNet.build();
      case GENERATIVE -> new JscgcNet(require(meta.latentSymbols, "latentSymbols", meta),
          require(meta.generatorChannels, "generatorChannels", meta));
    };
  }

  private static int require(Integer value, String field, ModelMetadata meta)
      throws ModelFileException {
    if (value == null) {
      throw new ModelFileException("model.json of '" + meta.name + "' (" + meta.scheme
          + ") lacks the field '" + field + "'");
    }
    return value;
  }
}
