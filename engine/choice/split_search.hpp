#pragma once
// The split of a budget over chosen levers that is best for one objective (docs/decision.md §4),
// by sample-average approximation on common-random-number replicates of the model: every
// candidate split is scored (the objective's risk measure) on the same N replicates, so the
// comparison between splits is paired; the bounded-simplex search of
// engine/decision/split_optimiser.hpp finds the best (a coarse grid, then NLopt Sbplx); the
// finalists are then scored again on fresh replicates, because the winner of a noisy search
// looks better than it is (the optimiser's curse; Smith & Winkler 2006, Management Science 52),
// and compared with the baseline and every named scenario on those replicates.
#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "analysis/paired_statistics.hpp"
#include "decision/direction.hpp"
#include "decision/split_optimiser.hpp"
#include "run/runner.hpp"
#include "study/study.hpp"

namespace fundsim::choice {

// How far below the best a split may score and still count as near-optimal.
struct Tolerance {
  double value = 0.05;
  // true: a share of the best split's gain over the baseline (|score(best) - score(baseline)|);
  // false: in the objective's units (for p_beat: a probability).
  bool relative = true;
};

struct SplitSearchSettings {
  std::size_t objective = 0;        // index into Study::objectives
  std::vector<std::size_t> levers;  // the levers funded (study indices); the others get 0
  decision::ShareBounds bounds;     // one entry per element of `levers`
  double budget = 0.0;              // the study's currency over the duration, > 0
  int start_month = 0;
  int duration_months = 12;
  std::uint64_t replicates = 1000;     // search replicates: the study's design under `seed`
  std::uint64_t fresh_replicates = 0;  // for the finalists; 0: as many as `replicates`
  std::uint64_t seed = 0;
  bool central = false;  // every uncertain parameter at its median (the model stays random)
  // The replicates' parameter design for a seed (search and fresh replicates each have theirs),
  // e.g. the posterior of `--parameters posterior.h5` (calibrate/posterior_design.hpp); empty:
  // the study's own design.
  std::function<std::shared_ptr<const ReplicateDesign>(std::uint64_t seed)> design;
  std::string parameters_file, parameters_sha256;  // the posterior, recorded in the file
  unsigned threads = 1;                            // the results do not depend on it
  decision::SplitOptions search;
  // Best splits of the search scored again, each at least half a grid step from the others.
  std::size_t finalists = 10;
  Tolerance tolerance;
};

// A candidate's score: the objective's risk measure with its Monte Carlo standard error.
struct ScoredSplit {
  decision::Shares shares;  // per element of SplitSearchSettings::levers
  decision::Estimate score;
  decision::Phase phase = decision::Phase::grid;
  int start = -1;  // refinement start, -1 on the grid
};

struct Finalist {
  std::size_t candidate = 0;  // index into SplitSearchResult::evaluated
  decision::Estimate score;   // on the fresh replicates
  double expected_loss = 0;   // how much worse than the best finalist, >= 0, objective units
  // Its standard error, paired on the fresh replicates (risk measure mean; NaN otherwise).
  double expected_loss_se = 0;
  double p_best = 0;          // share of fresh replicates where it is the best finalist
  bool near_optimal = false;  // expected_loss <= the tolerance
};

// The best split against a named scenario, replicate by replicate on the fresh replicates.
struct Comparison {
  std::size_t scenario = 0;     // study index
  decision::Estimate score;     // the scenario's own score
  PairedStatistics difference;  // best split - scenario (objective values)
};

struct SplitSearchResult {
  std::vector<ScoredSplit> evaluated;  // every distinct split scored in the search, in order
  std::size_t search_best = 0;         // the search's best (index into evaluated)
  std::size_t grid_points = 0;
  std::vector<Finalist> finalists;  // in the order of their search score
  std::size_t best = 0;             // index into finalists: the best on the fresh replicates
  double tolerance = 0;             // in the objective's units
  std::uint64_t fresh_seed = 0;
  std::uint64_t fresh_replicates = 0;
  Eigen::MatrixXd finalist_values;        // fresh replicates x finalists, objective values
  std::vector<Comparison> comparisons;    // named scenarios, in study order
  Eigen::MatrixXd comparison_values;      // fresh replicates x comparisons
  std::uint64_t scenario_replicates = 0;  // scenario-replicates simulated, search and fresh
  double seconds = 0;
};

// The seed of the fresh replicates: SplitMix64 (Steele, Lea & Flood 2014) of the search seed
// xor a fixed constant, so they share nothing with the search replicates.
std::uint64_t fresh_seed(std::uint64_t seed);

// +1 when a higher score is better (maximise, or p_beat), -1 when lower is.
double score_sign(const Objective& objective);

// The objective's risk measure over one option's per-replicate values (`reference`: the values
// of the objective's reference scenario on the same replicates, for p_beat).
decision::Estimate objective_score(const Objective& objective, const Eigen::VectorXd& values,
                                   const Eigen::VectorXd* reference);

// Scores splits on a fixed set of replicates: the search's, the fresh ones, or (for tests) any
// other. One evaluate() call per batch: the splits of a batch share each replicate's parameter
// draws, history and random numbers.
class SplitEvaluator {
 public:
  // Throws InputError for settings that do not describe a split of the study's levers.
  SplitEvaluator(const Study& study, const SplitSearchSettings& settings, std::uint64_t replicates,
                 std::uint64_t seed, const RunHooks& hooks = {});
  // Scores of `splits`; with `values`, also their per-replicate objective values (replicates x
  // splits) and those of `with` (named scenarios of the study, replicates x with.size()).
  std::vector<decision::Estimate> score(std::span<const decision::Shares> splits,
                                        Eigen::MatrixXd* values = nullptr,
                                        const std::vector<std::size_t>& with = {},
                                        Eigen::MatrixXd* with_values = nullptr);
  std::uint64_t scenario_replicates() const { return scenario_replicates_; }

 private:
  const Study& study_;
  const SplitSearchSettings& settings_;
  std::uint64_t replicates_, seed_;
  RunHooks hooks_;  // a copy: the default argument {} is a temporary (a reference would dangle)
  std::shared_ptr<const ReplicateDesign> design_;  // null: the study's design
  std::uint64_t scenario_replicates_ = 0;
};

// Checks the settings against the study (InputError with what is wrong).
void check_split_settings(const Study& study, const SplitSearchSettings& settings);

// The search, the fresh re-evaluation and the comparisons. `progress`, if set, receives one-line
// notes (grid done, each refinement start, the fresh evaluation).
SplitSearchResult search_split(const Study& study, const SplitSearchSettings& settings,
                               const RunHooks& hooks = {},
                               const std::function<void(const std::string&)>& progress = {});

}  // namespace fundsim::choice
