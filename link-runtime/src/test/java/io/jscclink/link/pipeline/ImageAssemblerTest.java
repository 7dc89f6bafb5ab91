package io.jscclink.link.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageAssemblerTest {
  private record Out(int index, float[] values, boolean complete, int missing) {}

  private final List<Out> out = new ArrayList<>();
  private final ImageAssembler assembler = new ImageAssembler(4, 3, 2,
      (index, values, length, complete, missing) ->
          out.add(new Out(index, Arrays.copyOf(values, length), complete, missing)));

  private static float[] payload(int n, float base) {
    float[] p = new float[n];
    for (int i = 0; i < n; i++) {
      p[i] = base + i;
    }
    return p;
  }

  /** Sends fragment k of an image whose payload is {@code p}, with 4 values per fragment. */
  private void send(int image, int k, float[] p) {
    int count = (p.length + 3) / 4;
    int len = Math.min(4, p.length - 4 * k);
    assembler.accept(image, k, count, p, 4 * k, len);
  }

  private Out byIndex(int index) {
    return out.stream().filter(o -> o.index() == index).findFirst().orElseThrow();
  }

  @Test
  void reassemblesFragmentsInAnyOrderIntoTheExactPayload() {
    float[] p = payload(10, 100);
    send(0, 2, p);
    send(0, 0, p);
    send(0, 1, p);
    assertEquals(1, out.size());
    assertTrue(out.get(0).complete());
    assertArrayEquals(p, out.get(0).values());
    assertEquals(1, assembler.imagesComplete());
  }

  @Test
  void aLostFragmentMarksTheImageIncompleteWithoutZeroFilling() {
    float[] p0 = payload(10, 0);
    float[] p1 = payload(10, 50);
    float[] p2 = payload(10, 90);
    send(0, 0, p0);
    send(0, 2, p0); // fragment 1 of image 0 lost
    send(1, 0, p1);
    send(1, 1, p1);
    send(1, 2, p1);
    send(2, 0, p2); // opening image 2 closes image 0 (window 2)
    assembler.flush();
    assertEquals(3, out.size());
    Out first = byIndex(0);
    assertFalse(first.complete());
    assertEquals(1, first.missing());
    for (int i = 4; i < 8; i++) {
      assertTrue(Float.isNaN(first.values()[i]), "missing span must not look like data");
    }
    assertEquals(p0[9], first.values()[9]);
    assertTrue(byIndex(1).complete());
    assertFalse(byIndex(2).complete());
    assertEquals(2, byIndex(2).missing());
    assertEquals(1, assembler.imagesComplete());
    assertEquals(2, assembler.imagesIncomplete());
  }

  @Test
  void rejectsAndCountsDuplicateLateAndInconsistentFragments() {
    float[] p = payload(10, 0);
    send(5, 0, p);
    send(5, 0, p); // duplicate
    assembler.accept(5, 1, 2, p, 4, 4); // count disagrees with the image's first fragment
    assembler.accept(5, 1, 3, p, 4, 3); // a middle fragment that is not full
    send(6, 0, p);
    send(7, 0, p); // closes 5 (window 2)
    send(5, 1, p); // too late
    assertEquals(4, assembler.fragmentsRejected());
    assertEquals(1, out.size());
    assertEquals(5, out.get(0).index());
  }

  @Test
  void countsImagesOfWhichNoFragmentArrived() {
    float[] p = payload(4, 0);
    send(0, 0, p);
    send(3, 0, p); // images 1 and 2 never seen
    assertEquals(2, assembler.imagesComplete());
    assertEquals(2, assembler.imagesUnseen());
  }
}
