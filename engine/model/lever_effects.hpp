#pragma once
// Step 1 of the month (docs/model.md §4): this month's rates after the levers' effects (§3),
// driven by the rate and target tables of engine/registry/effect_targets.hpp.
#include <array>
#include <span>

#include "model/draw_site.hpp"
#include "model/model_parameters.hpp"
#include "registry/effect_targets.hpp"

namespace fundsim {

struct MonthRates {
  // value[rate][k]; a rate without classes (capacity) uses k = 0.
  std::array<std::array<double, kMaxClasses>, kRateCount> value;
  double operator()(Rate r, std::size_t k) const { return value[static_cast<std::size_t>(r)][k]; }
  double operator()(Rate r) const { return value[static_cast<std::size_t>(r)][0]; }
};

// Saturating curve: max_effect * (1 - exp(-ln 2 * spend / half_spend)).
double saturating_effect(double max_effect, double half_spend, double spend);

// Base values of month `month`, then every effect in lever and file order.
// effective_spend: e_L(t) for every lever.
void evaluate_levers(const ModelParameters& params, std::span<const double> effective_spend,
                     int month, MonthRates& rates);

}  // namespace fundsim
