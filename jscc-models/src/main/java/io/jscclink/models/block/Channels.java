package io.jscclink.models.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Channel layers as differentiable NDArray functions. Latents are (B, 2K) floats holding K
 * complex symbols interleaved [re0, im0, re1, im1, ...]; average power per complex symbol is
 * P = 1 after {@link #normalisePower}, so the noise variance per complex symbol is 1/SNR.
 */
public final class Channels {
  private Channels() {}

  /** z * sqrt(K P) / ||z|| per image, P = 1: every image spends exactly K units of energy. */
  public static NDArray normalisePower(NDArray z) {
    long k = z.getShape().get(1) / 2;
    NDArray norm = z.square().sum(new int[] {1}, true).sqrt().add(1e-12f);
    return z.mul((float) Math.sqrt(k)).div(norm);
  }

  /** Noise variance per complex symbol for P = 1 at the given SNR. */
  public static float noiseVariance(double snrDb) {
    return (float) Math.pow(10.0, -snrDb / 10.0);
  }

  public static NDArray awgn(NDArray z, double snrDb) {
    float sigmaPerReal = (float) Math.sqrt(noiseVariance(snrDb) / 2.0);
    NDArray n = z.getManager().randomNormal(0f, sigmaPerReal, z.getShape(), DataType.FLOAT32);
    return z.add(n);
  }

  /**
   * Block Rayleigh fading, one h ~ CN(0,1) per image, then the receiver's MMSE equaliser with
   * perfect CSI: zhat = conj(h) y / (|h|^2 + sigma^2). MMSE rather than zero forcing because
   * ZF divides by |h|^2, which blows the noise up without bound in deep fades and destabilises
   * both training and the decoder's input range; MMSE shrinks towards 0 instead.
   */
  public static NDArray rayleighEqualised(NDArray z, double snrDb) {
    NDManager m = z.getManager();
    long b = z.getShape().get(0);
    long k = z.getShape().get(1) / 2;
    float sigma2 = noiseVariance(snrDb);
    NDArray h = m.randomNormal(0f, (float) Math.sqrt(0.5), new Shape(b, 1, 2), DataType.FLOAT32);
    NDList hParts = h.split(2, 2);
    NDArray hr = hParts.get(0);
    NDArray hi = hParts.get(1);
    NDList zParts = z.reshape(b, k, 2).split(2, 2);
    NDArray zr = zParts.get(0);
    NDArray zi = zParts.get(1);
    float sigmaPerReal = (float) Math.sqrt(sigma2 / 2.0);
    NDArray yr = hr.mul(zr).sub(hi.mul(zi))
        .add(m.randomNormal(0f, sigmaPerReal, zr.getShape(), DataType.FLOAT32));
    NDArray yi = hr.mul(zi).add(hi.mul(zr))
        .add(m.randomNormal(0f, sigmaPerReal, zr.getShape(), DataType.FLOAT32));
    NDArray denom = hr.square().add(hi.square()).add(sigma2);
    NDArray er = hr.mul(yr).add(hi.mul(yi)).div(denom);
    NDArray ei = hr.mul(yi).sub(hi.mul(yr)).div(denom);
    return er.concat(ei, 2).reshape(b, 2 * k);
  }

  public static NDArray apply(ChannelModel channel, NDArray z, double snrDb) {
    return switch (channel) {
      case AWGN -> awgn(z, snrDb);
      case RAYLEIGH -> rayleighEqualised(z, snrDb);
    };
  }

  /**
   * Binary symmetric channel on {0,1}-valued (possibly straight-through) bits: flips each with
   * probability epsilon via y XOR e = e + (1 - 2e) y, which stays differentiable in y.
   */
  public static NDArray bsc(NDArray bits, double epsilon) {
    if (epsilon <= 0) {
      return bits;
    }
    NDArray e = bernoulli(bits.getManager(), bits.getShape(), (float) epsilon);
    return e.add(e.mul(-2f).add(1f).mul(bits));
  }

  /** Independent Bernoulli(p) draws as 0/1 floats; p an array of probabilities. */
  public static NDArray bernoulli(NDArray probabilities) {
    NDManager m = probabilities.getManager();
    return m.randomUniform(0f, 1f, probabilities.getShape()).lt(probabilities)
        .toType(DataType.FLOAT32, false);
  }

  static NDArray bernoulli(NDManager m, Shape shape, float p) {
    return m.randomUniform(0f, 1f, shape).lt(p).toType(DataType.FLOAT32, false);
  }
}
