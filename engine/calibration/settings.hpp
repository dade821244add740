#pragma once
// Settings of a calibration. Defaults follow hmer (cut-off 3 on the second-largest
// implausibility) and common SMC practice (resample when the ESS would fall below half).
#include <cstddef>
#include <cstdint>
#include <span>

#include "calibration/observation_model.hpp"

namespace fundsim::calibration {

struct HistoryMatchingSettings {
  std::size_t first_wave_points = 1000;  // Latin hypercube size of wave 1
  std::size_t wave_points = 1000;        // points evaluated in each later wave
  double cutoff = 3.0;                   // on the k-th largest implausibility
  std::size_t kth = 2;                   // k (1 = the maximum)
  // Adaptive cut-off (like pyABC's tolerance schedule): each wave keeps the points whose k-th
  // largest implausibility is at most max(cutoff, its keep_fraction quantile), so the region
  // shrinks wave by wave until it is the non-implausible region proper.
  double keep_fraction = 0.2;
  // Stop once the cut-off is reached, at least min_nonimplausible points of the last wave are
  // non-implausible, and the estimated non-implausible volume changed by at most
  // volume_tolerance (relative) since the previous wave.
  std::size_t min_nonimplausible = 200;
  double volume_tolerance = 0.2;
  // While above the cut-off: give up (NoPlausibleRegion) when no point of a wave reaches the
  // cut-off and the adaptive cut-off fell by less than stall_tolerance (relative) in each of the
  // last two waves.
  double stall_tolerance = 0.02;
  double spread = 1.0;             // multiplies the proposal's Scott bandwidth
  std::size_t max_centres = 1000;  // mixture components at most
  // Limits (not part of the identity: a saved state may be resumed with larger ones).
  std::size_t max_waves = 20;
  std::uint64_t max_simulations = 10'000'000;  // trajectories, replicates included
};

struct PosteriorSettings {
  std::size_t particles = 1000;     // size of the posterior sample
  double ess_fraction = 0.5;        // each tempering step keeps this share of the particles' ESS
  double stuck_probability = 0.01;  // moves per step: a particle stays put with about this chance
  std::size_t max_moves = 30;       // Metropolis–Hastings moves per step at most
  // Limits (not part of the identity).
  std::size_t max_steps = 200;
  std::uint64_t max_simulations = 50'000'000;
};

struct CalibrationSettings {
  std::uint64_t seed = 1;
  std::size_t dimensions = 0;   // uncertain parameters (u-space dimensions)
  std::size_t replicates = 10;  // simulator replicates per point (m >= 2)
  HistoryMatchingSettings history;
  PosteriorSettings posterior;
};

// Throws InputError("calibration setting 'history.keep_fraction': ...") for invalid settings
// or targets (e.g. kth larger than the number of observations, sd <= 0 on a normal target).
void validate(const CalibrationSettings& settings, std::span<const Target> targets);

// A 64-bit digest (CRC-64) of everything that shapes the calibration's path: the settings except
// the limits, and every target. A saved state is only resumed with the same digest.
std::uint64_t identity_digest(const CalibrationSettings& settings, std::span<const Target> targets);

}  // namespace fundsim::calibration
