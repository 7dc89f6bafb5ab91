package io.jscclink.phy.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jscclink.phy.channel.GaussianSource;
import io.jscclink.phy.frame.FrameBuilder;
import io.jscclink.phy.frame.FrameHeader;
import io.jscclink.phy.frame.FrameLayout;
import io.jscclink.phy.frame.PayloadType;
import io.jscclink.phy.frame.PhyConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No exception escapes the receiver for any input; bad input is counted and described. */
class RobustnessTest {
    private final PhyConfig cfg = PhyConfig.defaults();
    private final FrameBuilder builder = new FrameBuilder(cfg);
    private final List<ReceivedFrame> frames = new ArrayList<>();
    private final FrameReceiver rx = new FrameReceiver(cfg, frames::add);
    private final GaussianSource gauss = new GaussianSource(99);

    private float[] noise(int n, double power) {
        float[] x = new float[2 * n];
        double s = Math.sqrt(power / 2);
        for (int i = 0; i < 2 * n; i++) {
            x[i] = (float) (s * gauss.next());
        }
        return x;
    }

    private float[] frame(int seq, int payload) {
        float[] out = new float[2 * builder.frameSamples(payload)];
        builder.buildKnown(FrameHeader.of(PayloadType.KNOWN, 0, 0, payload, seq, 0, 0, 1), payload, out, 0);
        float[] n = noise(out.length / 2, 1e-4);
        for (int i = 0; i < out.length; i++) {
            out[i] += n[i];
        }
        return out;
    }

    @Test
    void noiseZerosAndHugeValuesDeliverNothing() {
        rx.accept(noise(300_000, 1e-3), 0, 300_000);
        rx.accept(new float[200_000], 0, 100_000);
        float[] loud = noise(50_000, 1e6);
        rx.accept(loud, 0, 50_000);
        float[] steps = new float[2 * 50_000];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = (i / 2000) % 2 == 0 ? 1e30f : -1e-30f; // finite extremes
        }
        rx.accept(steps, 0, 50_000);
        assertEquals(0, rx.framesDelivered());
        assertEquals(500_000, rx.samplesAccepted());
        // The stream still works afterwards (after a quiet gap: a false sync on the square wave
        // may hold the receiver for one header's length).
        rx.accept(noise(20_000, 1e-4), 0, 20_000);
        float[] f = frame(1, 200);
        rx.accept(f, 0, f.length / 2);
        rx.accept(noise(5000, 1e-4), 0, 5000);
        assertEquals(1, frames.size());
        assertEquals(1, frames.get(0).header().sequenceNumber());
    }

    @Test
    void nanAndInfinityAreRejectedWithAClearErrorAndCounted() {
        float[] f = frame(2, 200);
        float[] bad = noise(1000, 1e-4);
        bad[10] = Float.NaN;
        bad[501] = Float.POSITIVE_INFINITY;
        bad[777] = Float.NEGATIVE_INFINITY;
        assertEquals(3, rx.accept(bad, 0, 1000));
        assertEquals(3, rx.rejectedSamples());
        assertTrue(rx.lastError().contains("NaN/Inf"), rx.lastError());
        assertTrue(rx.lastError().contains("stream index 5"), rx.lastError());
        rx.accept(f, 0, f.length / 2);
        rx.accept(noise(5000, 1e-4), 0, 5000);
        assertEquals(1, frames.size(), "a frame after rejected samples is still received");
        var e = assertThrows(IllegalArgumentException.class, () -> rx.accept(bad, 900, 200));
        assertTrue(e.getMessage().contains("must fit"), e.getMessage());
    }

    @Test
    void truncatedFrameDoesNotHideTheNextOne() {
        float[] cut = frame(3, 2000);
        rx.accept(cut, 0, cut.length / 4); // the first quarter only
        // Silence long enough to cover the rest of the truncated frame, then a full frame.
        rx.accept(noise(cut.length / 2, 1e-4), 0, cut.length / 2);
        float[] f = frame(4, 200);
        rx.accept(f, 0, f.length / 2);
        rx.accept(noise(5000, 1e-4), 0, 5000);
        assertEquals(4, frames.get(frames.size() - 1).header().sequenceNumber());
    }

    @Test
    void corruptedHeaderIsDroppedAndCounted() {
        float[] f = frame(5, 200);
        // Overwrite the samples of the header symbols with strong noise.
        FrameLayout l = new FrameLayout(cfg, 200);
        int from = (l.preambleSymbols() + cfg.pilotGroupSymbols()) * cfg.samplesPerSymbol() + cfg.filterDelaySamples();
        int to = l.dataPosition(FrameLayout.HEADER_SYMBOLS - 1) * cfg.samplesPerSymbol() + cfg.filterDelaySamples();
        float[] n = noise(to - from, 1.0);
        System.arraycopy(n, 0, f, 2 * from, n.length);
        rx.accept(f, 0, f.length / 2);
        rx.accept(noise(5000, 1e-4), 0, 5000);
        assertEquals(0, frames.size());
        assertEquals(1, rx.preamblesDetected());
        assertEquals(1, rx.headerFailures());
        float[] g = frame(6, 200);
        rx.accept(g, 0, g.length / 2);
        rx.accept(noise(5000, 1e-4), 0, 5000);
        assertEquals(1, frames.size());
    }

    @Test
    void framesAcrossBlockBoundariesOfAnySizeAndKnownPayloadEstimates() {
        // Two frames back to back, fed one sample, then 3, then 7919 at a time.
        float[] a = frame(7, 300);
        float[] b = frame(8, 300);
        float[] all = new float[a.length + b.length + 20_000];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        int total = all.length / 2;
        int i = 0;
        int[] sizes = {1, 3, 7919};
        int k = 0;
        while (i < total) {
            int n = Math.min(sizes[k++ % 3], total - i);
            rx.accept(all, i, n);
            i += n;
        }
        assertEquals(2, frames.size());
        ReceivedFrame f0 = frames.get(0);
        ReceivedFrame f1 = frames.get(1);
        // The second frame starts exactly one frame length later; the noise added is −40 dB.
        assertEquals(0.0, f0.startSample(), 0.05);
        assertEquals(a.length / 2, f1.startSample(), 0.05);
        assertTrue(f0.pilotSnrDb() > 25, "known-payload SNR " + f0.pilotSnrDb());
        assertEquals(600, f0.symbols().length);
    }
}
