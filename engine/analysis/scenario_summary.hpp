#pragma once
// Streaming summaries of one scenario over replicates: per month (and class) and over the
// whole horizon. Memory depends on months, classes and the spread of values, not on the
// number of replicates. Accumulation is exact integer arithmetic, so blocks can be added in
// any order (threads) and the result is bitwise the same.
#include <array>
#include <cstddef>
#include <vector>

#include "analysis/anchored_histogram.hpp"
#include "analysis/moments.hpp"
#include "model/trajectory_block.hpp"

namespace fundsim {

inline constexpr std::array<double, 7> kSummaryQuantiles = {0.025, 0.05, 0.25, 0.5,
                                                            0.75,  0.95, 0.975};
// Real-valued capacity is summarised in fixed point with this many steps per unit.
inline constexpr double kCapacityScale = 256.0;

// Horizon metrics: flows are summed over months and classes; stocks (active, backlog,
// in_justice) are taken at the last month, summed over classes.
enum class HorizonMetric : std::size_t {
  new_offenders,
  offences,
  referrals,
  identified,
  contact_abuse,
  desisted,
  investigations,
  arrests,
  released,
  active,
  backlog,
  in_justice,
  safeguarded,
  count
};
inline constexpr std::size_t kHorizonMetricCount = static_cast<std::size_t>(HorizonMetric::count);
const char* horizon_metric_name(HorizonMetric m);

struct Summary {
  Moments moments;
  AnchoredHistogram histogram;
  void add(std::int64_t x) {
    moments.add(x);
    histogram.add(x);
  }
  void merge(const Summary& o) {
    moments.merge(o.moments);
    histogram.merge(o.histogram);
  }
};

class ScenarioSummary {
 public:
  ScenarioSummary(std::size_t classes, std::size_t months);

  void add(const TrajectoryBlock& block);
  // Adds another summary of the same shape (other replicates): counts and sums add, so the
  // result does not depend on the order summaries are merged in.
  void merge(const ScenarioSummary& other);
  // Anchors every cell's histogram at quantiles of the same cell in `pilot` (a run of
  // the first replicates), pre-sized if `presize`; before anything is added.
  void set_anchors(const ScenarioSummary& pilot, bool presize);

  // Per-month cells. For capacity, values are in units of 1/kCapacityScale.
  const Summary& class_metric(ClassMetric m, std::size_t month, std::size_t k) const {
    return cells_[month * per_month_ + static_cast<std::size_t>(m) * classes_ + k];
  }
  const Summary& capacity(std::size_t month) const {
    return cells_[month * per_month_ + kClassMetricCount * classes_];
  }
  const Summary& safeguarded(std::size_t month) const {
    return cells_[month * per_month_ + kClassMetricCount * classes_ + 1];
  }
  const Summary& horizon(HorizonMetric m) const { return horizon_[static_cast<std::size_t>(m)]; }
  std::uint64_t replicates() const { return horizon_[0].moments.n; }
  // Heap bytes held by the histograms.
  std::size_t allocated_bytes() const;
  std::size_t classes() const { return classes_; }
  std::size_t months() const { return months_; }

 private:
  friend struct SummaryCodec;
  std::size_t classes_;
  std::size_t months_;
  std::size_t per_month_;
  std::vector<Summary> cells_;
  std::array<Summary, kHorizonMetricCount> horizon_;
};

}  // namespace fundsim
