package io.jscclink.models.data;

/**
 * Which part of a data set. The validation split is fixed: the last {@link #VALIDATION_COUNT}
 * images of the 60k training file; TRAIN is the first 55k; TEST is the 10k test file.
 */
public enum Split {
  TRAIN,
  VALIDATION,
  TEST;

  public static final int VALIDATION_COUNT = 5000;
}
