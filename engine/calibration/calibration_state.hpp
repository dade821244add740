#pragma once
// The whole state of a calibration between two steps, as a plain value. The calibration is a
// deterministic state machine: Calibration::advance(state) runs one history-matching wave or
// one posterior step and depends on nothing but the state, the settings, the targets and the
// simulator's outputs, so persisting the state after each step (encode_state) and resuming from
// it gives bitwise the results of an uninterrupted run.
#include <cstdint>
#include <vector>

namespace fundsim::calibration {

enum class Phase : std::uint8_t { history_matching = 0, posterior = 1, done = 2 };
// Why history matching ended (running while it has not).
enum class HistoryStop : std::uint8_t { running = 0, converged = 1, max_waves = 2, budget = 3 };

// One history-matching wave. n points, d dimensions, m replicates, J observations.
struct WaveRecord {
  std::vector<double> points;                // n x d
  std::uint64_t first_stream = 0;            // point i, replicate r used stream first + i*m + r
  std::vector<double> outputs;               // n x m x J (SimulationBatch layout)
  std::vector<double> log_proposal_density;  // n: log mixture density (0: the Latin hypercube)
  std::uint64_t proposal_draws = 0;          // draws made, outside the cube included (0: LHS)
  std::vector<double> implausibility;        // n x J
  std::vector<double> kth_implausibility;    // n
  double cutoff = 0;                         // this wave's (adaptive) cut-off
  std::uint64_t kept = 0;                    // points with k-th implausibility <= cutoff
  double volume = 0;                         // estimated share of the unit cube below the cut-off
  double volume_se = 0;                      // its standard error
  std::uint64_t simulations = 0;
};

// One posterior step (step 0 draws the initial particles).
struct StepRecord {
  double temperature = 0;         // after the step (1 = the posterior)
  double ess = 0;                 // effective sample size after reweighting, before resampling
  double acceptance = 0;          // Metropolis–Hastings acceptance rate over the step's moves
  std::uint64_t moves = 0;        // moves made
  std::uint64_t simulations = 0;  // trajectories simulated in the step
};

// Equally weighted particles (each step ends with resampling and moves).
struct ParticleSet {
  std::vector<double> points;                // N x d
  std::vector<std::uint64_t> first_stream;   // the streams of each particle's current outputs
  std::vector<double> outputs;               // N x m x J of those replicates
  std::vector<double> log_likelihood;        // N: log of the replicate-averaged likelihood
  std::vector<double> log_proposal_density;  // N: log density of the initial proposal
};

struct CalibrationState {
  std::uint64_t identity = 0;  // identity_digest of the settings and targets
  std::uint64_t dimensions = 0, replicates = 0, observations = 0;
  Phase phase = Phase::history_matching;
  HistoryStop history_stop = HistoryStop::running;
  std::uint64_t next_stream = 0;  // first unused simulator stream id
  std::uint64_t history_simulations = 0;
  std::uint64_t posterior_simulations = 0;
  std::vector<WaveRecord> waves;
  double temperature = 0;
  ParticleSet particles;
  std::vector<StepRecord> steps;
};

}  // namespace fundsim::calibration
