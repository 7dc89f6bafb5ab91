package io.jscclink.models.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * E2EC for MNIST: a length network (categorical logits over lengths 1..L), a content network
 * (Bernoulli logits for L bits), both feed-forward ReLU nets with layer normalisation; the
 * decoder is the one-to-one {@link BitEmbedding} summed over the received bits within the
 * length, followed by a feed-forward ReLU classifier with layer normalisation.
 */
public final class E2ecNet extends AbstractBlock {
  private static final byte VERSION = 1;
  private static final int PIXELS = 784;
  private static final int HIDDEN = 256;
  private static final int CLASSES = 10;

  private final int maxLength;
  private final int embeddingDim;
  private final SequentialBlock lengthNet;
  private final SequentialBlock contentNet;
  private final BitEmbedding embedding;
  private final SequentialBlock classifier;

  /**
   * @param maxLength L, the longest code in bits, 1..1024
   * @param embeddingDim d, the dimension of the bit embeddings, 1..4096
   */
  public E2ecNet(int maxLength, int embeddingDim) {
    super(VERSION);
    if (maxLength < 1 || maxLength > 1024) {
      throw new IllegalArgumentException("maxLength L must be in [1, 1024], got " + maxLength);
    }
    if (embeddingDim < 1 || embeddingDim > 4096) {
      throw new IllegalArgumentException("embeddingDim must be in [1, 4096], got "
          + embeddingDim);
    }
    this.maxLength = maxLength;
    this.embeddingDim = embeddingDim;
    lengthNet = addChildBlock("length", mlp(maxLength));
    contentNet = addChildBlock("content", mlp(maxLength));
    embedding = addChildBlock("embedding", new BitEmbedding(maxLength, embeddingDim));
    classifier = addChildBlock("classifier", new SequentialBlock()
        .add(Layers.linear(HIDDEN)).add(LayerNorm.builder().build()).add(Activation.reluBlock())
        .add(Layers.linear(CLASSES)));
  }

  private static SequentialBlock mlp(int outputs) {
    return new SequentialBlock()
        .add(Layers.linear(HIDDEN)).add(LayerNorm.builder().build()).add(Activation.reluBlock())
        .add(Layers.linear(HIDDEN)).add(LayerNorm.builder().build()).add(Activation.reluBlock())
        .add(Layers.linear(outputs));
  }

  public int maxLength() {
    return maxLength;
  }

  public int embeddingDim() {
    return embeddingDim;
  }

  /** Images (B, 784) -> logits (B, L); entry j is the logit of length j + 1. */
  public NDArray lengthLogits(ParameterStore ps, NDArray images, boolean training) {
    return lengthNet.forward(ps, new NDList(images), training).singletonOrThrow();
  }

  /** Images (B, 784) -> Bernoulli logits (B, L) of the code bits. */
  public NDArray contentLogits(ParameterStore ps, NDArray images, boolean training) {
    return contentNet.forward(ps, new NDList(images), training).singletonOrThrow();
  }

  /** Received bits (B, L) and length mask (B, L) -> class logits (B, 10). */
  public NDArray decode(ParameterStore ps, NDArray bits, NDArray mask, boolean training) {
    NDArray e = embedding.forward(ps, new NDList(bits, mask), training).singletonOrThrow();
    return classifier.forward(ps, new NDList(e), training).singletonOrThrow();
  }

  /** Noiseless, deterministic chain: most likely length, thresholded bits -> class logits. */
  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray mask = lengthMask(lengthLogits(ps, x, training).argMax(1), maxLength);
    NDArray bits = contentLogits(ps, x, training).gt(0f).toType(DataType.FLOAT32, false);
    return new NDList(decode(ps, bits, mask, training));
  }

  /**
   * Length indices (B) (index j means length j + 1) -> a (B, L) float mask, 1 for the bit
   * positions within the length.
   */
  public static NDArray lengthMask(NDArray lengthIndex, int maxLength) {
    long b = lengthIndex.getShape().get(0);
    NDArray positions = lengthIndex.getManager().arange(maxLength).reshape(1, maxLength)
        .toType(DataType.INT64, false);
    return positions.lte(lengthIndex.toType(DataType.INT64, false).reshape(b, 1))
        .toType(DataType.FLOAT32, false);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), CLASSES)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType,
      Shape... inputShapes) {
    long b = inputShapes[0].get(0);
    lengthNet.initialize(manager, dataType, new Shape(b, PIXELS));
    contentNet.initialize(manager, dataType, new Shape(b, PIXELS));
    embedding.initialize(manager, dataType, new Shape(b, maxLength), new Shape(b, maxLength));
    classifier.initialize(manager, dataType, new Shape(b, embeddingDim));
  }
}
