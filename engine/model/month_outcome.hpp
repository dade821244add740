#pragma once
// What one month produced (MODEL.md §5), before it is recorded.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace fundsim {

// Per-class metrics in output order. Flows first, then end-of-month stocks.
enum class ClassMetric : std::size_t {
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
  count
};
inline constexpr std::size_t kClassMetricCount = static_cast<std::size_t>(ClassMetric::count);
const char* class_metric_name(ClassMetric m);
bool class_metric_is_stock(ClassMetric m);

struct MonthOutcome {
  // values[k * kClassMetricCount + metric]
  std::vector<std::int64_t> values;
  double capacity = 0.0;         // C
  std::int64_t safeguarded = 0;  // S

  void resize(std::size_t classes) { values.assign(classes * kClassMetricCount, 0); }
  std::int64_t& at(std::size_t k, ClassMetric m) {
    return values[k * kClassMetricCount + static_cast<std::size_t>(m)];
  }
  std::int64_t at(std::size_t k, ClassMetric m) const {
    return values[k * kClassMetricCount + static_cast<std::size_t>(m)];
  }
};

}  // namespace fundsim
