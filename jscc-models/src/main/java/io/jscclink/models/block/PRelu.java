package io.jscclink.models.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * Parametric ReLU with one learned slope for negative inputs: max(x, 0) + a * min(x, 0). DJL's
 * built-in Prelu is not implemented by the PyTorch engine (0.35.1), hence this block. The slope
 * has its own constant initializer (0.25, as in He et al.) because Xavier refuses its shape.
 */
public final class PRelu extends AbstractBlock {
  private static final byte VERSION = 1;
  private static final float INITIAL_SLOPE = 0.25f;

  private final Parameter slope;

  public PRelu() {
    super(VERSION);
    slope = addParameter(Parameter.builder()
        .setName("slope")
        .setType(Parameter.Type.OTHER)
        .optShape(new Shape(1))
        .optInitializer(new ConstantInitializer(INITIAL_SLOPE))
        .build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray a = parameterStore.getValue(slope, x.getDevice(), training);
    return new NDList(x.maximum(0f).add(x.minimum(0f).mul(a)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }
}
