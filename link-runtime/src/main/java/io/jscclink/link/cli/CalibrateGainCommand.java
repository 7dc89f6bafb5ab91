package io.jscclink.link.cli;

import com.google.gson.GsonBuilder;
import io.jscclink.calibration.capture.CalibrationRig;
import io.jscclink.calibration.capture.PilotCapture;
import io.jscclink.calibration.gain.GainSweep;
import io.jscclink.calibration.gain.GainTable;
import io.jscclink.calibration.report.HtmlReport;
import io.jscclink.phy.frame.PhyConfig;
import io.jscclink.sdr.sim.SimulatedDevice;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jscc-link calibrate gain}: pilot frames at every TX (and RX) gain setting through the
 * sidecar, the received SNR tabulated, so that {@code link --target-snr} can choose a gain.
 */
@Command(name = "gain", mixinStandardHelpOptions = true,
    description = "Tabulate the received SNR over TX (and RX) gain settings.")
final class CalibrateGainCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin CalibrationOptions options = new CalibrationOptions();
  @Mixin ChannelOptions channel = new ChannelOptions();

  @Option(names = "--tx-gains", split = ",", defaultValue = "0,5,10,15,20,25,30,35,40,45",
      paramLabel = "DB", description = "TX gains to measure (default ${DEFAULT-VALUE}).")
  double[] txGains;

  @Option(names = "--rx-gains", split = ",", paramLabel = "DB",
      description = "RX gains to measure (default: the device's default, sim 30, hackrf 20).")
  double[] rxGains;

  @Option(names = "--tx-stage", description = "TX gain stage (default: sim tx, hackrf txvga).")
  String txStage;

  @Option(names = "--rx-stage", description = "RX gain stage (default: sim rx, hackrf vga).")
  String rxStage;

  @Option(names = "--tx-step", defaultValue = "1", paramLabel = "DB",
      description = "Step of the TX stage, dB (default ${DEFAULT-VALUE}).")
  double txStepDb;

  @Option(names = "--snr", defaultValue = "0", paramLabel = "DB",
      description = "Simulated device: Es/N0 at the reference TX gain ("
          + "20 dB), dB (default ${DEFAULT-VALUE}).")
  double snrDb;

  @Option(names = "--frames", defaultValue = "100",
      description = "Frames per setting (default ${DEFAULT-VALUE}).")
  int frames;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (options.device.startsWith("sigmf:")) {
      err.println("jscc-link calibrate gain: a recording has no gains to set; use --device sim"
          + " or hackrf");
      return 2;
    }
    boolean sim = options.device.equals("sim");
    String tx = txStage != null ? txStage : sim ? "tx" : "txvga";
    String rx = rxStage != null ? rxStage : sim ? "rx" : "vga";
    double[] rxList = rxGains != null ? rxGains
        : new double[] {sim ? SimulatedDevice.RX_REFERENCE_DB : 20};
    PhyConfig phy = PhyConfig.defaults();
    GainTable table;
    int total = txGains.length * rxList.length;
    try (CalibrationRig rig = options.openRig(phy)) {
      int spacing = rig.capture().frameSamples(options.knownSymbols);
      PilotCapture.Plan plan = new PilotCapture.Plan(frames, options.knownSymbols, 50, spacing);
      var progress = CalibrationOptions.progress(err, "gain", total, "settings");
      table = GainSweep.run(rig, tx, rx, txStepDb, txGains, rxList,
          rig.atEsN0(channel.emulation(snrDb, phy), snrDb, plan), plan,
          sim ? g -> snrDb + g - SimulatedDevice.TX_REFERENCE_DB : null,
          (i, p) -> progress.accept(i + 1));
      err.println();
    } catch (IllegalArgumentException e) {
      err.println("jscc-link calibrate gain: " + e.getMessage());
      return 2;
    }
    Files.createDirectories(options.out);
    Path file = options.out.resolve("gain-table.json");
    table.save(file);
    HtmlReport report = new HtmlReport("Gain calibration");
    report.paragraph(String.format(Locale.ROOT, "%d pilot frames per setting over %s (%s)."
        + " The runtime's --target-snr interpolates between the settings where at least %d %%"
        + " of frames arrived.%s", frames, options.device, table.device(),
        Math.round(100 * GainTable.RELIABLE_DETECTION), sim ? String.format(Locale.ROOT,
            " Simulated device: Es/N0 %.1f dB at TX gain %.0f dB; the dashed line is the path"
            + " SNR it applies.", snrDb, SimulatedDevice.TX_REFERENCE_DB) : ""));
    GainSweep.writeTo(table, report);
    Path html = options.out.resolve("gain-report.html");
    report.write(html);

    Map<String, Object> o = new LinkedHashMap<>();
    o.put("command", "calibrate gain");
    o.put("device", options.device);
    o.put("tx_stage", tx);
    o.put("rx_stage", rx);
    o.put("frames_per_point", frames);
    o.put("points", table.points());
    o.put("table", file.toString());
    o.put("report", html.toString());
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      out.println(new GsonBuilder().serializeNulls().create().toJson(o));
    } else {
      for (GainTable.Point p : table.points()) {
        out.printf(Locale.ROOT, "%s %5.1f dB  %s %5.1f dB  SNR %s ± %s dB  %d/%d frames%n",
            tx, p.txGainDb, rx, p.rxGainDb, LinkCommand.f(orNaN(p.snrDbEst), "%6.2f"),
            LinkCommand.f(orNaN(p.snrDbEstStd), "%.2f"), p.framesDetected, p.framesSent);
      }
      out.printf("table %s; report %s%n", file, html);
    }
    out.flush();
    return 0;
  }

  private static double orNaN(Double v) {
    return v == null ? Double.NaN : v;
  }
}
