#pragma once
// The calibration's simulator (engine/calibration/README.md, "Callback"): a batch of u-points of
// the calibrated parameters becomes explicit replicates of the study's baseline scenario, run by
// run/evaluate with stream ids first_stream + r, and each replicate's monthly series give the
// simulated value of every observation. Only the baseline is simulated, over the history and as
// many policy months as the last observation needs, with no objectives. Every value depends only
// on its u-point and stream id, so the thread count changes no bit.
#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

#include "calibrate/calibrated_parameters.hpp"
#include "calibrate/calibration_data.hpp"
#include "calibration/simulation_batch.hpp"
#include "run/evaluate.hpp"
#include "study/study.hpp"

namespace fundsim {

// Policy months the calibration simulates: up to the last observed month, at least 1 (a run
// has at least one policy month), at most the study's horizon.
int calibration_policy_months(const Study& study, calibration::Month last_observed);

// The study reduced to what the calibration simulates: its baseline scenario alone (as a named
// scenario, so its monthly series reach the sink), `policy_months` months, no objectives.
Study calibration_study(const Study& study, int policy_months);

class StudySimulator {
 public:
  // `stop`: a stop request (signal number once set) ends a batch with Interrupted.
  StudySimulator(const Study& study, const CalibrationData& data, const ParameterSplit& split,
                 std::uint64_t seed, unsigned threads, const std::atomic<int>* stop = nullptr);

  // The core's BatchSimulator.
  void operator()(const calibration::SimulationBatch& batch, std::span<double> outputs) const;

  // The full study's parameter vectors (u) of `points` (rows of calibrated u-values): fixed and
  // prior-only parameters at 0.5 (they do not change the simulated observations).
  std::vector<double> study_uniforms(std::span<const double> points) const;

  const Study& study() const { return reduced_; }
  std::size_t dimensions() const { return calibrated_.size(); }
  std::uint64_t trajectories() const { return trajectories_.load(); }

 private:
  Study reduced_;
  std::vector<std::size_t> calibrated_;
  std::vector<calibration::Observation> observations_;
  std::vector<MonthlySeries> series_;   // distinct (metric, class) series observed
  std::vector<std::size_t> series_of_;  // per observation: index into series_
  calibration::Month first_month_;
  std::uint64_t seed_;
  unsigned threads_;
  const std::atomic<int>* stop_;
  mutable std::atomic<std::uint64_t> trajectories_{0};
};

}  // namespace fundsim
