#pragma once
// A running calibration's state, saved beside its output after every wave and posterior step so
// that a killed calibration resumes (`fundsim calibrate … --resume`) with bitwise the posterior
// of an uninterrupted one (docs/calibration.md §3). The file DIR/.NAME.calibration-state holds
//   "fundsim calibration resume 1\n", then one "key value\n" line each for what must agree to
//   resume (the study's and the observations' SHA-256, the seed, the build, the calibrated
//   parameters), an empty line, and the core's encoded state (calibration/state_codec.hpp, with
//   its own CRC-64).
// It is written whole or not at all (a temporary beside it, fsync, rename), like a run's
// checkpoints (run/checkpoint.hpp).
#include <optional>
#include <string>
#include <vector>

#include "calibration/calibration_state.hpp"

namespace fundsim {

std::string saved_state_path(const std::string& output_path);

// What must agree for a saved state to be resumed, as (key, value) lines.
struct StateIdentity {
  std::vector<std::pair<std::string, std::string>> fields;
  // The first difference in words, or "" when they agree.
  std::string difference(const StateIdentity& saved) const;
};

void save_state(const std::string& path, const StateIdentity& identity,
                const calibration::CalibrationState& state);

struct SavedState {
  StateIdentity identity;
  calibration::CalibrationState state;
};
// Nothing if there is no file; InputError if it is damaged or not a calibration's state.
std::optional<SavedState> load_state(const std::string& path);

}  // namespace fundsim
