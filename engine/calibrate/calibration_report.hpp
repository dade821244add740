#pragma once
// What `fundsim calibrate --report FILE` prints (docs/calibration.md §4): per parameter its prior
// and posterior median and 90% interval and how much the data narrowed it; per observation the
// observed value against its posterior-predictive median and 90% interval, and whether the
// interval covers it.
#include <string>
#include <vector>

namespace fundsim {

struct Interval {
  double median = 0, p5 = 0, p95 = 0;
};

struct ParameterReport {
  std::string name;
  bool calibrated = true;  // false: no observation depends on it (its posterior is its prior)
  Interval prior, posterior;
  // 1 - (posterior 90% width / prior 90% width): 0 = the data did not narrow it, 1 = pinned.
  double shrinkage = 0;
};

struct ObservationReport {
  std::string series, period, metric, source;
  double value = 0;
  Interval prior_predictive, predictive;
  bool covered = false;  // predictive.p5 <= value <= predictive.p95
};

struct CalibrationReport {
  std::string path, study, observations_file, history_stop;
  std::size_t draws = 0, waves = 0, steps = 0;
  double history_simulations = 0, posterior_simulations = 0, seconds = 0;
  std::vector<ParameterReport> parameters;  // calibrated first (study order), then prior-only
  std::vector<ObservationReport> observations;
};

// InputError if `path` is not a calibration file.
CalibrationReport read_calibration_report(const std::string& path);

}  // namespace fundsim
