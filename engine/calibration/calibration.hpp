#pragma once
// Calibration of the engine's uncertain parameters to observed series, as a deterministic state
// machine (the engine-independent core; the simulator is a callback):
//
//   1. History matching in waves (Vernon et al. 2010; Andrianakis et al. 2015). Wave 1 is a
//      Latin hypercube in u-space; each later wave samples a kernel density estimate of the
//      region the previous wave kept. Each wave keeps the points whose k-th largest
//      implausibility is at most an adaptive cut-off that falls to the target cut-off (3), and
//      stops when the non-implausible volume stops changing, the wave limit or the budget is
//      reached. If the cut-off cannot be reached, NoPlausibleRegion explains which observations
//      do not fit.
//   2. Posterior: a tempered SMC sampler with pseudo-marginal Metropolis–Hastings moves, started
//      from the last region's proposal, ending with `particles` equally weighted posterior draws
//      (see tempering.hpp). Each step records its temperature, ESS and acceptance rate.
//
// Each advance() runs one wave or one posterior step. On an exception the state is unchanged.
#include <cstdint>
#include <functional>
#include <vector>

#include "calibration/calibration_state.hpp"
#include "calibration/observation_model.hpp"
#include "calibration/settings.hpp"
#include "calibration/simulation_batch.hpp"

namespace fundsim::calibration {

// Called after every completed wave or step with the new state (e.g. to persist it).
using StepHook = std::function<void(const CalibrationState& state)>;

class Calibration {
 public:
  // Validates the settings and targets (InputError).
  Calibration(CalibrationSettings settings, std::vector<Target> targets);

  const CalibrationSettings& settings() const { return settings_; }
  const std::vector<Target>& targets() const { return targets_; }
  std::uint64_t identity() const { return identity_; }

  // The state before wave 1.
  CalibrationState start() const;
  static bool finished(const CalibrationState& state) { return state.phase == Phase::done; }

  // Runs one wave or one posterior step (nothing once finished). Throws NoPlausibleRegion,
  // CalibrationBudgetExhausted, whatever the simulator throws, or InputError if the state
  // belongs to other settings or targets; the state is then unchanged.
  void advance(CalibrationState& state, const BatchSimulator& simulate) const;

  // start() and advance() until finished, calling `after_step` after each advance.
  CalibrationState run(const BatchSimulator& simulate, const StepHook& after_step = {}) const;
  // advance() from a saved state until finished: bitwise the state run() would have reached.
  CalibrationState resume(CalibrationState state, const BatchSimulator& simulate,
                          const StepHook& after_step = {}) const;

  // InputError unless `state` was made with these settings and targets.
  void check_resumable(const CalibrationState& state) const;

 private:
  void history_wave(CalibrationState& state, const BatchSimulator& simulate) const;
  void initial_particles(CalibrationState& state, const BatchSimulator& simulate) const;
  void tempering_step(CalibrationState& state, const BatchSimulator& simulate) const;

  CalibrationSettings settings_;
  std::vector<Target> targets_;
  std::uint64_t identity_;
};

// The posterior draws of a finished calibration: `size` equally weighted u-points.
struct PosteriorSample {
  std::size_t dimensions = 0;
  std::size_t size = 0;
  std::vector<double> points;                           // size x dimensions
  std::vector<double> log_likelihood;                   // the estimate each draw carries
  std::vector<double> coordinate(std::size_t j) const;  // one parameter's draws
};
// Throws fundsim::Error if the calibration has not finished.
PosteriorSample posterior_sample(const CalibrationState& state);

}  // namespace fundsim::calibration
