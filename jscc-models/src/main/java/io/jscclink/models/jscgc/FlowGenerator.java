package io.jscclink.models.jscgc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.jscclink.models.block.Layers;

/**
 * The JSCGC velocity field ν_θ(x_t, t, c) for 28×28×1 images: a small conditional U-Net
 * (28 → 14 → 7 → 14 → 28, skips by concatenation, sub-pixel upsampling because the PyTorch
 * engine of DJL 0.35.1 lacks Conv2dTranspose).
 *
 * <p>The condition is the received C-JSCC latent ŷ (2K reals, after equalisation) followed
 * by the estimated SNR (dB / 20), plus a guide image computed from ŷ by the C-JSCC decoder.
 * It enters like the paper's communication-aware adapter, scaled down: (1) a joint embedding
 * of c and a sinusoidal embedding of t adds a per-channel bias to every residual stage, (2) an
 * adapter maps c to a 7×7 feature map that is added at the bottleneck and, upsampled, at
 * 14×14 — element-wise injection into the backbone, and (3) the guide is a second input
 * channel beside x_t. The guide carries what ŷ says about the image in pixel space, so the
 * small generator learns the detail the point estimate blurs instead of relearning the
 * decoder; the paper's generator gets the same head start from its large pretrained prior.
 *
 * <p>Inputs: x_t (B, 1, 28, 28), t (B) in [0, 1], c (B, conditionSize), guide (B, 1, 28, 28)
 * in [−1, 1]. Output: the velocity (B, 1, 28, 28), whose target is x_T − x_0 (eq. 3/10 of the
 * paper), computed as x_t plus the network's output.
 */
public final class FlowGenerator extends AbstractBlock {
  private static final byte VERSION = 2;
  private static final int SIDE = 28;
  private static final int TIME_FREQUENCIES = 16;
  private static final int ADAPTER_CHANNELS = 8;

  private final int conditionSize;
  private final int base;
  private final int embedding;
  private final Linear embed1;
  private final Linear embed2;
  private final Linear adapter;
  private final Conv2d adapterLift7;
  private final Conv2d adapterLift14;
  private final Conv2d inConv;
  private final Stage down28;
  private final Conv2d to14;
  private final Stage down14;
  private final Conv2d to7;
  private final Stage mid1;
  private final Stage mid2;
  private final Conv2d up7to14;
  private final Conv2d merge14;
  private final Stage up14;
  private final Conv2d up14to28;
  private final Conv2d merge28;
  private final Stage up28;
  private final Conv2d outConv;

  /**
   * @param conditionSize length of c: 2K received latent reals + 1 SNR value
   * @param baseChannels channels at 28×28 (doubled at 14×14 and again at 7×7); 32 for the
   *     bundled model, smaller for tests
   */
  public FlowGenerator(int conditionSize, int baseChannels) {
    super(VERSION);
    if (conditionSize < 1 || baseChannels < 2 || baseChannels % 2 != 0) {
      throw new IllegalArgumentException("conditionSize must be >= 1 and baseChannels even and"
          + " >= 2, got " + conditionSize + ", " + baseChannels);
    }
    this.conditionSize = conditionSize;
    this.base = baseChannels;
    this.embedding = 4 * baseChannels;
    embed1 = addChildBlock("embed1", Linear.builder().setUnits(embedding).build());
    embed2 = addChildBlock("embed2", Linear.builder().setUnits(embedding).build());
    adapter = addChildBlock("adapter", Linear.builder().setUnits(ADAPTER_CHANNELS * 49).build());
    adapterLift7 = addChildBlock("adapterLift7", Layers.conv(4 * base, 3, 1));
    adapterLift14 = addChildBlock("adapterLift14", Layers.conv(2 * base * 4, 3, 1));
    inConv = addChildBlock("in", Layers.conv(base, 3, 1));
    down28 = addChildBlock("down28", new Stage(base));
    to14 = addChildBlock("to14", Layers.conv(2 * base, 3, 2));
    down14 = addChildBlock("down14", new Stage(2 * base));
    to7 = addChildBlock("to7", Layers.conv(4 * base, 3, 2));
    mid1 = addChildBlock("mid1", new Stage(4 * base));
    mid2 = addChildBlock("mid2", new Stage(4 * base));
    up7to14 = addChildBlock("up7to14", Layers.conv(2 * base * 4, 3, 1));
    merge14 = addChildBlock("merge14", Layers.conv(2 * base, 3, 1));
    up14 = addChildBlock("up14", new Stage(2 * base));
    up14to28 = addChildBlock("up14to28", Layers.conv(base * 4, 3, 1));
    merge28 = addChildBlock("merge28", Layers.conv(base, 3, 1));
    up28 = addChildBlock("up28", new Stage(base));
    outConv = addChildBlock("out", Layers.conv(1, 3, 1));
  }

  public int conditionSize() {
    return conditionSize;
  }

  public int baseChannels() {
    return base;
  }

  /** Velocity at (x_t, t) given condition c and guide; see the class comment for shapes. */
  public NDArray velocity(ParameterStore ps, NDArray xt, NDArray t, NDArray c, NDArray guide,
      boolean training) {
    return forward(ps, new NDList(xt, t, c, guide), training).singletonOrThrow();
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0).reshape(-1, 1, SIDE, SIDE);
    NDArray t = inputs.get(1).reshape(-1, 1);
    NDArray c = inputs.get(2);
    NDArray guide = inputs.get(3).reshape(-1, 1, SIDE, SIDE);
    long batch = x.getShape().get(0);

    NDArray e = NDArrays.concat(new NDList(timeFeatures(t), c), 1);
    e = Activation.gelu(one(embed1, ps, e, training));
    e = one(embed2, ps, e, training);
    NDArray a = one(adapter, ps, c, training).reshape(batch, ADAPTER_CHANNELS, 7, 7);
    NDArray inject7 = one(adapterLift7, ps, a, training); // (B, 4·base, 7, 7)
    // (B, 2·base, 14, 14)
    NDArray inject14 = Layers.pixelShuffle(one(adapterLift14, ps, a, training), 2);

    NDArray in = NDArrays.concat(new NDList(x, guide), 1);
    NDArray h28 = down28.apply(ps, one(inConv, ps, in, training), e, training);
    NDArray h14 = down14.apply(ps, one(to14, ps, h28, training), e, training);
    NDArray h7 = one(to7, ps, h14, training).add(inject7);
    h7 = mid2.apply(ps, mid1.apply(ps, h7, e, training), e, training);

    NDArray u14 = Layers.pixelShuffle(one(up7to14, ps, h7, training), 2).add(inject14);
    u14 = one(merge14, ps, NDArrays.concat(new NDList(u14, h14), 1), training);
    u14 = up14.apply(ps, u14, e, training);
    NDArray u28 = Layers.pixelShuffle(one(up14to28, ps, u14, training), 2);
    u28 = one(merge28, ps, NDArrays.concat(new NDList(u28, h28), 1), training);
    u28 = up28.apply(ps, u28, e, training);
    // Skip from the inputs: the ideal velocity is (x_t − E[x_0 | x_t, c]) / t, which at t = 1
    // is x_t − E[x_0 | c], and the guide is a distortion-trained estimate of E[x_0 | c]. So
    // x_t − guide is right at t = 1 with a zero residual, and the network learns only what
    // the guide misses instead of copying noise through the U-Net (a c_skip as in EDM).
    return new NDList(x.sub(guide).add(one(outConv, ps, Activation.gelu(u28), training)));
  }

  /** sin/cos of t at geometrically spaced frequencies: (B, 1) → (B, 2·TIME_FREQUENCIES). */
  private static NDArray timeFeatures(NDArray t) {
    NDManager m = t.getManager();
    float[] freqs = new float[TIME_FREQUENCIES];
    for (int i = 0; i < TIME_FREQUENCIES; i++) {
      freqs[i] = (float) (Math.PI * Math.pow(2, i * 10.0 / TIME_FREQUENCIES));
    }
    NDArray arg = t.mul(m.create(freqs).reshape(1, TIME_FREQUENCIES));
    return NDArrays.concat(new NDList(arg.sin(), arg.cos()), 1);
  }

  private static NDArray one(ai.djl.nn.Block block, ParameterStore ps, NDArray x,
      boolean training) {
    return block.forward(ps, new NDList(x), training).singletonOrThrow();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), 1, SIDE, SIDE)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType,
      Shape... inputShapes) {
    long b = inputShapes[0].get(0);
    embed1.initialize(manager, dataType, new Shape(b, 2L * TIME_FREQUENCIES + conditionSize));
    embed2.initialize(manager, dataType, new Shape(b, embedding));
    adapter.initialize(manager, dataType, new Shape(b, conditionSize));
    adapterLift7.initialize(manager, dataType, new Shape(b, ADAPTER_CHANNELS, 7, 7));
    adapterLift14.initialize(manager, dataType, new Shape(b, ADAPTER_CHANNELS, 7, 7));
    inConv.initialize(manager, dataType, new Shape(b, 2, SIDE, SIDE));
    down28.initializeFor(manager, dataType, b, base, SIDE, embedding);
    to14.initialize(manager, dataType, new Shape(b, base, SIDE, SIDE));
    down14.initializeFor(manager, dataType, b, 2 * base, 14, embedding);
    to7.initialize(manager, dataType, new Shape(b, 2 * base, 14, 14));
    mid1.initializeFor(manager, dataType, b, 4 * base, 7, embedding);
    mid2.initializeFor(manager, dataType, b, 4 * base, 7, embedding);
    up7to14.initialize(manager, dataType, new Shape(b, 4 * base, 7, 7));
    merge14.initialize(manager, dataType, new Shape(b, 4 * base, 14, 14));
    up14.initializeFor(manager, dataType, b, 2 * base, 14, embedding);
    up14to28.initialize(manager, dataType, new Shape(b, 2 * base, 14, 14));
    merge28.initialize(manager, dataType, new Shape(b, 2 * base, SIDE, SIDE));
    up28.initializeFor(manager, dataType, b, base, SIDE, embedding);
    outConv.initialize(manager, dataType, new Shape(b, base, SIDE, SIDE));
    // A zero output layer starts training at the skip (x_t − guide) instead of at a random
    // field several times the target's size, which costs the first epoch to unlearn.
    for (ai.djl.nn.Parameter p : outConv.getParameters().values()) {
      p.getArray().set(new float[Math.toIntExact(p.getArray().size())]);
    }
  }

  /**
   * A residual stage: h + conv(gelu(conv(gelu(h)) + bias(e))), where bias(e) is a per-channel
   * shift computed from the time/condition embedding.
   */
  private static final class Stage extends AbstractBlock {
    private final int channels;
    private final Conv2d conv1;
    private final Conv2d conv2;
    private final Linear shift;

    Stage(int channels) {
      super(VERSION);
      this.channels = channels;
      conv1 = addChildBlock("conv1", Layers.conv(channels, 3, 1));
      conv2 = addChildBlock("conv2", Layers.conv(channels, 3, 1));
      shift = addChildBlock("shift", Linear.builder().setUnits(channels).build());
    }

    NDArray apply(ParameterStore ps, NDArray h, NDArray e, boolean training) {
      return forward(ps, new NDList(h, e), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
        PairList<String, Object> params) {
      NDArray h = inputs.get(0);
      NDArray e = inputs.get(1);
      NDArray bias = one(shift, ps, Activation.gelu(e), training).reshape(-1, channels, 1, 1);
      NDArray r = one(conv1, ps, Activation.gelu(h), training).add(bias);
      r = one(conv2, ps, Activation.gelu(r), training);
      return new NDList(h.add(r));
    }

    void initializeFor(NDManager manager, DataType dataType, long b, int c, int side,
        int embedding) {
      initialize(manager, dataType, new Shape(b, c, side, side), new Shape(b, embedding));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
        Shape... inputShapes) {
      Shape s = inputShapes[0];
      conv1.initialize(manager, dataType, s);
      conv2.initialize(manager, dataType, s);
      shift.initialize(manager, dataType, inputShapes[1]);
    }
  }
}
