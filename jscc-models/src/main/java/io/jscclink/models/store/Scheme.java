package io.jscclink.models.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The coding schemes this module trains; the lower-case name is used on the CLI and in JSON. */
public enum Scheme {
  /** Deep JSCC (Bourtsoulatze et al.): MSE only. */
  DJSCC(Family.ANALOG),
  /** Contrastive JSCC: (1 - lambda) MSE + lambda SCL. */
  CJSCC(Family.ANALOG),
  /** NECST: Bernoulli code trained with the VIMCO score-function estimator. */
  NECST(Family.BINARY),
  /** BernST: the same network trained with the straight-through estimator. */
  BERNST(Family.BINARY),
  /** E2EC: variable-length code for classification, trained with the policy gradient. */
  E2EC(Family.VARIABLE_LENGTH),
  /** Plain image classifier. */
  CLASSIFIER(Family.CLASSIFIER),
  /** JSCGC: C-JSCC encoder with a conditional flow-matching generator at the receiver. */
  JSCGC(Family.GENERATIVE);

  /** Networks that share an architecture and an inference API. */
  public enum Family {
    ANALOG,
    BINARY,
    VARIABLE_LENGTH,
    CLASSIFIER,
    GENERATIVE
  }

  private final Family family;

  Scheme(Family family) {
    this.family = family;
  }

  public Family family() {
    return family;
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Scheme fromCliName(String name) {
    for (Scheme s : values()) {
      if (s.name().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown model scheme '" + name + "'; allowed: "
        + Arrays.stream(values()).map(Scheme::cliName).collect(Collectors.joining(", ")));
  }
}
