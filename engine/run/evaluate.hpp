#pragma once
// Runs a study's scenarios on a set of replicates and keeps, per replicate, what the analyses
// after a run need: the totals of every metric over the horizon (and per year), each
// objective's value, and optionally whole monthly series of chosen metrics. The replicates are
// the study's own design or explicit points (ReplicateDesign: sensitivity designs, calibration
// waves). No file is written and no streamed summaries are made. Threads give bitwise the same
// result as one thread: every value depends only on its replicate.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "run/runner.hpp"

namespace fundsim {

// A monthly series to keep: a metric summed over classes, or one class of a per-class metric.
// Count metrics only (a level such as capacity has no integer series).
struct MonthlySeries {
  static constexpr std::size_t kAllClasses = static_cast<std::size_t>(-1);
  Metric metric = Metric::count;
  std::size_t class_index = kAllClasses;
  MonthlySeries(Metric m, std::size_t k = kAllClasses) : metric(m), class_index(k) {}  // NOLINT
  bool operator==(const MonthlySeries&) const = default;
};

struct EvaluationRequest {
  std::uint64_t replicates = 0;
  std::uint64_t seed = 0;
  bool central = false;
  unsigned threads = 1;
  bool years = false;                       // keep per-year totals too
  std::vector<MonthlySeries> monthly;       // keep these series month by month
  const ReplicateDesign* design = nullptr;  // explicit replicates; null: the study's design
};

struct Evaluation {
  std::size_t scenarios = 0;
  std::size_t replicates = 0;
  std::size_t metrics = 0;  // total_metrics().size()
  std::size_t years = 0;
  std::size_t months = 0;
  std::vector<std::int64_t> horizon;  // [scenario][replicate][total_index]
  std::vector<std::int64_t> year;     // [scenario][replicate][total_index][year] (if asked)
  std::vector<double> objectives;     // [objective][scenario][replicate]
  std::vector<std::int64_t> monthly;  // [scenario][replicate][requested series][month]

  std::int64_t total(std::size_t s, std::size_t r, Metric m) const {
    return horizon[(s * replicates + r) * metrics + total_index(m)];
  }
  double objective(std::size_t o, std::size_t s, std::size_t r) const {
    return objectives[(o * scenarios + s) * replicates + r];
  }
};

// Throws InputError for a monthly series of a level metric or of a class the study does not
// have, and what run_study throws (Interrupted on a stop request through `hooks`).
Evaluation evaluate(const Study& study, const EvaluationRequest& request,
                    const RunHooks& hooks = {});

}  // namespace fundsim
