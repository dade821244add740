#include "model/trajectory_block.hpp"

#include <algorithm>
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

void copy_history(const TrajectoryBlock& from, TrajectoryBlock& to) {
  if (from.history == 0) return;
  for (Metric m : all_metrics()) {
    const auto i = static_cast<std::size_t>(m);
    const std::size_t row = from.months * from.width(m);      // one replicate
    const std::size_t length = from.history * from.width(m);  // its history months
    for (std::size_t r = 0; r < from.replicates; ++r) {
      const auto offset = static_cast<std::ptrdiff_t>(r * row);
      const auto size = static_cast<std::ptrdiff_t>(length);
      if (is_level(m)) {
        std::copy_n(from.levels[i].begin() + offset, size, to.levels[i].begin() + offset);
      } else {
        std::copy_n(from.counts[i].begin() + offset, size, to.counts[i].begin() + offset);
      }
    }
  }
}

}  // namespace fundsim
