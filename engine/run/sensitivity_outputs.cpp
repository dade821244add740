#include "run/sensitivity_outputs.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "errors.hpp"

namespace fundsim {

std::vector<Metric> monthly_metrics(const Study& study, const SensitivityAxes& axes) {
  const bool monthly =
      std::any_of(axes.periods.begin(), axes.periods.end(),
                  [](const SensitivityPeriod& p) { return p.kind == Period::month; });
  if (!monthly) return {};
  std::vector<bool> used(kMetricCount, false);
  for (const SensitivityQuantity& q : axes.quantities) {
    if (q.metric) {
      used[static_cast<std::size_t>(*q.metric)] = true;
    } else {
      for (const auto& [m, w] : study.objectives[q.objective].weights)
        used[static_cast<std::size_t>(m)] = true;
    }
  }
  std::vector<Metric> out;
  for (Metric m : total_metrics())
    if (used[static_cast<std::size_t>(m)]) out.push_back(m);
  return out;
}

OutputReader::OutputReader(const Study& study, const SensitivityAxes& axes,
                           std::vector<std::size_t> position)
    : policy_months_(static_cast<std::size_t>(study.run.months)) {
  const std::vector<Metric> monthly = monthly_metrics(study, axes);
  auto position_of = [&](std::size_t scenario) {
    const auto it = std::find(axes.scenarios.begin(), axes.scenarios.end(), scenario);
    return position.at(static_cast<std::size_t>(it - axes.scenarios.begin()));
  };
  specs_.resize(axes.outputs());
  for (std::size_t t = 0; t < axes.targets.size(); ++t) {
    const SensitivityTarget& target = axes.targets[t];
    for (std::size_t q = 0; q < axes.quantities.size(); ++q) {
      const SensitivityQuantity& quantity = axes.quantities[q];
      for (std::size_t p = 0; p < axes.periods.size(); ++p) {
        const SensitivityPeriod& period = axes.periods[p];
        Spec& spec = specs_[axes.output(t, q, p)];
        spec.scenario = position_of(target.scenario);
        spec.difference = target.reference.has_value();
        if (spec.difference) spec.reference = position_of(*target.reference);
        spec.period = period.kind;
        spec.period_index = period.index;
        auto metric_slot = [&](Metric m) {
          if (period.kind != Period::month) return total_index(m);
          return static_cast<std::size_t>(std::find(monthly.begin(), monthly.end(), m) -
                                          monthly.begin());
        };
        if (quantity.metric) {
          spec.terms.push_back({metric_slot(*quantity.metric), 1.0});
        } else {
          spec.integer = false;
          for (const auto& [m, w] : study.objectives[quantity.objective].weights)
            spec.terms.push_back({metric_slot(m), w});
        }
      }
    }
  }
}

double OutputReader::period_value(const Evaluation& e, const Spec& spec, std::size_t scenario,
                                  std::size_t row, std::size_t metric) const {
  const std::size_t cell = scenario * e.replicates + row;
  switch (spec.period) {
    case Period::year:
      return static_cast<double>(e.year[(cell * e.metrics + metric) * e.years + spec.period_index]);
    case Period::month: {
      // Months simulated before the policy start (a study's history) come first.
      const std::size_t first = e.months - policy_months_;
      const std::size_t requested = e.monthly.size() / (e.scenarios * e.replicates * e.months);
      return static_cast<double>(
          e.monthly[(cell * requested + metric) * e.months + first + spec.period_index]);
    }
    case Period::horizon:
    case Period::none:
      break;
  }
  return static_cast<double>(e.horizon[cell * e.metrics + metric]);
}

double OutputReader::value(const Evaluation& e, std::size_t output, std::size_t row) const {
  const Spec& spec = specs_[output];
  double sum = 0;
  for (const Term& term : spec.terms) {
    double v = period_value(e, spec, spec.scenario, row, term.metric);
    // The difference of integer totals first (exact), then the weight.
    if (spec.difference) v -= period_value(e, spec, spec.reference, row, term.metric);
    sum += term.weight * v;
  }
  return sum;
}

double quantisation_scale(double largest_magnitude) {
  if (!(largest_magnitude > 0) || !std::isfinite(largest_magnitude)) return std::ldexp(1.0, 20);
  // The largest k with largest * 2^k <= 2^36.
  const int k = static_cast<int>(std::floor(36.0 - std::log2(largest_magnitude)));
  return std::ldexp(1.0, std::clamp(k, -60, 60));
}

std::int64_t quantise(double value, double scale) {
  const double scaled = std::round(value * scale);
  constexpr double kLimit = 4611686018427387904.0;  // 2^62
  if (!(std::abs(scaled) <= kLimit)) {
    throw NumericError("sensitivity: an output of " + std::to_string(value) +
                       " is beyond the integer range of the exact estimators at scale " +
                       std::to_string(scale) + " (docs/sensitivity.md §2)");
  }
  return static_cast<std::int64_t>(scaled);
}

}  // namespace fundsim
