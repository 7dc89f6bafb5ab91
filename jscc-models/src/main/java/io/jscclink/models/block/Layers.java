package io.jscclink.models.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;

/** Small builders shared by the networks of this module. */
public final class Layers {
  private Layers() {}

  /** A square convolution with "same"-style padding for odd kernels. */
  public static Conv2d conv(int filters, int kernel, int stride) {
    int pad = kernel / 2;
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(pad, pad))
        .build();
  }

  static Linear linear(long units) {
    return Linear.builder().setUnits(units).build();
  }

  static Block reshape(long... shape) {
    return new LambdaBlock(list -> new NDList(list.singletonOrThrow().reshape(shape)));
  }

  /**
   * Sub-pixel upsampling (Shi et al. 2016): (B, C*r*r, H, W) -> (B, C, H*r, W*r). Used instead
   * of Conv2dTranspose, which the PyTorch engine of DJL 0.35.1 does not implement.
   */
  static Block pixelShuffle(int r) {
    return new LambdaBlock(list -> new NDList(pixelShuffle(list.singletonOrThrow(), r)));
  }

  public static NDArray pixelShuffle(NDArray x, int r) {
    Shape s = x.getShape();
    long b = s.get(0);
    long c = s.get(1) / (r * r);
    long h = s.get(2);
    long w = s.get(3);
    return x.reshape(b, c, r, r, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(b, c, h * r, w * r);
  }
}
