package io.jscclink.models.store;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads and writes model directories: {@code model.json} ({@link ModelMetadata}) and the
 * parameter file (DJL's block format, which carries each block's version). Writes go to a
 * temporary file first and are moved into place, so a crash never leaves a half-written model
 * under the final name. Loading checks, in order: the metadata parses and has the current
 * format; it is what the caller expects; the parameter file has the recorded size and SHA-256;
 * the parameters fit the network.
 */
public final class ModelStore {
  public static final Gson GSON = new GsonBuilder().setPrettyPrinting()
      .serializeSpecialFloatingPointValues().create();

  private ModelStore() {}

  /** Writes the parameters of {@code block} and then {@code meta} (with size and checksum). */
  public static void save(Path dir, Block block, ModelMetadata meta) throws IOException {
    Files.createDirectories(dir);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      block.saveParameters(out);
    }
    byte[] params = bytes.toByteArray();
    meta.paramsBytes = params.length;
    meta.paramsSha256 = sha256(params);
    writeAtomically(dir.resolve(meta.paramsFile), params);
    writeMetadata(dir, meta);
  }

  public static void writeMetadata(Path dir, ModelMetadata meta) throws IOException {
    writeAtomically(dir.resolve(ModelMetadata.FILE_NAME),
        (GSON.toJson(meta) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  public static ModelMetadata readMetadata(Path dir) throws ModelFileException {
    Path file = dir.resolve(ModelMetadata.FILE_NAME);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ModelFileException(file + " missing: " + dir + " is not a model directory");
    } catch (IOException e) {
      throw new ModelFileException("cannot read " + file + ": " + e.getMessage(), e);
    }
    ModelMetadata meta;
    try {
      meta = GSON.fromJson(text, ModelMetadata.class);
    } catch (JsonParseException e) {
      throw new ModelFileException(file + " is not valid model metadata: " + e.getMessage(), e);
    }
    if (meta == null || meta.scheme == null || meta.dataset == null) {
      throw new ModelFileException(file + " lacks 'scheme' or 'dataset'");
    }
    if (meta.formatVersion != ModelMetadata.CURRENT_FORMAT) {
      throw new ModelFileException(file + " has format version " + meta.formatVersion
          + "; this build reads version " + ModelMetadata.CURRENT_FORMAT);
    }
    try {
      meta.schemeEnum();
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(file + ": " + e.getMessage(), e);
    }
    return meta;
  }

  /**
   * Checks the expectation, the parameter file's size and checksum, then loads the parameters
   * into a freshly built network whose arrays belong to {@code manager}.
   */
  public static Block loadBlock(Path dir, ModelMetadata meta, ModelExpectation expected,
      NDManager manager) throws ModelFileException {
    expected.check(dir, meta);
    Path file = dir.resolve(meta.paramsFile);
    byte[] params;
    try {
      params = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ModelFileException("cannot read parameter file " + file + ": " + e, e);
    }
    if (params.length != meta.paramsBytes) {
      throw new ModelFileException(file + " is " + params.length + " bytes but model.json"
          + " records " + meta.paramsBytes + " (truncated or replaced)");
    }
    String sum = sha256(params);
    if (!sum.equals(meta.paramsSha256)) {
      throw new ModelFileException(file + " has SHA-256 " + sum + " but model.json records "
          + meta.paramsSha256 + " (corrupt or replaced)");
    }
    Block block = Networks.build(meta);
    block.initialize(manager, DataType.FLOAT32, Networks.INPUT_SHAPE);
    // DJL takes each parameter's shape from the file without comparing it with the network,
    // so the shapes the metadata implies are recorded first and checked after loading.
    Map<String, Shape> expectedShapes = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      expectedShapes.put(p.getKey(), p.getValue().getArray().getShape());
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
      block.loadParameters(manager, in);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      throw new ModelFileException(file + " does not fit the " + meta.scheme + " network"
          + " described by model.json: " + e.getMessage(), e);
    }
    for (Pair<String, Parameter> p : block.getParameters()) {
      Shape found = p.getValue().getArray().getShape();
      if (!found.equals(expectedShapes.get(p.getKey()))) {
        throw new ModelFileException(file + " does not fit the " + meta.scheme + " network"
            + " described by model.json: parameter " + p.getKey() + " has shape " + found
            + ", expected " + expectedShapes.get(p.getKey()));
      }
    }
    return block;
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static void writeAtomically(Path target, byte[] data) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(tmp, data);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
