package io.jscclink.sdr.api;

import io.jscclink.proto.sdr.v1.Capabilities;
import io.jscclink.proto.sdr.v1.DeviceConfig;
import io.jscclink.proto.sdr.v1.Direction;
import io.jscclink.proto.sdr.v1.GainStage;
import io.jscclink.proto.sdr.v1.Range;
import java.util.Map;

/**
 * Checks a {@link DeviceConfig} against a device's {@link Capabilities}. Every rejection names
 * the setting, the value and the allowed range; nothing is clamped or defaulted here.
 */
public final class ConfigValidator {
  private ConfigValidator() {}

  /** Throws INVALID_ARGUMENT for the first setting outside the capabilities. */
  public static void validate(DeviceConfig config, Capabilities caps) throws DeviceException {
    Direction direction = config.getDirection();
    switch (direction) {
      case DIRECTION_RX:
        require(caps.getCanRx(), "direction RX: this device cannot receive");
        break;
      case DIRECTION_TX:
        require(caps.getCanTx(), "direction TX: this device cannot transmit");
        break;
      case DIRECTION_RX_TX:
        require(caps.getFullDuplex(),
            "direction RX_TX: this device is half duplex; choose DIRECTION_RX or DIRECTION_TX");
        break;
      default:
        throw DeviceException.invalid(
            "direction must be DIRECTION_RX, DIRECTION_TX or DIRECTION_RX_TX, got " + direction);
    }
    checkRange("center_frequency_hz", config.getCenterFrequencyHz(), caps.getFrequencyHz(), "Hz");
    checkRange("sample_rate_hz", config.getSampleRateHz(), caps.getSampleRateHz(), "samples/s");
    double bandwidthHz = config.getBandwidthHz();
    if (bandwidthHz != 0) {
      if (caps.getBandwidthStepsHzCount() > 0) {
        boolean found = false;
        for (double step : caps.getBandwidthStepsHzList()) {
          found |= step == bandwidthHz;
        }
        require(found, "bandwidth_hz " + bandwidthHz + " is not a filter step; allowed: 0 (auto) or "
            + caps.getBandwidthStepsHzList() + " Hz");
      } else {
        checkRange("bandwidth_hz", bandwidthHz, caps.getBandwidthHz(), "Hz");
      }
    }
    for (Map.Entry<String, Double> gain : config.getGainsDbMap().entrySet()) {
      GainStage stage = findStage(caps, gain.getKey());
      checkRange("gains_db[" + gain.getKey() + "]", gain.getValue(), stage.getGainDb(), "dB");
    }
  }

  private static GainStage findStage(Capabilities caps, String name) throws DeviceException {
    StringBuilder names = new StringBuilder();
    for (GainStage stage : caps.getGainsList()) {
      if (stage.getName().equals(name)) {
        return stage;
      }
      names.append(names.length() == 0 ? "" : ", ").append(stage.getName());
    }
    throw DeviceException.invalid("unknown gain stage '" + name + "'; this device has "
        + (names.length() == 0 ? "no gain stages" : "stages: " + names));
  }

  /** Checks {@code value} lies in {@code range} and on its step grid. */
  public static void checkRange(String name, double value, Range range, String unit)
      throws DeviceException {
    if (!Double.isFinite(value) || value < range.getMin() || value > range.getMax()) {
      throw DeviceException.invalid(name + " " + value + " is out of range: allowed "
          + describe(range) + " " + unit);
    }
    if (range.getStep() > 0) {
      double steps = (value - range.getMin()) / range.getStep();
      if (Math.abs(steps - Math.rint(steps)) > 1e-9) {
        throw DeviceException.invalid(name + " " + value + " is not on the step grid: allowed "
            + describe(range) + " " + unit);
      }
    }
  }

  /** "min to max" or "min to max in steps of s". */
  public static String describe(Range range) {
    String text = range.getMin() + " to " + range.getMax();
    return range.getStep() > 0 ? text + " in steps of " + range.getStep() : text;
  }

  /** A range message for capabilities. */
  public static Range range(double min, double max, double step) {
    return Range.newBuilder().setMin(min).setMax(max).setStep(step).build();
  }

  private static void require(boolean ok, String message) throws DeviceException {
    if (!ok) {
      throw DeviceException.invalid(message);
    }
  }
}
