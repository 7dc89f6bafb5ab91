package io.jscclink.link.pipeline;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded hand-over of IQ blocks between two pipeline stages with a fixed pool of reused
 * buffers: the producer {@link #acquire}s a free block (waiting when all are in flight — that
 * wait is the back-pressure), fills it and {@link #publish}es it; the consumer {@link #take}s
 * it and {@link #release}s it when done. Memory is bounded by {@code blocks × capacity}.
 */
public final class IqBlockQueue {
  /** One block of interleaved IQ; owned by whoever holds it between acquire and release. */
  public static final class Block {
    /** Interleaved [re, im, …]; capacity fixed at construction. */
    public final float[] iq;
    public int sampleCount;
    /** Index of the block's first sample in the stream. */
    public long firstSampleIndex;
    /** Samples the source lost just before this block (counted, never hidden). */
    public long samplesLostBefore;
    /** The last block of the stream: no samples follow. */
    public boolean endOfStream;

    Block(int capacitySamples) {
      iq = new float[2 * capacitySamples];
    }

    public int capacitySamples() {
      return iq.length / 2;
    }
  }

  private final BlockingQueue<Block> free;
  private final BlockingQueue<Block> full;

  public IqBlockQueue(int blocks, int capacitySamples) {
    if (blocks < 2 || capacitySamples < 1) {
      throw new IllegalArgumentException(
          "need >= 2 blocks of >= 1 sample, got " + blocks + " × " + capacitySamples);
    }
    free = new ArrayBlockingQueue<>(blocks);
    full = new ArrayBlockingQueue<>(blocks);
    for (int i = 0; i < blocks; i++) {
      free.add(new Block(capacitySamples));
    }
  }

  /** A free block, reset; waits while every block is in flight. */
  public Block acquire() throws InterruptedException {
    Block b = free.take();
    b.sampleCount = 0;
    b.firstSampleIndex = 0;
    b.samplesLostBefore = 0;
    b.endOfStream = false;
    return b;
  }

  public void publish(Block block) {
    if (!full.offer(block)) {
      throw new IllegalStateException("published a block that was not acquired from this queue");
    }
  }

  /** The next published block, or null after {@code timeoutMs}. */
  public Block poll(long timeoutMs) throws InterruptedException {
    return full.poll(timeoutMs, TimeUnit.MILLISECONDS);
  }

  public void release(Block block) {
    if (!free.offer(block)) {
      throw new IllegalStateException("released a block that was not taken from this queue");
    }
  }
}
