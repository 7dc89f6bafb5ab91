package io.jscclink.link.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the stages of a pipeline, one thread each. The first stage to fail interrupts the
 * others, and {@link #await} rethrows its exception, so a failure never leaves a stage
 * blocked on a queue nobody serves.
 */
public final class StageRunner {
  /** A stage body; it may block on queues and must end when interrupted. */
  @FunctionalInterface
  public interface Stage {
    void run() throws Exception;
  }

  private final List<Thread> threads = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  public void start(String name, Stage stage) {
    Thread t = new Thread(() -> {
      try {
        stage.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // asked to stop: not a failure of its own
      } catch (Throwable e) {
        if (failure.compareAndSet(null, e)) {
          stopAll();
        }
      }
    }, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  /** Interrupts every stage. */
  public void stopAll() {
    for (Thread t : threads) {
      t.interrupt();
    }
  }

  /**
   * Waits for every stage to end, at most {@code timeoutMs} in all, and rethrows the first
   * failure. A stage still running at the deadline is interrupted and reported.
   */
  public void await(long timeoutMs) throws Exception {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    for (Thread t : threads) {
      long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
      t.join(leftMs);
      if (t.isAlive()) {
        stopAll();
        throw new IllegalStateException("pipeline stage '" + t.getName() + "' did not finish within "
            + timeoutMs + " ms");
      }
    }
    Throwable e = failure.get();
    if (e instanceof Exception ex) {
      throw ex;
    }
    if (e instanceof Error err) {
      throw err;
    }
  }
}
