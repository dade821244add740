#include "analysis/cost_effectiveness.hpp"

#include <cmath>
#include <limits>

namespace fundsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The cost's q quantile is spend over the gain's (1 - q) quantile: the level list must be
// symmetric for that to be one of the stored levels.
constexpr bool symmetric_levels() {
  const std::size_t n = kSummaryQuantiles.size();
  for (std::size_t q = 0; q < n; ++q) {
    const double sum = kSummaryQuantiles[q] + kSummaryQuantiles[n - 1 - q];
    if (sum < 1.0 - 1e-12 || sum > 1.0 + 1e-12) return false;
  }
  return true;
}
static_assert(symmetric_levels(), "cost-effectiveness quantiles need symmetric quantile levels");

const std::array<CostOutcome, 3> kOutcomes = {{
    {"cost_per_arrest_gained",
     [](const PairedDifferenceSummary& p) -> const DifferenceSummary& {
       return p.horizon(Metric::arrests);
     },
     1.0, true, "per arrest",
     "spend per additional arrest over the horizon (paired against the baseline)"},
    {"cost_per_contact_abuse_averted",
     [](const PairedDifferenceSummary& p) -> const DifferenceSummary& {
       return p.horizon(Metric::contact_abuse);
     },
     1.0, false, "per event",
     "spend per contact abuse event averted over the horizon (paired against the baseline)"},
    {"cost_per_offender_year_averted",
     [](const PairedDifferenceSummary& p) -> const DifferenceSummary& {
       return p.offender_months();
     },
     12.0, false, "per offender-year",
     "spend per offender-year averted over the horizon (active offenders summed over months / "
     "12, paired against the baseline)"},
}};

}  // namespace

const std::array<CostOutcome, 3>& cost_outcomes() {
  return kOutcomes;
}

std::string cost_units(const CostOutcome& outcome, std::string_view currency) {
  return std::string(currency) + " " + outcome.per;
}

bool cost_quantile_bounded(double without_gain, double replicates, double q) {
  if (!(replicates > 0) || !(without_gain >= 0)) return false;
  return without_gain / replicates + 2.0 * std::sqrt(q * (1.0 - q) / replicates) < 1.0 - q;
}

CostFigures cost_effectiveness(const CostOutcome& o, const PairedDifferenceSummary& paired,
                               double spend) {
  const std::size_t Qn = kSummaryQuantiles.size();
  const DifferenceSummary& d = o.difference(paired);
  CostFigures c;
  const double sign = o.gain_is_increase ? 1.0 : -1.0;
  const double gain = sign * d.mean() / o.scale;
  const bool defined = spend > 0 && gain > 0;
  c.point = defined ? spend / gain : kNaN;
  c.se = defined ? spend * (d.standard_error() / o.scale) / (gain * gain) : kNaN;
  c.without_gain =
      static_cast<std::int64_t>(d.zero + (o.gain_is_increase ? d.negative : d.positive()));
  std::array<double, kSummaryQuantiles.size()> diff_q{};
  d.histogram.quantiles(kSummaryQuantiles, diff_q);
  for (std::size_t q = 0; q < Qn; ++q) {
    // Cost is decreasing in the gain: its q quantile is spend over the gain's (1 - q)
    // quantile, i.e. diff's (1 - q) quantile for gains, -(diff's q quantile) for averted.
    const double g = (o.gain_is_increase ? diff_q[Qn - 1 - q] : -diff_q[q]) / o.scale;
    c.quantiles[q] = spend > 0 && g > 0 ? spend / g : kNaN;
  }
  return c;
}

}  // namespace fundsim
