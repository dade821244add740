#pragma once
// One `fundsim calibrate` from study to published posterior file (docs/calibration.md §3): read
// the observations, history-match and sample the posterior with the calibration core, saving the
// state after every wave and step (a killed calibration resumes bitwise), then simulate the
// posterior-predictive draws and write the file whole or not at all. The CLI calls this; exit
// codes stay in the CLI.
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "calibrate/calibration_data.hpp"
#include "calibrate/calibration_file.hpp"
#include "calibration/settings.hpp"
#include "study/study.hpp"

namespace fundsim {

struct CalibratePlan {
  std::string data_path;              // --data; empty: the study's [calibration] observations
  std::optional<double> discrepancy;  // replaces the study's
  std::string output_path;
  bool overwrite = false;  // replace the output and discard a saved state
  bool resume = false;     // continue from the saved state beside the output
  unsigned threads = 1;
  // seed, replicates per point, history matching and posterior settings; `dimensions` is set
  // from the study.
  calibration::CalibrationSettings settings;
  std::uint64_t max_simulations = 0;  // all trajectories together; 0: the settings' limits
  std::string command_line;
};

// One line per wave and per step ("wave 2: …"), and notices (resuming, state kept).
using CalibrationNotice = std::function<void(const std::string&)>;

struct CalibrateResult {
  CalibrationData data;
  CalibrationOutcome outcome;
  bool resumed = false;
  std::uint64_t trajectories = 0;  // simulated by this process
};

// Throws InputError (data, settings, a saved state of another calibration),
// calibration::NoPlausibleRegion (no point fits: the saved state is removed),
// calibration::CalibrationBudgetExhausted and Interrupted (the saved state is kept: resume),
// OutputError.
CalibrateResult run_calibration(const Study& study, const CalibratePlan& plan,
                                const std::atomic<int>* stop, const CalibrationNotice& notice);

}  // namespace fundsim
