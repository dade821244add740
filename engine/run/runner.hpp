#pragma once
// Runs every scenario of a study on the same replicates (common random numbers), in
// parallel over blocks of replicates pulled from a shared counter. Results do not depend on
// the thread count: per-replicate values depend only on (seed, replicate), per-replicate
// output goes to fixed positions, and summaries are exact integer sums.
#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "analysis/paired_difference.hpp"
#include "analysis/scenario_summary.hpp"
#include "model/trajectory_block.hpp"
#include "run/replicate_ranges.hpp"
#include "study/study.hpp"

namespace fundsim {

struct RunProgress {
  std::uint64_t done = 0;  // replicate-months simulated (over all scenarios)
  std::uint64_t total = 0;
  double seconds = 0.0;
};

struct RunResults;

struct RunOptions {
  std::uint64_t replicates = 0;
  std::uint64_t seed = 0;
  unsigned threads = 1;
  bool central = false;       // every distribution at its median
  bool summary_only = false;  // no per-replicate output at all
  // Every scenario gets its own parameter draws and random streams (seed
  // independent_seed(seed, s); the baseline keeps `seed`): a naive study without common
  // random numbers, to measure what they are worth. Stored parameters are the baseline's.
  bool independent = false;
  // Anchor the quantile histograms of a fresh run at quantiles of a pilot of replicates
  // 0..63 (AnchoredHistogram; the same anchors in every thread count, rank, shard or resume).
  bool anchor_histograms = true;
  // Replicates to simulate (a shard's range); empty means all of 0..replicates-1. Replicates
  // already in the starting results are skipped.
  ReplicateRanges only;
  const std::atomic<int>* stop = nullptr;  // signal number once a stop is requested, else 0
  std::function<void(const RunProgress&)> on_progress;  // called from the calling thread
  // Called from the calling thread about every checkpoint_seconds (> 0) while the workers are
  // paused between blocks: the results then cover exactly results.completed.
  double checkpoint_seconds = 0;
  std::function<void(const RunResults&)> on_checkpoint;
};

// Receives per-replicate output. Called from worker threads; implementations serialise.
class BlockSink {
 public:
  virtual ~BlockSink() = default;
  virtual void write_trajectories(std::size_t scenario, const TrajectoryBlock& block) = 0;
  // values: replicates x parameters, row-major.
  virtual void write_parameters(std::uint64_t first_replicate, std::size_t replicates,
                                std::span<const double> values) = 0;
};

struct RunResults {
  ReplicateRanges completed;               // the replicates the summaries hold
  std::vector<ScenarioSummary> summaries;  // one per scenario
  // One per scenario: scenario − baseline, paired by replicate (the baseline's is all zeros).
  std::vector<PairedDifferenceSummary> differences;
  std::uint64_t replicate_months = 0;  // scenarios x replicates x months
  double seconds = 0.0;
};

// The seed scenario `scenario` uses under RunOptions::independent (a SplitMix64 hash of both).
std::uint64_t independent_seed(std::uint64_t seed, std::size_t scenario);

// Which scenarios keep per-replicate arrays: all but sweep points, none when summary_only.
std::vector<bool> replicate_storage_plan(const Study& study, bool summary_only);

// Throws Interrupted if *options.stop becomes true; rethrows the first worker error.
// `start`, if not empty, holds the summaries of replicates completed earlier (a resumed
// checkpoint); the returned results add the new replicates to them.
RunResults run_study(const Study& study, const RunOptions& options, BlockSink* sink,
                     RunResults start = {});

}  // namespace fundsim
