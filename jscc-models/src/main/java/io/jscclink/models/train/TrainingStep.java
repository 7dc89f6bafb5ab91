package io.jscclink.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

/**
 * One scheme's training objective: turns a batch of images into the scalar to minimise. The
 * arrays it creates must live in {@code batch}, the per-batch manager that the trainer closes
 * after every step.
 */
interface TrainingStep {
  /** Called before the first step of every epoch (0-based). */
  default void startEpoch(int epoch) {}

  /** How many distinct training images one step consumes. */
  int imagesPerStep();

  /**
   * @param images {@code count} images of 784 pixels in [0, 1], caller-owned scratch
   * @param labels their classes
   * @param stats receives the step's report figures
   * @return the scalar loss, attached to {@code batch}
   */
  NDArray loss(ParameterStore ps, NDManager batch, float[] images, int[] labels, int count,
      StepStats stats);

  /** What a step reports besides its loss; {@code rate} is scheme-specific (see its name). */
  final class StepStats {
    String rateName = "";
    double rate = Double.NaN;
  }
}
