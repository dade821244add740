#pragma once
// The recorded months of a block of consecutive replicates of one scenario, laid out as the
// output stores them: [replicate][month][class] per metric (C order of the HDF5 datasets).
#include <array>
#include <cstdint>
#include <vector>

#include "model/month_outcome.hpp"

namespace fundsim {

struct TrajectoryBlock {
  std::size_t classes = 0;
  std::size_t months = 0;
  std::size_t replicates = 0;  // replicates in this block
  std::uint64_t first_replicate = 0;
  std::array<std::vector<std::int32_t>, kClassMetricCount> class_metrics;
  std::vector<float> capacity;            // [replicate][month]
  std::vector<std::int32_t> safeguarded;  // [replicate][month]

  void resize(std::size_t n_classes, std::size_t n_months, std::size_t n_replicates) {
    classes = n_classes;
    months = n_months;
    replicates = n_replicates;
    for (auto& m : class_metrics) m.resize(n_replicates * n_months * n_classes);
    capacity.resize(n_replicates * n_months);
    safeguarded.resize(n_replicates * n_months);
  }
  std::int32_t metric(ClassMetric m, std::size_t r, std::size_t t, std::size_t k) const {
    return class_metrics[static_cast<std::size_t>(m)][(r * months + t) * classes + k];
  }
};

// Copies one month into the block; throws NumericError if a count exceeds int32 storage.
void record_month(const MonthOutcome& outcome, std::size_t replicate_in_block, std::size_t month,
                  TrajectoryBlock& block);

}  // namespace fundsim
