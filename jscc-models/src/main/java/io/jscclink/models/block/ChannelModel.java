package io.jscclink.models.block;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The analog channels D-JSCC / C-JSCC train over. */
public enum ChannelModel {
  /** y = z + n, n ~ CN(0, sigma^2). */
  AWGN,
  /**
   * y = h z + n with one h ~ CN(0, 1) per image (slow fading over a 128-symbol block), perfect
   * CSI at the receiver, which feeds the decoder MMSE-equalised symbols (see {@link Channels}).
   */
  RAYLEIGH;

  public String cliName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static ChannelModel fromCliName(String name) {
    for (ChannelModel c : values()) {
      if (c.name().equalsIgnoreCase(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown channel '" + name + "'; allowed: "
        + Arrays.stream(values()).map(ChannelModel::cliName).collect(Collectors.joining(", ")));
  }
}
