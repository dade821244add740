#include "analysis/replicate_totals.hpp"

#include "analysis/paired_difference.hpp"  // years_of

namespace fundsim {

void compute_totals(const TrajectoryBlock& block, BlockTotals& totals) {
  const std::vector<Metric>& metrics = total_metrics();
  const std::size_t T = block.months;
  const std::size_t H = block.history;  // totals cover the policy months only
  const std::size_t R = block.replicates;
  const std::size_t M = metrics.size();
  const std::size_t Y = years_of(T - H);
  totals.replicates = R;
  totals.metrics = M;
  totals.years = Y;
  totals.horizon.assign(R * M, 0);
  totals.year.assign(R * M * Y, 0);
  for (std::size_t h = 0; h < M; ++h) {
    const Metric m = metrics[h];
    const std::size_t W = block.width(m);
    const bool stock = metric_info(m).aggregation == Aggregation::stock;
    for (std::size_t r = 0; r < R; ++r) {
      const std::int32_t* values = block.values(m).data() + r * T * W;
      std::int64_t* year = &totals.year[(r * M + h) * Y];
      std::int64_t horizon = 0;
      for (std::size_t t = H; t < T; ++t) {
        std::int64_t month = 0;
        for (std::size_t k = 0; k < W; ++k) month += values[t * W + k];
        const std::size_t p = t - H;  // policy month
        const bool year_end = p % 12 == 11 || t + 1 == T;
        if (!stock) {
          year[p / 12] += month;
          horizon += month;
        } else if (year_end) {
          year[p / 12] = month;
          if (t + 1 == T) horizon = month;
        }
      }
      totals.horizon[r * M + h] = horizon;
    }
  }
}

}  // namespace fundsim
