#include "model/trajectory_block.hpp"

#include <limits>
#include <string>

#include "errors.hpp"

namespace fundsim {

void record_month(const MonthOutcome& outcome, std::size_t replicate_in_block, std::size_t month,
                  TrajectoryBlock& block) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int32_t>::max();
  const std::size_t base = (replicate_in_block * block.months + month) * block.classes;
  for (std::size_t m = 0; m < kClassMetricCount; ++m) {
    for (std::size_t k = 0; k < block.classes; ++k) {
      const std::int64_t v = outcome.values[k * kClassMetricCount + m];
      if (v > kMax) {
        throw NumericError(std::string("metric '") +
                           class_metric_name(static_cast<ClassMetric>(m)) + "' reached " +
                           std::to_string(v) + ", beyond the int32 range it is stored in");
      }
      block.class_metrics[m][base + k] = static_cast<std::int32_t>(v);
    }
  }
  if (outcome.safeguarded > kMax) {
    throw NumericError("metric 'safeguarded' reached " + std::to_string(outcome.safeguarded) +
                       ", beyond the int32 range it is stored in");
  }
  // Capacity is summarised in fixed point (1/256 steps, exact integer sums of squares): keep it
  // where those sums cannot overflow. 1e12 investigations a month is far beyond any real use.
  constexpr double kMaxCapacity = 1e12;
  if (!(outcome.capacity <= kMaxCapacity)) {
    throw NumericError(
        "capacity C = " + std::to_string(outcome.capacity) +
        " investigations per month is too large to store and summarise (limit 1e12)");
  }
  const std::size_t cell = replicate_in_block * block.months + month;
  block.safeguarded[cell] = static_cast<std::int32_t>(outcome.safeguarded);
  block.capacity[cell] = static_cast<float>(outcome.capacity);
}

}  // namespace fundsim
