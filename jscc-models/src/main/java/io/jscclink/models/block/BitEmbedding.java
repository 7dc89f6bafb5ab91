package io.jscclink.models.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * E2EC's one-to-one bit embedding: bit i with value b maps to its own trainable vector
 * e[i][b] in R^d, and a received code is the sum of the vectors of its bits that fall within
 * the code length. Inputs: received bits (B, L) in {0,1} and a length mask (B, L) in {0,1}.
 * The vectors start i.i.d. N(0, 1/d) so that they are nearly orthogonal (as in the paper).
 */
public final class BitEmbedding extends AbstractBlock {
  private static final byte VERSION = 1;

  private final int dimension;
  private final Parameter zeros;
  private final Parameter ones;

  public BitEmbedding(int maxLength, int dimension) {
    super(VERSION);
    this.dimension = dimension;
    float sigma = (float) (1.0 / Math.sqrt(dimension));
    zeros = addParameter(Parameter.builder().setName("zeros").setType(Parameter.Type.OTHER)
        .optShape(new Shape(maxLength, dimension)).optInitializer(new NormalInitializer(sigma))
        .build());
    ones = addParameter(Parameter.builder().setName("ones").setType(Parameter.Type.OTHER)
        .optShape(new Shape(maxLength, dimension)).optInitializer(new NormalInitializer(sigma))
        .build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray bits = inputs.get(0);
    NDArray mask = inputs.get(1);
    NDArray e0 = ps.getValue(zeros, bits.getDevice(), training);
    NDArray e1 = ps.getValue(ones, bits.getDevice(), training);
    NDArray selectOnes = bits.mul(mask);
    NDArray selectZeros = mask.sub(selectOnes);
    return new NDList(selectZeros.matMul(e0).add(selectOnes.matMul(e1)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), dimension)};
  }
}
