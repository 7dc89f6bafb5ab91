package io.jscclink.models.jscgc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.jscclink.models.block.DeepJsccNet;

/**
 * A JSCGC model: the C-JSCC network whose encoder sends the latents (copied from the base
 * model, frozen or fine-tuned) and the flow-matching generator that draws images from the
 * received latents at the receiver. One parameter file holds both, so a JSCGC model is whole
 * on its own.
 */
public final class JscgcNet extends AbstractBlock {
  private static final byte VERSION = 1;
  /** The generator sees the SNR as dB / this, so that it lands near the latents' scale. */
  public static final float SNR_SCALE_DB = 20f;

  private final DeepJsccNet cjscc;
  private final FlowGenerator generator;

  public JscgcNet(int latentSymbols, int generatorChannels) {
    super(VERSION);
    cjscc = addChildBlock("cjscc", new DeepJsccNet(latentSymbols));
    generator = addChildBlock("generator", new FlowGenerator(2 * latentSymbols + 1,
        generatorChannels));
  }

  /** The C-JSCC network (its encoder is the transmitter). */
  public DeepJsccNet cjscc() {
    return cjscc;
  }

  public FlowGenerator generator() {
    return generator;
  }

  public int latentSymbols() {
    return cjscc.latentSymbols();
  }

  /** The generator's condition: received latents (B, 2K) and the SNR the receiver estimated. */
  public static NDArray condition(NDArray received, float snrDb) {
    long b = received.getShape().get(0);
    NDArray snr = received.getManager().full(new Shape(b, 1), snrDb / SNR_SCALE_DB);
    return NDArrays.concat(new NDList(received, snr), 1);
  }

  /**
   * The generator's guide: the C-JSCC decoder's image for the received latents (B, 2K), in the
   * generator's [−1, 1] pixel range, shaped (B, 1, 28, 28).
   */
  public NDArray guide(ParameterStore ps, NDArray received, boolean training) {
    long b = received.getShape().get(0);
    return cjscc.decode(ps, received, training).reshape(b, 1, 28, 28).mul(2).sub(1);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    // Sampling is an ODE solve (FlowMatching.sample), not one forward pass: forward gives the
    // transmitted latents, which is what a caller of the whole block can use directly.
    return new NDList(cjscc.encode(ps, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), 2L * latentSymbols())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType,
      Shape... inputShapes) {
    long b = inputShapes[0].get(0);
    cjscc.initialize(manager, dataType, new Shape(b, 784));
    generator.initialize(manager, dataType, new Shape(b, 1, 28, 28), new Shape(b),
        new Shape(b, 2L * latentSymbols() + 1), new Shape(b, 1, 28, 28));
  }
}
