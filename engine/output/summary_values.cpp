#include "output/summary_values.hpp"

#include <array>
#include <limits>
#include <span>

#include "analysis/cost_effectiveness.hpp"

namespace fundsim {

namespace {

constexpr std::size_t Qn = kSummaryQuantiles.size();
using Levels = std::array<double, Qn>;

// Statistic of a summary cell; `scale` converts fixed-point levels back to their units.
template <class Put>
void summary_statistic(const Summary& summary, Statistic statistic, double scale, Put put) {
  switch (statistic) {
    case Statistic::mean:
      put(0, summary.moments.mean() / scale);
      break;
    case Statistic::sd:
      put(0, summary.moments.sd() / scale);
      break;
    case Statistic::quantile: {
      Levels levels{};
      summary.histogram.quantiles(kSummaryQuantiles, levels);
      for (std::size_t q = 0; q < Qn; ++q) put(q, levels[q] / scale);
      break;
    }
    default:
      break;
  }
}

template <class Put>
void difference_statistic(const DifferenceSummary& d, Statistic statistic, Better better,
                          double scale, Put put) {
  switch (statistic) {
    case Statistic::mean:
      put(0, d.mean() / scale);
      break;
    case Statistic::se:
      put(0, d.standard_error() / scale);
      break;
    case Statistic::prob_better:
      put(0, d.prob_better(better));
      break;
    case Statistic::quantile: {
      Levels levels{};
      d.histogram.quantiles(kSummaryQuantiles, levels);
      for (std::size_t q = 0; q < Qn; ++q) put(q, levels[q] / scale);
      break;
    }
    default:
      break;
  }
}

}  // namespace

SummaryValues summary_values(const Variable& v, const Study& study, const RunResults& results) {
  const std::size_t S = study.scenarios.size();
  const auto T = static_cast<std::size_t>(study.run.simulated_months());
  const std::size_t K = study.classes.size();
  const std::size_t Y = years_of(static_cast<std::size_t>(study.run.months));
  const bool quantile = v.statistic == Statistic::quantile;
  const std::size_t per_level = quantile ? Qn : 1;
  SummaryValues out;

  // Cells per scenario (C order after the scenario and quantile axes).
  std::size_t cells = 1;
  const std::size_t width = v.metric != Metric::count && metric_info(v.metric).per_class ? K : 1;
  if (v.content == Content::summary && v.period == Period::year) cells = Y * width;
  if (v.period == Period::month)
    cells = T * (metric_info(v.metric).per_class && v.content == Content::summary ? K : 1);
  if (v.period == Period::year && v.content != Content::summary) cells = Y;
  // Value of cell c, level q of scenario s goes to [(s * per_level + q) * cells + c].
  const auto index = [&](std::size_t s, std::size_t q, std::size_t c) {
    return (s * per_level + q) * cells + c;
  };

  if (v.content == Content::objective) {  // dims (objective, [choice_set,] scenario[, q])
    const std::size_t O = results.objectives.size();
    const bool per_set = v.statistic == Statistic::p_best ||
                         v.statistic == Statistic::expected_loss ||
                         v.statistic == Statistic::evpi_naive;
    const std::size_t C = per_set ? choice_sets(study).size() : 1;
    const std::size_t per_scenario = quantile ? Qn : 1;
    const std::size_t scenarios = v.statistic == Statistic::evpi_naive ? 1 : S;
    out.reals.assign(O * C * scenarios * per_scenario, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t o = 0; o < O; ++o) {
      const ObjectiveSummary& summary = results.objectives[o];
      for (std::size_t c = 0; c < C; ++c) {
        for (std::size_t s = 0; s < scenarios; ++s) {
          double* at = &out.reals[((o * C + c) * scenarios + s) * per_scenario];
          switch (v.statistic) {
            case Statistic::mean:
              *at = summary.mean(s);
              break;
            case Statistic::se:
              *at = summary.se(s);
              break;
            case Statistic::quantile:
              for (std::size_t q = 0; q < Qn; ++q)
                at[q] = summary.quantile(s, kSummaryQuantiles[q]);
              break;
            case Statistic::score:
              *at = summary.score(s);
              break;
            case Statistic::p_beat:
              *at = summary.p_beat(s);
              break;
            case Statistic::p_best:
              *at = summary.p_best(c, s);
              break;
            case Statistic::expected_loss:
              *at = summary.expected_loss(c, s);
              break;
            case Statistic::evpi_naive:
              *at = summary.evpi_naive(c);
              break;
            default:
              break;
          }
        }
      }
    }
    return out;
  }

  if (v.content == Content::cost) {
    const CostOutcome& outcome = cost_outcomes()[v.cost];
    if (v.statistic == Statistic::without_gain)
      out.counts.resize(S);
    else
      out.reals.resize(S * per_level);
    for (std::size_t s = 0; s < S; ++s) {
      const CostFigures c = cost_effectiveness(outcome, results.differences[s],
                                               study.scenarios[s].spend_within(study.run.months));
      switch (v.statistic) {
        case Statistic::value:
          out.reals[s] = c.point;
          break;
        case Statistic::se:
          out.reals[s] = c.se;
          break;
        case Statistic::quantile:
          for (std::size_t q = 0; q < Qn; ++q) out.reals[index(s, q, 0)] = c.quantiles[q];
          break;
        case Statistic::without_gain:
          out.counts[s] = c.without_gain;
          break;
        default:
          break;
      }
    }
    return out;
  }

  out.reals.assign(S * per_level * cells, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t s = 0; s < S; ++s) {
    for (std::size_t c = 0; c < cells; ++c) {
      const auto put = [&](std::size_t q, double x) { out.reals[index(s, q, c)] = x; };
      switch (v.content) {
        case Content::summary: {
          const ScenarioSummary& sum = results.summaries[s];
          const double scale = is_level(v.metric) ? kLevelScale : 1.0;
          if (v.period == Period::horizon) {
            summary_statistic(sum.horizon(v.metric), v.statistic, scale, put);
          } else if (v.period == Period::year) {
            summary_statistic(sum.year_cell(v.metric, c / width, c % width), v.statistic, scale,
                              put);
          } else if (sum.monthly()) {  // per month: named scenarios (or --sweep-months)
            summary_statistic(sum.cell(v.metric, c / width, c % width), v.statistic, scale, put);
          }
          break;
        }
        case Content::difference: {
          const PairedDifferenceSummary& p = results.differences[s];
          if (v.period == Period::month && !p.monthly()) break;  // NaN: no monthly cells
          const DifferenceSummary& d = v.period == Period::horizon ? p.horizon(v.metric)
                                       : v.period == Period::year  ? p.year(v.metric, c)
                                                                   : p.month(v.metric, c);
          difference_statistic(d, v.statistic, v.better, 1.0, put);
          break;
        }
        case Content::offender_years:  // offender-months / 12
          difference_statistic(results.differences[s].offender_months(), v.statistic, v.better,
                               12.0, put);
          break;
        default:
          break;
      }
    }
  }
  return out;
}

}  // namespace fundsim
