package io.jscclink.models.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * D-JSCC / C-JSCC for 28x28x1 images (Bourtsoulatze et al. style, scaled to 28x28): a conv
 * encoder with PReLU to K complex latents with power normalisation, a decoder with sub-pixel
 * upsampling and a sigmoid, and a classifier head on the received latent. The channel sits
 * between {@link #encode} and {@link #decode} (see {@link Channels}); {@code forward} is the
 * noiseless chain and returns (reconstruction (B, 784), class logits (B, 10)).
 */
public final class DeepJsccNet extends AbstractBlock {
  private static final byte VERSION = 1;
  private static final int SIDE = 28;
  private static final int FEATURE_SIDE = 7;
  private static final int CHANNELS = 32;
  private static final int HEAD_UNITS = 128;
  private static final int CLASSES = 10;

  private final int latentSymbols;
  private final SequentialBlock encoder;
  private final SequentialBlock decoder;
  private final SequentialBlock head;

  /** @param latentSymbols K complex channel symbols per image, 1..392 (half the 784 pixels). */
  public DeepJsccNet(int latentSymbols) {
    super(VERSION);
    if (latentSymbols < 1 || latentSymbols > SIDE * SIDE / 2) {
      throw new IllegalArgumentException("latentSymbols K must be in [1, 392], got "
          + latentSymbols);
    }
    this.latentSymbols = latentSymbols;
    int flat = CHANNELS * FEATURE_SIDE * FEATURE_SIDE;
    // Sized for 2 shared CPU cores: two strided convs to 7x7x32, one more 3x3 conv, then a
    // dense layer to the 2K real latent values; the decoder mirrors it with sub-pixel steps.
    encoder = addChildBlock("encoder", new SequentialBlock()
        .add(Layers.conv(16, 5, 2)).add(new PRelu())
        .add(Layers.conv(CHANNELS, 3, 2)).add(new PRelu())
        .add(Layers.conv(CHANNELS, 3, 1)).add(new PRelu())
        .add(Blocks.batchFlattenBlock())
        .add(Layers.linear(2L * latentSymbols)));
    decoder = addChildBlock("decoder", new SequentialBlock()
        .add(Layers.linear(flat)).add(new PRelu())
        .add(Layers.reshape(-1, CHANNELS, FEATURE_SIDE, FEATURE_SIDE))
        .add(Layers.conv(CHANNELS, 3, 1)).add(new PRelu())
        .add(Layers.conv(16 * 4, 3, 1)).add(Layers.pixelShuffle(2)).add(new PRelu())
        .add(Layers.conv(4, 3, 1)).add(Layers.pixelShuffle(2))
        .add(Activation.sigmoidBlock())
        .add(Layers.reshape(-1, SIDE * SIDE)));
    head = addChildBlock("head", new SequentialBlock()
        .add(Layers.linear(HEAD_UNITS)).add(Activation.reluBlock())
        .add(Layers.linear(CLASSES)));
  }

  public int latentSymbols() {
    return latentSymbols;
  }

  /** Images (B, 784) in [0,1] -> power-normalised latents (B, 2K), interleaved IQ. */
  public NDArray encode(ParameterStore ps, NDArray images, boolean training) {
    NDArray x = images.reshape(-1, 1, SIDE, SIDE);
    NDArray z = encoder.forward(ps, new NDList(x), training).singletonOrThrow();
    return Channels.normalisePower(z);
  }

  /** Received (equalised) latents (B, 2K) -> reconstructions (B, 784) in [0,1]. */
  public NDArray decode(ParameterStore ps, NDArray received, boolean training) {
    return decoder.forward(ps, new NDList(received), training).singletonOrThrow();
  }

  /** Received latents (B, 2K) -> class logits (B, 10). */
  public NDArray classify(ParameterStore ps, NDArray received, boolean training) {
    return head.forward(ps, new NDList(received), training).singletonOrThrow();
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray z = encode(ps, inputs.singletonOrThrow(), training);
    return new NDList(decode(ps, z, training), classify(ps, z, training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long b = inputShapes[0].get(0);
    return new Shape[] {new Shape(b, SIDE * SIDE), new Shape(b, CLASSES)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType,
      Shape... inputShapes) {
    long b = inputShapes[0].get(0);
    encoder.initialize(manager, dataType, new Shape(b, 1, SIDE, SIDE));
    Shape latent = new Shape(b, 2L * latentSymbols);
    decoder.initialize(manager, dataType, latent);
    head.initialize(manager, dataType, latent);
  }
}
