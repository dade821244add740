// No contraction of a*b + c into fused multiply-adds, whatever the build flags: the model's
// arithmetic must give the same bits on every machine (random/fast_math.hpp).
#if defined(__clang__)
#pragma clang fp contract(off)
#else
#pragma GCC optimize("fp-contract=off")
#endif

#include "model/lever_effects.hpp"

#include <cmath>

#include "random/fast_math.hpp"

namespace fundsim {

namespace {

double base_value(const ModelParameters& params, const RateInfo& rate, std::size_t k,
                  std::size_t t) {
  switch (rate.base) {
    case RateBase::one:
      return 1.0;
    case RateBase::class_param:
      return params.classes[k].value[rate.param];
    case RateBase::trended_detection:
      return params.base_detect[t * params.classes.size() + k];
    case RateBase::global_param:
      return params.global[rate.param];
  }
  return 1.0;
}

double effect_value(const EffectParams& e, double spend) {
  switch (e.curve) {
    case EffectCurve::saturating:
      return saturating_effect(e.curve_params[0], e.curve_params[1], spend);
    case EffectCurve::linear:
      return spend / e.curve_params[0];
  }
  return 0.0;
}

}  // namespace

double saturating_effect(double max_effect, double half_spend, double spend) {
  return max_effect * -fm::expm1(-0.6931471805599453 * spend / half_spend);  // ln 2
}

void evaluate_levers(const ModelParameters& params, std::span<const double> effective_spend,
                     int month, MonthRates& rates) {
  const std::size_t classes = params.classes.size();
  const auto t = static_cast<std::size_t>(month);
  for (const RateInfo& rate : fundsim::rates()) {
    auto& values = rates.value[static_cast<std::size_t>(rate.rate)];
    const std::size_t width = rate.per_class ? classes : 1;
    for (std::size_t k = 0; k < width; ++k) values[k] = base_value(params, rate, k, t);
  }
  for (const EffectParams& e : params.effects) {
    const double spend = effective_spend[e.lever];
    if (spend <= 0.0) continue;  // v = 0: no effect this month
    const double v = effect_value(e, spend);
    const EffectTargetInfo& target = effect_target_info(e.target);
    auto& values = rates.value[static_cast<std::size_t>(target.rate)];
    if (!rate_info(target.rate).per_class) {
      values[0] = combine(target.combine, values[0], v);
      continue;
    }
    for (std::size_t k = 0; k < classes; ++k) {
      if ((e.class_mask >> k) & 1U) values[k] = combine(target.combine, values[k], v);
    }
  }
}

}  // namespace fundsim
