package io.jscclink.sdr.sigmf;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jscclink.proto.SampleCodec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Records a stream of I/Q samples (RX or TX) as a SigMF recording: samples go to
 * {@code BASE.sigmf-data} as they come; {@code BASE.sigmf-meta} is written on {@link #close}
 * with the core metadata (datatype, sample rate, version, hardware, recorder), one capture
 * segment per contiguous stretch of the device's sample clock (a gap from lost samples starts
 * a new segment whose {@code core:global_index} says where the clock resumed, with a
 * {@code core:datetime}), and the annotations added with {@link #annotate} (detected frames).
 *
 * <p>Threading: one writer thread. The scratch byte array is reused (grown as needed).
 */
public final class SigMfRecorder implements AutoCloseable {
  /** SigMF specification version written in {@code core:version}. */
  public static final String SIGMF_VERSION = "1.0.0";

  private final Path base;
  private final SigMfDatatype datatype;
  private final double sampleRateHz;
  private final double frequencyHz;
  private final String hardware;
  private final String description;
  private final OutputStream data;
  private final Instant start = Instant.now();
  private final List<JsonObject> captures = new ArrayList<>();
  private final List<SigMfMetadata.Annotation> annotations = new ArrayList<>();
  private byte[] scratch = new byte[0];
  private long samplesWritten;
  private long nextGlobalIndex = -1;
  private boolean closed;

  /**
   * @param base path without extension (or with either SigMF extension)
   * @param frequencyHz centre frequency of the recording, Hz
   * @param hardware {@code core:hw}, e.g. "HackRF One" or "jscc-link simulated device"
   */
  public SigMfRecorder(Path base, SigMfDatatype datatype, double sampleRateHz,
      double frequencyHz, String hardware, String description) throws IOException {
    if (!(sampleRateHz > 0)) {
      throw new IllegalArgumentException("sampleRateHz must be > 0, got " + sampleRateHz);
    }
    this.base = base;
    this.datatype = datatype;
    this.sampleRateHz = sampleRateHz;
    this.frequencyHz = frequencyHz;
    this.hardware = hardware;
    this.description = description;
    this.data = new BufferedOutputStream(
        Files.newOutputStream(SigMfMetadata.dataPath(base)), 1 << 20);
  }

  /**
   * Appends {@code samples} complex samples from {@code iq[2·offset…]} whose first sample has
   * index {@code firstSampleIndex} in the device clock; a jump in the index starts a new
   * capture segment.
   */
  public void write(float[] iq, int offset, int samples, long firstSampleIndex)
      throws IOException {
    if (samples <= 0) {
      return;
    }
    if (firstSampleIndex != nextGlobalIndex) {
      JsonObject capture = new JsonObject();
      capture.addProperty("core:sample_start", samplesWritten);
      capture.addProperty("core:global_index", firstSampleIndex);
      capture.addProperty("core:frequency", frequencyHz);
      capture.addProperty("core:datetime", start.plusNanos(
          (long) (firstSampleIndex / sampleRateHz * 1e9)).toString());
      captures.add(capture);
    }
    int bytes = samples * datatype.bytesPerSample();
    if (scratch.length < bytes) {
      scratch = new byte[bytes];
    }
    SampleCodec.encode(iq, 2 * offset, samples, datatype.format(), scratch, 0);
    data.write(scratch, 0, bytes);
    samplesWritten += samples;
    nextGlobalIndex = firstSampleIndex + samples;
  }

  /**
   * Annotates {@code sampleCount} samples starting at {@code sampleStart} (an index into this
   * recording's samples), e.g. a detected frame.
   */
  public void annotate(long sampleStart, long sampleCount, String label, String comment) {
    if (sampleStart < 0 || sampleCount < 0) {
      throw new IllegalArgumentException("annotation start and count must be >= 0, got "
          + sampleStart + " and " + sampleCount);
    }
    annotations.add(new SigMfMetadata.Annotation(sampleStart, sampleCount, label, comment));
  }

  /** Samples written so far. */
  public long samplesWritten() {
    return samplesWritten;
  }

  /** Flushes the data and writes the metadata. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    data.close();
    JsonObject global = new JsonObject();
    global.addProperty("core:datatype", datatype.sigmfName());
    global.addProperty("core:sample_rate", sampleRateHz);
    global.addProperty("core:version", SIGMF_VERSION);
    global.addProperty("core:hw", hardware);
    global.addProperty("core:recorder", "jscc-link sdr-driver");
    if (!description.isEmpty()) {
      global.addProperty("core:description", description);
    }
    JsonArray captureArray = new JsonArray();
    if (captures.isEmpty()) { // an empty recording still has its first segment
      JsonObject capture = new JsonObject();
      capture.addProperty("core:sample_start", 0);
      capture.addProperty("core:frequency", frequencyHz);
      capture.addProperty("core:datetime", start.toString());
      captures.add(capture);
    }
    captures.forEach(captureArray::add);
    JsonArray annotationArray = new JsonArray();
    annotations.stream()
        .sorted(Comparator.comparingLong(SigMfMetadata.Annotation::sampleStart))
        .forEach(a -> {
          JsonObject annotation = new JsonObject();
          annotation.addProperty("core:sample_start", a.sampleStart());
          annotation.addProperty("core:sample_count", a.sampleCount());
          annotation.addProperty("core:label", a.label());
          if (!a.comment().isEmpty()) {
            annotation.addProperty("core:comment", a.comment());
          }
          annotationArray.add(annotation);
        });
    JsonObject root = new JsonObject();
    root.add("global", global);
    root.add("captures", captureArray);
    root.add("annotations", annotationArray);
    Files.writeString(SigMfMetadata.metaPath(base),
        new GsonBuilder().setPrettyPrinting().create().toJson(root), StandardCharsets.UTF_8);
  }
}
