package io.jscclink.models.store;

import io.jscclink.models.data.DatasetName;

/**
 * What a caller needs a model to be; null fields accept anything. A mismatch fails the load
 * with a message naming the field, the expected and the found value.
 */
public record ModelExpectation(Scheme.Family family, Scheme scheme, DatasetName dataset) {
  public static final ModelExpectation ANY = new ModelExpectation(null, null, null);

  public static ModelExpectation family(Scheme.Family family) {
    return new ModelExpectation(family, null, null);
  }

  void check(java.nio.file.Path dir, ModelMetadata meta) throws ModelFileException {
    Scheme found = meta.schemeEnum();
    if (family != null && found.family() != family) {
      throw new ModelFileException("model " + dir + " is a " + found.cliName() + " ("
          + found.family() + ") model; expected the family " + family);
    }
    if (scheme != null && found != scheme) {
      throw new ModelFileException("model " + dir + " is scheme " + found.cliName()
          + "; expected " + scheme.cliName());
    }
    if (dataset != null && !dataset.cliName().equals(meta.dataset)) {
      throw new ModelFileException("model " + dir + " was trained on " + meta.dataset
          + "; expected " + dataset.cliName());
    }
  }
}
