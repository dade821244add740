#pragma once
// The file `fundsim calibrate` writes (docs/output-format.md §7): a netCDF-4-compatible HDF5 file
// with root attribute file_kind = "calibration" holding the posterior sample (u and values of
// every calibrated parameter), every history-matching wave's points with their implausibilities,
// the posterior steps, the observations, prior- and posterior-predictive draws of every
// observation, and the provenance (study and observations with their SHA-256, seed, settings,
// command line, version). It is also what `fundsim run --parameters` reads.
#include <cstdint>
#include <string>
#include <vector>

#include "calibrate/calibration_data.hpp"
#include "calibration/calibration_state.hpp"
#include "calibration/settings.hpp"
#include "study/study.hpp"

namespace fundsim {

// Everything the file holds besides the study and the data.
struct CalibrationOutcome {
  calibration::CalibrationSettings settings;
  std::string command_line;
  double seconds = 0;     // wall time of the calibration (this process, resumed parts not)
  int policy_months = 0;  // policy months simulated after the history
  std::vector<std::string> parameters;       // calibrated, in study order
  std::vector<std::string> prior_only;       // uncertain, not informed by the data
  calibration::CalibrationState state;       // finished
  std::vector<double> posterior_values;      // N x d: the parameters' values of each draw
  std::vector<double> posterior_simulated;   // N x J: a fresh replicate of each draw
  std::vector<double> posterior_predictive;  // N x J: with observation error and discrepancy
  std::vector<double> prior_points;          // n x d: wave 1 (a Latin hypercube of the prior)
  std::vector<double> prior_values;          // n x d
  std::vector<double> prior_simulated;       // n x J: replicate 0 of each wave-1 point
  std::vector<double> prior_predictive;      // n x J
  std::uint64_t predictive_simulations = 0;
};

// Writes the file at `path` (which must not exist: the caller publishes it through
// PendingOutput). OutputError on failure.
void write_calibration_file(const std::string& path, const Study& study,
                            const CalibrationData& data, const CalibrationOutcome& outcome);

// A posterior as `fundsim run --parameters` uses it.
struct PosteriorFile {
  std::string path;
  std::string sha256;  // of the file's bytes
  std::string study_name;
  std::vector<std::string> parameters;  // calibrated parameter names
  std::size_t draws = 0;
  std::vector<double> u;       // draws x parameters
  std::vector<double> values;  // draws x parameters
};

// InputError if the file cannot be read or is not a calibration file.
PosteriorFile read_posterior_file(const std::string& path);

}  // namespace fundsim
