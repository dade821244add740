#pragma once
// Typed errors of the calibration (engine/errors.hpp has the base classes).
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "errors.hpp"

namespace fundsim::calibration {

// What the history matching found closest to the data, carried by NoPlausibleRegion so that
// a caller can print or store it.
struct ImplausibilityDiagnostics {
  std::size_t wave = 0;                           // the wave that was evaluated last
  double cutoff = 0;                              // the target cut-off (3 by default)
  double reached_cutoff = 0;                      // the adaptive cut-off the waves got down to
  double best_kth_implausibility = 0;             // the smallest k-th largest implausibility seen
  std::vector<double> best_point;                 // its u-point
  std::vector<std::string> labels;                // observation labels, as in the targets
  std::vector<double> best_point_implausibility;  // per observation, at the best point
};

// No parameter point reproduces the observations within the cut-off (or, in the posterior
// step, every particle has zero likelihood). The message names the observations that do not
// fit and gives advice: check the data, widen the model discrepancy, widen the priors.
class NoPlausibleRegion : public Error {
 public:
  NoPlausibleRegion(const std::string& message, ImplausibilityDiagnostics diagnostics)
      : Error(message), diagnostics_(std::move(diagnostics)) {}
  const ImplausibilityDiagnostics& diagnostics() const { return diagnostics_; }

 private:
  ImplausibilityDiagnostics diagnostics_;
};

// The posterior step cannot finish within its simulation budget or step limit. The state
// passed to advance() is unchanged, so a caller may raise the limit and resume from it.
class CalibrationBudgetExhausted : public Error {
 public:
  using Error::Error;
};

// Bytes that are not a calibration state of this version (truncated, damaged, other format).
class CorruptCalibrationState : public Error {
 public:
  using Error::Error;
};

}  // namespace fundsim::calibration
