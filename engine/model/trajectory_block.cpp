#include "model/trajectory_block.hpp"

#include <limits>
#include <string>

#include "errors.hpp"

namespace fundsim {

void record_month(const MonthOutcome& outcome, std::size_t replicate_in_block, std::size_t month,
                  TrajectoryBlock& block) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int32_t>::max();
  // Levels are summarised in fixed point (kLevelScale steps per unit, exact integer sums of
  // squares): keep them where those sums cannot overflow. 1e12 investigations a month is far
  // beyond any real use.
  constexpr double kMaxLevel = 1e12;
  const std::size_t cell = replicate_in_block * block.months + month;
  for (Metric m : all_metrics()) {
    const auto i = static_cast<std::size_t>(m);
    if (is_level(m)) {
      const double v = outcome.level(m);
      if (!(v <= kMaxLevel)) {
        throw NumericError(std::string("metric '") + metric_name(m) + "' = " + std::to_string(v) +
                           " is too large to store and summarise (limit 1e12)");
      }
      block.levels[i][cell] = static_cast<float>(v);
      continue;
    }
    const std::size_t width = block.width(m);
    for (std::size_t k = 0; k < width; ++k) {
      const std::int64_t v = outcome.get(m, k);
      if (v > kMax) {
        throw NumericError(std::string("metric '") + metric_name(m) + "' reached " +
                           std::to_string(v) + ", beyond the int32 range it is stored in");
      }
      block.counts[i][cell * width + k] = static_cast<std::int32_t>(v);
    }
  }
}

}  // namespace fundsim
