package io.jscclink.sdr.sigmf;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code .sigmf-meta} file, read and checked against the SigMF core fields this module
 * needs: {@code global} with {@code core:datatype}, {@code core:version} and
 * {@code core:sample_rate}; {@code captures} in ascending {@code core:sample_start}, each with
 * an optional {@code core:frequency} and ISO-8601 {@code core:datetime}; {@code annotations}
 * in ascending {@code core:sample_start}, each with a {@code core:sample_count}.
 */
public record SigMfMetadata(SigMfDatatype datatype, String version, double sampleRateHz,
    String hardware, List<Capture> captures, List<Annotation> annotations) {

  /** A capture segment. */
  public record Capture(long sampleStart, long globalIndex, double frequencyHz, String datetime) {}

  /** An annotation of a span of samples. */
  public record Annotation(long sampleStart, long sampleCount, String label, String comment) {}

  /** The {@code .sigmf-meta} and {@code .sigmf-data} paths of a recording's base path. */
  public static Path metaPath(Path base) {
    return Path.of(stripExtension(base.toString()) + ".sigmf-meta");
  }

  public static Path dataPath(Path base) {
    return Path.of(stripExtension(base.toString()) + ".sigmf-data");
  }

  private static String stripExtension(String path) {
    for (String ext : new String[] {".sigmf-meta", ".sigmf-data"}) {
      if (path.endsWith(ext)) {
        return path.substring(0, path.length() - ext.length());
      }
    }
    return path;
  }

  /**
   * Reads and validates a recording's metadata.
   *
   * @throws IllegalArgumentException naming the first missing or invalid core field
   */
  public static SigMfMetadata read(Path base) throws IOException {
    Path meta = metaPath(base);
    JsonObject root;
    try {
      root = JsonParser.parseString(Files.readString(meta, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new IllegalArgumentException(meta + " is not a JSON object: " + e.getMessage());
    }
    return parse(root, meta.toString());
  }

  /** Validates parsed metadata; {@code where} names the file in messages. */
  static SigMfMetadata parse(JsonObject root, String where) {
    JsonObject global = object(root, "global", where);
    SigMfDatatype datatype = SigMfDatatype.parse(string(global, "core:datatype", where));
    String version = string(global, "core:version", where);
    if (!version.matches("\\d+\\.\\d+\\.\\d+")) {
      throw new IllegalArgumentException(where + ": global.core:version '" + version
          + "' must be a semantic version such as 1.0.0");
    }
    double sampleRateHz = number(global, "core:sample_rate", where);
    if (!(sampleRateHz > 0)) {
      throw new IllegalArgumentException(where + ": global.core:sample_rate " + sampleRateHz
          + " must be > 0");
    }
    String hardware = global.has("core:hw") ? global.get("core:hw").getAsString() : "";

    List<Capture> captures = new ArrayList<>();
    long previous = -1;
    for (JsonElement element : array(root, "captures", where)) {
      JsonObject capture = element.getAsJsonObject();
      long start = (long) number(capture, "core:sample_start", where + " captures");
      if (start < 0 || start <= previous) {
        throw new IllegalArgumentException(where + ": captures must have ascending, distinct, "
            + "non-negative core:sample_start; got " + start + " after " + previous);
      }
      previous = start;
      String datetime = capture.has("core:datetime")
          ? capture.get("core:datetime").getAsString() : "";
      if (!datetime.isEmpty()) {
        try {
          Instant.parse(datetime);
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException(where + ": core:datetime '" + datetime
              + "' is not ISO-8601 UTC (e.g. 2026-11-23T11:00:00.000Z)");
        }
      }
      captures.add(new Capture(start,
          capture.has("core:global_index") ? capture.get("core:global_index").getAsLong() : -1,
          capture.has("core:frequency") ? capture.get("core:frequency").getAsDouble() : 0,
          datetime));
    }
    if (captures.isEmpty() || captures.get(0).sampleStart() != 0) {
      throw new IllegalArgumentException(where + ": captures must start with a segment at "
          + "core:sample_start 0");
    }

    List<Annotation> annotations = new ArrayList<>();
    previous = -1;
    for (JsonElement element : array(root, "annotations", where)) {
      JsonObject annotation = element.getAsJsonObject();
      long start = (long) number(annotation, "core:sample_start", where + " annotations");
      if (start < previous) {
        throw new IllegalArgumentException(where + ": annotations must be sorted by "
            + "core:sample_start; " + start + " comes after " + previous);
      }
      previous = start;
      long count = annotation.has("core:sample_count")
          ? annotation.get("core:sample_count").getAsLong() : 0;
      if (count < 0) {
        throw new IllegalArgumentException(where + ": core:sample_count " + count
            + " must be >= 0");
      }
      annotations.add(new Annotation(start, count,
          annotation.has("core:label") ? annotation.get("core:label").getAsString() : "",
          annotation.has("core:comment") ? annotation.get("core:comment").getAsString() : ""));
    }
    return new SigMfMetadata(datatype, version, sampleRateHz, hardware,
        List.copyOf(captures), List.copyOf(annotations));
  }

  /** Centre frequency of the first capture, Hz (0 when not recorded). */
  public double frequencyHz() {
    return captures.get(0).frequencyHz();
  }

  private static JsonObject object(JsonObject parent, String key, String where) {
    if (!parent.has(key) || !parent.get(key).isJsonObject()) {
      throw new IllegalArgumentException(where + ": missing object '" + key + "'");
    }
    return parent.getAsJsonObject(key);
  }

  private static JsonArray array(JsonObject parent, String key, String where) {
    if (!parent.has(key) || !parent.get(key).isJsonArray()) {
      throw new IllegalArgumentException(where + ": missing array '" + key + "'");
    }
    return parent.getAsJsonArray(key);
  }

  private static String string(JsonObject parent, String key, String where) {
    if (!parent.has(key) || !parent.get(key).isJsonPrimitive()) {
      throw new IllegalArgumentException(where + ": missing field " + key);
    }
    return parent.get(key).getAsString();
  }

  private static double number(JsonObject parent, String key, String where) {
    if (!parent.has(key) || !parent.get(key).isJsonPrimitive()
        || !parent.get(key).getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException(where + ": missing numeric field " + key);
    }
    return parent.get(key).getAsDouble();
  }
}
