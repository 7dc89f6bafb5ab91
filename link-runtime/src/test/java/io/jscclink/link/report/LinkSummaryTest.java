package io.jscclink.link.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkSummaryTest {
  /** The keys the link-runtime issue makes a contract, in the order the README documents. */
  private static final List<String> CONTRACT_KEYS = List.of("scheme", "channel", "device",
      "snr_db", "snr_db_est", "snr_db_est_std", "psnr_db", "ssim", "accuracy", "ber",
      "frames_sent", "frames_received", "frames_lost", "header_crc_failures", "images_complete",
      "latency_ms_p50", "latency_ms_p99", "throughput_images_per_s", "realtime_factor");

  @Test
  void printsEveryContractKeyFlatWithInapplicableFiguresAsNull() {
    LinkSummary s = new LinkSummary();
    s.scheme = "cjscc";
    s.channel = "awgn";
    s.device = "in-process";
    s.snrDb = 10;
    s.psnrDb = 24.5;
    s.framesSent = 12;
    JsonObject o = JsonParser.parseString(s.toJson()).getAsJsonObject();
    for (String key : CONTRACT_KEYS) {
      assertTrue(o.has(key), "missing key " + key);
      assertTrue(o.get(key).isJsonPrimitive() || o.get(key).isJsonNull(), key + " is not flat");
    }
    assertEquals("cjscc", o.get("scheme").getAsString());
    assertEquals(24.5, o.get("psnr_db").getAsDouble());
    assertEquals(12, o.get("frames_sent").getAsLong());
    assertTrue(o.get("ber").isJsonNull(), "BER of an analog scheme must be null, not NaN or 0");
  }
}
