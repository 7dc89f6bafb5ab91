package io.jscclink.link.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;

class StageRunnerTest {
  @Test
  void aFailingStageStopsTheOthersAndItsErrorIsRethrown() {
    StageRunner runner = new StageRunner();
    BlockingQueue<Integer> never = new ArrayBlockingQueue<>(1);
    runner.start("blocked-consumer", never::take); // would wait forever
    runner.start("failing-producer", () -> {
      throw new IllegalStateException("encoder exploded");
    });
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner.await(5000));
    assertEquals("encoder exploded", e.getMessage());
  }

  @Test
  void stagesThatFinishNormallyAwaitCleanly() throws Exception {
    StageRunner runner = new StageRunner();
    BlockingQueue<Integer> q = new ArrayBlockingQueue<>(1);
    int[] sum = new int[1];
    runner.start("producer", () -> {
      for (int i = 1; i <= 100; i++) {
        q.put(i);
      }
      q.put(-1);
    });
    runner.start("consumer", () -> {
      for (int v = q.take(); v >= 0; v = q.take()) {
        sum[0] += v;
      }
    });
    runner.await(5000);
    assertEquals(5050, sum[0]);
  }
}
