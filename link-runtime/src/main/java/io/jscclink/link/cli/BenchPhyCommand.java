package io.jscclink.link.cli;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jscclink.phy.bench.RxThroughput;
import io.jscclink.phy.frame.PhyConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jscc-link bench phy}: throughput of phy's receive chain on one thread at 4 samples per
 * symbol, and the GNU Radio 3.10 reference flowgraph (matched filter, decimation, slicer) on the
 * same input file, when GNU Radio is installed.
 */
@Command(
    name = "phy",
    mixinStandardHelpOptions = true,
    description = {
      "Receive-chain throughput (detection, sync, matched filter, estimation, equalisation, LLRs)"
          + " on one thread, in Msamples per CPU second, against GNU Radio on the same input.",
      "JSON keys: rx_msps, rx_msps_wall, samples, frames_sent, frames_delivered; with GNU Radio"
          + " also gnuradio_msps, gnuradio_msps_wall, ratio (rx_msps / gnuradio_msps),"
          + " gnuradio_version."
    })
final class BenchPhyCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object.")
  private boolean json;

  @Option(names = "--frames", defaultValue = "40", description = "Frames in the input [${DEFAULT-VALUE}].")
  private int frames;

  @Option(names = "--payload-bits", defaultValue = "2000", description = "BPSK payload bits per frame [${DEFAULT-VALUE}].")
  private int payloadBits;

  @Option(names = "--snr-db", defaultValue = "10", description = "Es/N0 of the input, dB [${DEFAULT-VALUE}].")
  private double snrDb;

  @Option(names = "--seconds", defaultValue = "5", description = "Measuring time for our receiver, s [${DEFAULT-VALUE}].")
  private double seconds;

  @Option(names = "--block", defaultValue = "16384", description = "Samples per receiver call [${DEFAULT-VALUE}].")
  private int block;

  @Option(names = "--gnuradio-samples", defaultValue = "50000000",
      description = "Samples GNU Radio processes per run (the file repeats) [${DEFAULT-VALUE}].")
  private long gnuradioSamples;

  @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with GNU Radio [${DEFAULT-VALUE}].")
  private String python;

  @Option(names = "--no-gnuradio", description = "Skip the GNU Radio reference.")
  private boolean noGnuradio;

  @Override
  public Integer call() throws Exception {
    if (frames < 1 || frames > 10_000) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--frames must be in [1, 10000], got " + frames);
    }
    if (payloadBits < 1 || payloadBits > PhyConfig.defaults().maxPayloadSymbols()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--payload-bits must be in [1, " + PhyConfig.defaults().maxPayloadSymbols() + "], got " + payloadBits);
    }
    if (!(seconds > 0 && seconds <= 600) || block < 1 || gnuradioSamples < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--seconds must be in (0, 600], --block and --gnuradio-samples >= 1");
    }
    PhyConfig config = PhyConfig.defaults();
    RxThroughput.Workload workload = RxThroughput.workload(config, frames, payloadBits, snrDb, 1);
    RxThroughput.Result rx = RxThroughput.measure(config, workload, block, seconds);

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rx_msps", rx.msps());
    out.put("rx_msps_wall", rx.wallMsps());
    out.put("samples", rx.samples());
    out.put("frames_sent", rx.framesSent());
    out.put("frames_delivered", rx.framesDelivered());
    String note = null;
    if (!noGnuradio) {
      Path file = Files.createTempFile("jscc-bench-phy", ".c64");
      try {
        RxThroughput.writeComplex64(workload, file);
        JsonObject gr = runGnuradio(file, config);
        if (gr.has("gnuradio_msps")) {
          double grMsps = gr.get("gnuradio_msps").getAsDouble();
          out.put("gnuradio_msps", grMsps);
          out.put("gnuradio_msps_wall", gr.get("gnuradio_msps_wall").getAsDouble());
          out.put("ratio", rx.msps() / grMsps);
          out.put("gnuradio_version", gr.get("gnuradio_version").getAsString());
        } else {
          note = gr.has("error") ? gr.get("error").getAsString() : "GNU Radio reference gave no figure";
        }
      } finally {
        Files.deleteIfExists(file);
      }
    }
    PrintWriter w = spec.commandLine().getOut();
    if (json) {
      w.println(new Gson().toJson(out));
    } else {
      w.printf("phy RX chain, 1 thread, %d sps: %.2f Msamples/s per CPU second (%.2f wall-clock), %d/%d frames%n",
          config.samplesPerSymbol(), rx.msps(), rx.wallMsps(), rx.framesDelivered(), rx.framesSent());
      if (out.containsKey("gnuradio_msps")) {
        w.printf("GNU Radio %s (matched filter, decimation, slicer): %.2f Msamples/s per CPU second (%.2f wall-clock)%n",
            out.get("gnuradio_version"), out.get("gnuradio_msps"), out.get("gnuradio_msps_wall"));
        w.printf("ratio (ours / GNU Radio, per CPU second): %.3f%n", out.get("ratio"));
      } else if (note != null) {
        w.println("GNU Radio reference skipped: " + note);
      }
    }
    w.flush();
    return 0;
  }

  /** Runs scripts/bench-gnuradio.py; returns its JSON, or {"error": …} when it cannot run. */
  private JsonObject runGnuradio(Path file, PhyConfig config) throws IOException, InterruptedException {
    Path script = Path.of(System.getProperty("jscclink.home", "."), "scripts", "bench-gnuradio.py");
    JsonObject error = new JsonObject();
    if (!Files.isRegularFile(script)) {
      error.addProperty("error", "script not found: " + script);
      return error;
    }
    if (!Files.isExecutable(Path.of(python))) {
      error.addProperty("error", "no Python at " + python + " (GNU Radio: scripts/setup --gnuradio)");
      return error;
    }
    ProcessBuilder pb = new ProcessBuilder(List.of(python, script.toString(), file.toString(),
        "--sps", Integer.toString(config.samplesPerSymbol()), "--rolloff", Double.toString(config.rollOff()),
        "--span", Integer.toString(config.filterSpanSymbols()), "--samples", Long.toString(gnuradioSamples)));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String text;
    try (InputStream in = p.getInputStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      error.addProperty("error", "GNU Radio reference timed out");
      return error;
    }
    String last = text.strip();
    int nl = last.lastIndexOf('\n');
    last = nl >= 0 ? last.substring(nl + 1) : last;
    try {
      return JsonParser.parseString(last).getAsJsonObject();
    } catch (RuntimeException e) {
      error.addProperty("error", "GNU Radio reference failed (exit " + p.exitValue() + "): " + last);
      return error;
    }
  }
}
