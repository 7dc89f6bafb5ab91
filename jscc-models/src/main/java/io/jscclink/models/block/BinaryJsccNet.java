package io.jscclink.models.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The NECST / BernST network for MNIST (same architecture, different training): an MLP
 * encoder 784 -> 500 -> m Bernoulli logits and an MLP decoder m -> 500 -> 500 -> 784 pixel
 * logits (a sigmoid gives the reconstruction). The BSC sits between the two.
 */
public final class BinaryJsccNet extends AbstractBlock {
  private static final byte VERSION = 1;
  private static final int PIXELS = 784;
  private static final int HIDDEN = 500;

  private final int bits;
  private final SequentialBlock encoder;
  private final SequentialBlock decoder;

  /** @param bits m, the code length, 1..784. */
  public BinaryJsccNet(int bits) {
    super(VERSION);
    if (bits < 1 || bits > PIXELS) {
      throw new IllegalArgumentException("bits m must be in [1, 784], got " + bits);
    }
    this.bits = bits;
    encoder = addChildBlock("encoder", new SequentialBlock()
        .add(Layers.linear(HIDDEN)).add(Activation.reluBlock())
        .add(Layers.linear(bits)));
    decoder = addChildBlock("decoder", new SequentialBlock()
        .add(Layers.linear(HIDDEN)).add(Activation.reluBlock())
        .add(Layers.linear(HIDDEN)).add(Activation.reluBlock())
        .add(Layers.linear(PIXELS)));
  }

  public int bits() {
    return bits;
  }

  /** Images (B, 784) -> Bernoulli logits of the code bits (B, m). */
  public NDArray encodeLogits(ParameterStore ps, NDArray images, boolean training) {
    return encoder.forward(ps, new NDList(images), training).singletonOrThrow();
  }

  /** Received bits (B, m) in {0,1} -> pixel logits (B, 784). */
  public NDArray decodeLogits(ParameterStore ps, NDArray bits, boolean training) {
    return decoder.forward(ps, new NDList(bits), training).singletonOrThrow();
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray p = Activation.sigmoid(encodeLogits(ps, inputs.singletonOrThrow(), training));
    NDArray hardBits = p.gt(0.5f).toType(DataType.FLOAT32, false);
    return new NDList(Activation.sigmoid(decodeLogits(ps, hardBits, training)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), PIXELS)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType,
      Shape... inputShapes) {
    long b = inputShapes[0].get(0);
    encoder.initialize(manager, dataType, new Shape(b, PIXELS));
    decoder.initialize(manager, dataType, new Shape(b, bits));
  }
}
