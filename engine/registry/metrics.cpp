#include "registry/metrics.hpp"

namespace fundsim {

std::optional<Metric> find_metric(std::string_view name) {
  for (const MetricInfo& m : kMetrics)
    if (name == m.name) return m.metric;
  return std::nullopt;
}

const std::vector<Metric>& total_metrics() {
  static const std::vector<Metric> totals = [] {
    std::vector<Metric> v;
    for (const MetricInfo& m : kMetrics)
      if (m.aggregation != Aggregation::level) v.push_back(m.metric);
    return v;
  }();
  return totals;
}

std::size_t total_index(Metric m) {
  static const std::array<std::size_t, kMetricCount> index = [] {
    std::array<std::size_t, kMetricCount> i{};
    std::size_t next = 0;
    for (const MetricInfo& info : kMetrics) {
      const bool level = info.aggregation == Aggregation::level;
      i[static_cast<std::size_t>(info.metric)] = level ? kMetricCount : next++;
    }
    return i;
  }();
  return index[static_cast<std::size_t>(m)];
}

const char* better_name(Better b) {
  constexpr const char* kNames[] = {"lower", "higher", "none"};
  return kNames[static_cast<std::size_t>(b)];
}

const char* aggregation_name(Aggregation a) {
  constexpr const char* kNames[] = {"flow", "stock", "level"};
  return kNames[static_cast<std::size_t>(a)];
}

}  // namespace fundsim
