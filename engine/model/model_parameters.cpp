// No contraction of a*b + c into fused multiply-adds, whatever the build flags: the model's
// arithmetic must give the same bits on every machine (random/fast_math.hpp).
#if defined(__clang__)
#pragma clang fp contract(off)
#else
#pragma GCC optimize("fp-contract=off")
#endif

#include "model/model_parameters.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "random/fast_math.hpp"

namespace fundsim {

ModelParameters make_model_parameters(const Study& study, std::span<const double> values) {
  ModelParameters mp;
  mp.months = study.run.simulated_months();
  mp.history = study.run.history_months;
  mp.triage = study.run.triage;
  for (std::size_t i = 0; i < kGlobalParamCount; ++i)
    mp.global[i] = values[Study::global_index(static_cast<GlobalParam>(i))];
  mp.arrests_smoothing = -fm::expm1(-1.0 / mp[GlobalParam::deterrence_lag]);

  const std::size_t classes = study.classes.size();
  mp.classes.resize(classes);
  for (std::size_t k = 0; k < classes; ++k) {
    ClassRates& c = mp.classes[k];
    for (std::size_t i = 0; i < kClassParamCount; ++i)
      c.value[i] = values[Study::class_index(k, static_cast<ClassParam>(i))];
    c.release = 1.0 / c[ClassParam::sentence_months];
  }
  mp.priority_order.resize(classes);
  std::iota(mp.priority_order.begin(), mp.priority_order.end(), std::size_t{0});
  std::stable_sort(
      mp.priority_order.begin(), mp.priority_order.end(), [&](std::size_t a, std::size_t b) {
        return mp.classes[a][ClassParam::priority] > mp.classes[b][ClassParam::priority];
      });

  for (std::size_t l = 0; l < study.levers.size(); ++l) {
    for (const EffectDecl& e : study.levers[l].effects) {
      EffectParams ep;
      ep.lever = l;
      ep.target = e.target;
      ep.curve = e.curve;
      ep.class_mask = e.class_mask;
      for (std::size_t i = 0; i < curve_info(e.curve).param_count; ++i)
        ep.curve_params[i] = values[e.first_param + i];
      mp.effects.push_back(ep);
    }
  }

  // (1+g)^(t/12) with a real exponent, as docs/model.md §4 writes it. Trends are anchored at
  // the policy start: in a history (month m < H) t = m - H is negative, so detection and onset
  // are extrapolated back from their values at the policy start (docs/model.md §4 "History").
  const auto months = static_cast<std::size_t>(mp.months);
  mp.onset_factor.resize(months);
  mp.base_detect.resize(months * classes);
  for (std::size_t m = 0; m < months; ++m) {
    const std::size_t t = m;  // index of the precomputed month
    const double years = (static_cast<double>(m) - static_cast<double>(mp.history)) / 12.0;
    mp.onset_factor[t] = fm::pow(1.0 + mp[GlobalParam::onset_growth], years);
    for (std::size_t k = 0; k < classes; ++k) {
      const ClassRates& c = mp.classes[k];
      mp.base_detect[t * classes + k] =
          std::min(1.0, c[ClassParam::detect] * fm::pow(1.0 + c[ClassParam::detect_trend], years));
    }
  }
  return mp;
}

std::vector<double> effective_spend_schedule(const Study& study, const Scenario& scenario) {
  const std::size_t levers = study.levers.size();
  // Month m of the simulation is policy month t = m - history; the history has no spending.
  const auto months = static_cast<std::size_t>(study.run.simulated_months());
  const int history = study.run.history_months;
  std::vector<double> schedule(months * levers, 0.0);
  for (std::size_t l = 0; l < levers; ++l) {
    const double lag = study.levers[l].lag;
    const double smoothing = lag > 0.0 ? -fm::expm1(-1.0 / lag) : 1.0;
    double effective = 0.0;  // e_L(-1) = 0
    for (std::size_t t = 0; t < months; ++t) {
      const double spend = scenario.spend(l, static_cast<int>(t) - history);
      effective = lag > 0.0 ? effective + (spend - effective) * smoothing : spend;
      schedule[t * levers + l] = effective;
    }
  }
  return schedule;
}

}  // namespace fundsim
