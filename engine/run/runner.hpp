#pragma once
// Runs every scenario of a study on the same replicates (common random numbers), in
// parallel over blocks of replicates pulled from a shared counter. Results do not depend on
// the thread count: per-replicate values depend only on (seed, replicate), per-replicate
// output goes to fixed positions, and summaries are exact integer sums.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "results/run_results.hpp"
#include "results/run_spec.hpp"
#include "study/study.hpp"
#include "uncertainty/uniform_source.hpp"

namespace fundsim {

class Hdf5Writer;

struct RunProgress {
  std::uint64_t done = 0;  // replicate-months simulated (over all scenarios)
  std::uint64_t total = 0;
  double seconds = 0.0;
};

// How a run is carried out; nothing here changes a result.
struct Execution {
  unsigned threads = 1;
  // Replicates to simulate (a shard's range); empty means all of 0..replicates-1. Replicates
  // already in the starting results are skipped.
  ReplicateRanges only;
  // Anchor the quantile histograms of a fresh run at quantiles of a pilot of replicates
  // 0..63 (AnchoredHistogram; the same anchors in every thread count, rank, shard or resume).
  bool anchor_histograms = true;
  // Streamed summaries (per month, horizon, paired differences, objectives). Analyses that
  // evaluate designs need only the per-replicate totals the sink receives: false skips them
  // (and their pilot), and the results then hold empty summaries.
  bool summaries = true;
};

// Explicit replicates instead of the study's design: sensitivity designs, calibration waves,
// posterior samples. Replicate r's parameters come from `uniforms` (through each parameter's
// quantile function, overrides included) and its model random numbers from the stream
// StreamKey{seed, streams[r]} (r when `streams` is empty).
struct ReplicateDesign {
  std::shared_ptr<const UniformSource> uniforms;
  std::vector<std::uint64_t> streams;
  std::uint64_t stream(std::uint64_t r) const { return streams.empty() ? r : streams[r]; }
};

// Who watches a run: stop requests, progress, checkpoints. Called from the calling thread.
struct RunHooks {
  const std::atomic<int>* stop = nullptr;  // signal number once a stop is requested, else 0
  std::function<void(const RunProgress&)> on_progress;
  // Returning false ends the run early, between blocks, without an error: the results then
  // hold exactly the completed replicates (results.completed). For timed pilots.
  std::function<bool(const RunProgress&)> keep_going;
  // Called about every checkpoint_seconds (> 0) while the workers are paused between blocks:
  // the results then cover exactly results.completed.
  double checkpoint_seconds = 0;
  std::function<void(const RunResults&)> on_checkpoint;
  // Called when a whole run's file (not a shard's) holds everything, before it is closed and
  // renamed into place: analyses that add to the file (run/publish.hpp FileFinisher).
  std::function<void(Hdf5Writer&)> on_finished_file;
};

// The seed scenario `scenario` uses under RunSpec::independent (a SplitMix64 hash of both).
std::uint64_t independent_seed(std::uint64_t seed, std::size_t scenario);

// Throws Interrupted if *hooks.stop becomes non-zero; rethrows the first worker error.
// `start`, if not empty, holds the summaries of replicates completed earlier (a resumed
// checkpoint); the returned results add the new replicates to them.
// `design`, if given, replaces the study's parameter design and stream numbering (not with
// spec.independent).
RunResults run_study(const Study& study, const RunSpec& spec, const Execution& execution,
                     const RunHooks& hooks, BlockSink* sink, RunResults start = {},
                     const ReplicateDesign* design = nullptr);

}  // namespace fundsim
