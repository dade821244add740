#include "analysis/replicate_totals.hpp"

namespace fundsim {

TotalCells::TotalCells(std::size_t classes) {
  for (Metric m : total_metrics()) {
    first.push_back(count);
    count += metric_info(m).per_class ? classes : 1;
  }
}

void compute_totals(const TrajectoryBlock& block, BlockTotals& totals) {
  const std::vector<Metric>& metrics = total_metrics();
  const std::size_t T = block.months;
  const std::size_t H = block.history;  // totals cover the policy months only
  const std::size_t R = block.replicates;
  const std::size_t M = metrics.size();
  const std::size_t Y = years_of(T - H);
  const TotalCells layout(block.classes);
  const std::size_t C = layout.count;
  totals.replicates = R;
  totals.metrics = M;
  totals.years = Y;
  totals.cells = C;
  totals.horizon.assign(R * M, 0);
  totals.year.assign(R * M * Y, 0);
  totals.cell_year.assign(R * C * Y, 0);
  totals.offender_months.assign(R, 0);
  for (std::size_t h = 0; h < M; ++h) {
    const Metric m = metrics[h];
    const std::size_t W = block.width(m);
    const bool stock = metric_info(m).aggregation == Aggregation::stock;
    for (std::size_t r = 0; r < R; ++r) {
      const std::int32_t* values = block.values(m).data() + r * T * W;
      std::int64_t* cells = &totals.cell_year[(r * C + layout.first[h]) * Y];
      for (std::size_t t = H; t < T; ++t) {
        const std::size_t p = t - H;  // policy month
        const std::size_t y = p / 12;
        if (!stock) {
          for (std::size_t k = 0; k < W; ++k) cells[k * Y + y] += values[t * W + k];
        } else if (p % 12 == 11 || t + 1 == T) {  // a stock at the end of its year
          for (std::size_t k = 0; k < W; ++k) cells[k * Y + y] = values[t * W + k];
        }
        if (m == Metric::active)
          for (std::size_t k = 0; k < W; ++k) totals.offender_months[r] += values[t * W + k];
      }
      std::int64_t* year = &totals.year[(r * M + h) * Y];
      for (std::size_t y = 0; y < Y; ++y)
        for (std::size_t k = 0; k < W; ++k) year[y] += cells[k * Y + y];
      std::int64_t horizon = 0;
      if (stock) {
        horizon = year[Y - 1];
      } else {
        for (std::size_t y = 0; y < Y; ++y) horizon += year[y];
      }
      totals.horizon[r * M + h] = horizon;
    }
  }
}

}  // namespace fundsim
