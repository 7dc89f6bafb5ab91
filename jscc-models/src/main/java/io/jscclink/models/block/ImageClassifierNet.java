package io.jscclink.models.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;

/**
 * A plain CNN classifier for 28x28x1 images (B, 784) -> logits (B, 10), one per data set; the
 * metrics use it to score reconstructions, and the JSCGC generator's evaluation uses it too.
 */
public final class ImageClassifierNet {
  private ImageClassifierNet() {}

  public static SequentialBlock build() {
    SequentialBlock net = new SequentialBlock()
        .add(Layers.reshape(-1, 1, 28, 28))
        .add(Layers.conv(16, 3, 1)).add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
        .add(Layers.conv(32, 3, 1)).add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
        .add(Blocks.batchFlattenBlock())
        .add(Layers.linear(128)).add(Activation.reluBlock())
        .add(Layers.linear(10));
    return net;
  }

  /** Convenience for inference: the predicted class of each row of (B, 10) logits. */
  public static int[] argMax(NDArray logits) {
    long[] idx = logits.argMax(1).toLongArray();
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = (int) idx[i];
    }
    return out;
  }

}
