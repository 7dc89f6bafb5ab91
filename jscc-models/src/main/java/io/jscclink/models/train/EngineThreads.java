package io.jscclink.models.train;

/**
 * PyTorch's thread pools. Measured here (2 cores shared with other processes): with the
 * default two intra-op and two inter-op threads a BernST step took 0.56 s; with one of each,
 * 27 ms, because the pools spin against each other and against the other processes. So unless
 * the caller configured them, training and evaluation use one thread each. Must run before the
 * first DJL call of the process (the engine reads the properties once, when it starts).
 */
public final class EngineThreads {
  private EngineThreads() {}

  public static void singleThreadedUnlessConfigured() {
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", "1");
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }
}
