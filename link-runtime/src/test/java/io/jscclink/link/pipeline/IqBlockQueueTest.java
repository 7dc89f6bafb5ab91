package io.jscclink.link.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IqBlockQueueTest {
  @Test
  void producerWaitsWhileEveryBlockIsInFlightAndResumesOnRelease() throws Exception {
    IqBlockQueue q = new IqBlockQueue(2, 8);
    IqBlockQueue.Block a = q.acquire();
    IqBlockQueue.Block b = q.acquire();
    CountDownLatch acquired = new CountDownLatch(1);
    Thread producer = new Thread(() -> {
      try {
        q.acquire();
        acquired.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    producer.start();
    assertFalse(acquired.await(200, TimeUnit.MILLISECONDS), "a third block must not exist");
    a.sampleCount = 3;
    q.publish(a);
    IqBlockQueue.Block taken = q.poll(1000);
    assertSame(a, taken);
    assertEquals(3, taken.sampleCount);
    q.release(taken);
    assertTrue(acquired.await(5, TimeUnit.SECONDS));
    producer.join(5000);
    q.release(b);
  }

  @Test
  void reusesTheSameBuffersAndResetsThem() throws Exception {
    IqBlockQueue q = new IqBlockQueue(2, 4);
    IqBlockQueue.Block a = q.acquire();
    a.sampleCount = 4;
    a.endOfStream = true;
    a.samplesLostBefore = 7;
    q.release(a);
    q.release(q.acquire());
    IqBlockQueue.Block again = q.acquire();
    IqBlockQueue.Block other = q.acquire();
    assertTrue(again == a || other == a);
    assertEquals(0, a.sampleCount);
    assertFalse(a.endOfStream);
    assertEquals(0, a.samplesLostBefore);
    assertEquals(8, a.iq.length);
  }

  @Test
  void rejectsAPoolTooSmallToOverlapTwoStages() {
    assertThrows(IllegalArgumentException.class, () -> new IqBlockQueue(1, 16));
  }
}
