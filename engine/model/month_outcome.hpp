#pragma once
// What one month produced (docs/model.md §7), before it is recorded: one value per metric of
// engine/registry/metrics.hpp, per class where the metric has classes.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "registry/metrics.hpp"

namespace fundsim {

class MonthOutcome {
 public:
  void resize(std::size_t classes);
  std::size_t classes() const { return classes_; }

  // Counts: per class (k < classes) for metrics with classes, else k = 0.
  void set(Metric m, std::size_t k, std::int64_t v) { counts_[offset_[index(m)] + k] = v; }
  std::int64_t get(Metric m, std::size_t k) const { return counts_[offset_[index(m)] + k]; }
  // Levels (real-valued metrics).
  void set_level(Metric m, double v) { levels_[index(m)] = v; }
  double level(Metric m) const { return levels_[index(m)]; }
  bool operator==(const MonthOutcome&) const = default;

 private:
  static std::size_t index(Metric m) { return static_cast<std::size_t>(m); }
  std::size_t classes_ = 0;
  std::array<std::size_t, kMetricCount> offset_{};  // first slot of each count metric
  std::vector<std::int64_t> counts_;
  std::array<double, kMetricCount> levels_{};
};

}  // namespace fundsim
