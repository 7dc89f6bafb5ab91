package io.jscclink.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.jscclink.models.block.BinaryJsccNet;
import io.jscclink.models.block.DeepJsccNet;
import io.jscclink.models.jscgc.FlowMatching;
import io.jscclink.models.jscgc.JscgcNet;
import io.jscclink.models.block.E2ecNet;
import io.jscclink.models.block.ChannelModel;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.data.ImageSet;
import io.jscclink.models.eval.EvalPoint;
import io.jscclink.models.eval.Evaluator;
import io.jscclink.models.store.ModelCatalog;
import io.jscclink.models.store.ModelExpectation;
import io.jscclink.models.store.ModelFileException;
import io.jscclink.models.store.ModelMetadata;
import io.jscclink.models.store.ModelStore;
import io.jscclink.models.store.Scheme;
import io.jscclink.models.train.EngineThreads;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The link runtime's entry point to a trained model: encode batches of 28x28 images into
 * channel latents or bits, and decode received latents or bits back into images and class
 * predictions. All buffers are caller-owned primitive arrays with offsets; images are 784
 * floats in [0, 1] each, row-major.
 *
 * <ul>
 *   <li>Analog (D-JSCC, C-JSCC): {@link #encodeLatents} gives K complex symbols per image,
 *       interleaved [re, im, ...], with average power 1 per symbol over each image;
 *       {@link #decodeLatents} takes received symbols already equalised (y / h for fading;
 *       MMSE as in training is best), same layout.
 *   <li>Binary (NECST, BernST): {@link #encodeBits} gives m bits per image (0/1 bytes);
 *       {@link #decodeBits} takes hard bits, {@link #decodeLlrs} soft bits as LLRs.
 *   <li>E2EC: {@link #encodeBits} gives up to L bits per image and each image's length; only
 *       the first {@code length} bits are sent; the decoders take the same lengths.
 * </ul>
 * Encoders are deterministic (thresholded bits, the most likely E2EC length). An instance is
 * not thread-safe; {@link #close()} frees its native memory.
 */
public final class JsccModel implements AutoCloseable {
  private static final int PIXELS = DatasetName.PIXELS;

  private final Path dir;
  private final ModelMetadata meta;
  private final NDManager manager;
  private final Block block;
  private final ParameterStore ps;

  private JsccModel(Path dir, ModelMetadata meta, NDManager manager, Block block) {
    this.dir = dir;
    this.meta = meta;
    this.manager = manager;
    this.block = block;
    this.ps = new ParameterStore(manager, false);
  }

  /** A bundled model by name (see {@link ModelCatalog}) or a model directory. */
  public static JsccModel open(String nameOrDir) throws IOException {
    return open(ModelCatalog.resolve(nameOrDir), ModelExpectation.ANY);
  }

  /** Opens {@code dir}, failing with {@link ModelFileException} unless it is as expected. */
  public static JsccModel open(Path dir, ModelExpectation expected) throws ModelFileException {
    return open(dir, expected, ai.djl.Device.cpu());
  }

  /**
   * Opens {@code dir} on {@code device} (see {@link
   * io.jscclink.models.store.ComputeDevice}): parameters and every batch live there.
   */
  public static JsccModel open(Path dir, ModelExpectation expected, ai.djl.Device device)
      throws ModelFileException {
    EngineThreads.singleThreadedUnlessConfigured();
    ModelMetadata meta = ModelStore.readMetadata(dir);
    NDManager manager = NDManager.newBaseManager(device);
    try {
      Block block = ModelStore.loadBlock(dir, meta, expected, manager);
      return new JsccModel(dir, meta, manager, block);
    } catch (ModelFileException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  public ModelMetadata metadata() {
    return meta;
  }

  public Path directory() {
    return dir;
  }

  public Scheme scheme() {
    return meta.schemeEnum();
  }

  /** 2K floats per image (analog schemes and JSCGC). */
  public int latentFloatsPerImage() {
    return 2 * latentNet().latentSymbols();
  }

  /** The C-JSCC network that sends latents: the model itself, or a JSCGC model's encoder. */
  private DeepJsccNet latentNet() {
    if (block instanceof JscgcNet j) {
      return j.cjscc();
    }
    return (DeepJsccNet) require(Scheme.Family.ANALOG);
  }

  /** m (NECST, BernST) or L, the longest code (E2EC). */
  public int codeBitsPerImage() {
    if (block instanceof BinaryJsccNet b) {
      return b.bits();
    }
    if (block instanceof E2ecNet e) {
      return e.maxLength();
    }
    throw wrongFamily("bits");
  }

  /** Images -> power-normalised latents, {@link #latentFloatsPerImage()} floats per image. */
  public void encodeLatents(float[] images, int offset, int count, float[] latents,
      int latentOffset) {
    DeepJsccNet net = latentNet();
    try (NDManager m = manager.newSubManager()) {
      NDArray z = net.encode(ps, images(m, images, offset, count), false);
      copyOut(z, latents, latentOffset);
    }
  }

  /**
   * JSCGC: draws one image per received latent vector (equalised, {@link
   * #latentFloatsPerImage()} floats each) with {@code eulerSteps} Euler steps of the learned
   * flow, conditioned on the receiver's SNR estimate; deterministic given {@code seed}.
   */
  public void generate(float[] latents, int offset, int count, double snrDb, int eulerSteps,
      long seed, float[] images, int imageOffset) {
    JscgcNet net = (JscgcNet) require(Scheme.Family.GENERATIVE);
    int floats = latentFloatsPerImage();
    try (NDManager m = manager.newSubManager()) {
      NDArray r = m.create(slice(latents, offset, count * floats), new Shape(count, floats));
      copyOut(FlowMatching.sample(net.generator(), ps, JscgcNet.condition(r, (float) snrDb),
          net.guide(ps, r, false), eulerSteps, seed), images, imageOffset);
    }
  }

  /**
   * Equalised received latents -> images and (if {@code classes} is not null) classes. For a
   * JSCGC model this is its C-JSCC decoder: the point estimate the generator is compared with.
   */
  public void decodeLatents(float[] latents, int offset, int count, float[] images,
      int imageOffset, int[] classes, int classOffset) {
    DeepJsccNet net = latentNet();
    int floats = latentFloatsPerImage();
    try (NDManager m = manager.newSubManager()) {
      NDArray r = m.create(slice(latents, offset, count * floats), new Shape(count, floats));
      copyOut(net.decode(ps, r, false), images, imageOffset);
      if (classes != null) {
        argMax(net.classify(ps, r, false), classes, classOffset);
      }
    }
  }

  /**
   * Images -> code bits as 0/1 bytes, {@link #codeBitsPerImage()} per image. For E2EC,
   * {@code lengths[i]} receives image i's code length (1..L) and the bits past it are 0; for
   * NECST/BernST {@code lengths} may be null.
   */
  public void encodeBits(float[] images, int offset, int count, byte[] bits, int bitOffset,
      int[] lengths) {
    int per = codeBitsPerImage();
    try (NDManager m = manager.newSubManager()) {
      NDArray x = images(m, images, offset, count);
      NDArray b;
      if (block instanceof E2ecNet e) {
        NDArray index = e.lengthLogits(ps, x, false).argMax(1);
        NDArray mask = E2ecNet.lengthMask(index, per);
        b = e.contentLogits(ps, x, false).gt(0f).toType(DataType.FLOAT32, false).mul(mask);
        long[] idx = index.toLongArray();
        for (int i = 0; i < count; i++) {
          lengths[i] = (int) idx[i] + 1;
        }
      } else {
        b = ((BinaryJsccNet) block).encodeLogits(ps, x, false).gt(0f)
            .toType(DataType.FLOAT32, false);
      }
      float[] values = b.toFloatArray();
      for (int i = 0; i < count * per; i++) {
        bits[bitOffset + i] = (byte) (values[i] > 0.5f ? 1 : 0);
      }
    }
  }

  /**
   * Received hard bits (0/1 bytes, {@link #codeBitsPerImage()} per image) -> images (NECST,
   * BernST; {@code images} may be null for E2EC) and classes (E2EC; may be null otherwise).
   * {@code lengths} is required for E2EC and ignored otherwise.
   */
  public void decodeBits(byte[] bits, int bitOffset, int[] lengths, int count, float[] images,
      int imageOffset, int[] classes, int classOffset) {
    int per = codeBitsPerImage();
    float[] soft = new float[count * per];
    for (int i = 0; i < soft.length; i++) {
      soft[i] = bits[bitOffset + i] != 0 ? 1f : 0f;
    }
    decodeSoft(soft, lengths, count, images, imageOffset, classes, classOffset);
  }

  /**
   * Like {@link #decodeBits} but with soft bits: {@code llrs} holds log(P(bit = 0) /
   * P(bit = 1)) per bit; the decoder gets P(bit = 1) = 1 / (1 + e^llr), the expected bit.
   */
  public void decodeLlrs(float[] llrs, int offset, int[] lengths, int count, float[] images,
      int imageOffset, int[] classes, int classOffset) {
    int per = codeBitsPerImage();
    float[] soft = new float[count * per];
    for (int i = 0; i < soft.length; i++) {
      soft[i] = (float) (1.0 / (1.0 + Math.exp(llrs[offset + i])));
    }
    decodeSoft(soft, lengths, count, images, imageOffset, classes, classOffset);
  }

  /** Plain classifiers: images -> predicted classes. */
  public void classify(float[] images, int offset, int count, int[] classes, int classOffset) {
    require(Scheme.Family.CLASSIFIER);
    try (NDManager m = manager.newSubManager()) {
      NDArray logits = block.forward(ps, new NDList(images(m, images, offset, count)), false)
          .singletonOrThrow();
      argMax(logits, classes, classOffset);
    }
  }

  /**
   * The metrics of this model on the first {@code images} images of {@code set} at each grid
   * point (see {@link Evaluator}); {@code channel} null means the training channel.
   */
  public List<EvalPoint> evaluate(ImageSet set, int images, double[] grid, ChannelModel channel,
      long seed) {
    return Evaluator.evaluate(block, meta, set, images, grid, channel, seed, manager);
  }

  private void decodeSoft(float[] soft, int[] lengths, int count, float[] images,
      int imageOffset, int[] classes, int classOffset) {
    int per = codeBitsPerImage();
    try (NDManager m = manager.newSubManager()) {
      NDArray y = m.create(soft, new Shape(count, per));
      if (block instanceof E2ecNet e) {
        long[] index = new long[count];
        for (int i = 0; i < count; i++) {
          if (lengths[i] < 1 || lengths[i] > per) {
            throw new IllegalArgumentException("E2EC length of image " + i + " must be in [1, "
                + per + "], got " + lengths[i]);
          }
          index[i] = lengths[i] - 1;
        }
        NDArray mask = E2ecNet.lengthMask(m.create(index), per);
        argMax(e.decode(ps, y, mask, false), classes, classOffset);
      } else {
        NDArray out = Activation.sigmoid(((BinaryJsccNet) block).decodeLogits(ps, y, false));
        copyOut(out, images, imageOffset);
      }
    }
  }

  private Block require(Scheme.Family family) {
    if (meta.schemeEnum().family() != family) {
      throw wrongFamily(family.name().toLowerCase(java.util.Locale.ROOT));
    }
    return block;
  }

  private IllegalStateException wrongFamily(String what) {
    return new IllegalStateException("model " + dir + " is " + meta.scheme + " ("
        + meta.schemeEnum().family() + "); the " + what + " API does not apply");
  }

  private static NDArray images(NDManager m, float[] images, int offset, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    return m.create(slice(images, offset, count * PIXELS), new Shape(count, PIXELS));
  }

  private static float[] slice(float[] data, int offset, int length) {
    // A short array would be zero-padded by copyOfRange: refuse it, since a latent vector of
    // the wrong size means a model trained for another K or a truncated frame.
    if (offset < 0 || offset + length > data.length) {
      throw new IllegalArgumentException("need " + length + " floats from offset " + offset
          + ", the array has " + data.length + " (wrong image count or latent size K?)");
    }
    if (offset == 0 && data.length == length) {
      return data;
    }
    return java.util.Arrays.copyOfRange(data, offset, offset + length);
  }

  private static void copyOut(NDArray a, float[] dst, int offset) {
    float[] values = a.toFloatArray();
    System.arraycopy(values, 0, dst, offset, values.length);
  }

  private static void argMax(NDArray logits, int[] dst, int offset) {
    long[] idx = logits.argMax(1).toLongArray();
    for (int i = 0; i < idx.length; i++) {
      dst[offset + i] = (int) idx[i];
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
