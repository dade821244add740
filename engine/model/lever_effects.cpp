#include "model/lever_effects.hpp"

#include <cmath>

namespace fundsim {

namespace {

// 1 - (1 - p)(1 - v), written so that v = 0 leaves p unchanged bit for bit.
inline double raise_probability(double p, double v) {
  return p + (1.0 - p) * v;
}

}  // namespace

double saturating_effect(double max_effect, double half_spend, double spend) {
  return max_effect * -std::expm1(-0.6931471805599453 * spend / half_spend);  // ln 2
}

void evaluate_levers(const ModelParameters& params, std::span<const double> effective_spend,
                     int month, MonthRates& rates) {
  const std::size_t classes = params.classes.size();
  const auto t = static_cast<std::size_t>(month);
  for (std::size_t k = 0; k < classes; ++k) {
    const ClassRates& c = params.classes[k];
    rates.onset_multiplier[k] = 1.0;
    rates.detect[k] = params.base_detect[t * classes + k];
    rates.desist[k] = c.desist;
    rates.arrest[k] = c.arrest;
    rates.contact[k] = c.contact;
  }
  rates.capacity = params.base_capacity;

  for (const EffectParams& e : params.effects) {
    const double spend = effective_spend[e.lever];
    if (spend <= 0.0) continue;  // v = 0: no effect this month
    if (e.curve == EffectCurve::linear) {
      rates.capacity += spend / e.unit_cost;  // only target `capacity` is linear
      continue;
    }
    const double v = saturating_effect(e.max_effect, e.half_spend, spend);
    for (std::size_t k = 0; k < classes; ++k) {
      if (!((e.class_mask >> k) & 1U)) continue;
      switch (e.target) {
        case EffectTarget::onset:
          rates.onset_multiplier[k] *= 1.0 - v;
          break;
        case EffectTarget::detection:
          rates.detect[k] = raise_probability(rates.detect[k], v);
          break;
        case EffectTarget::desistance:
          rates.desist[k] = raise_probability(rates.desist[k], v);
          break;
        case EffectTarget::arrest:
          rates.arrest[k] = raise_probability(rates.arrest[k], v);
          break;
        case EffectTarget::contact:
          rates.contact[k] *= 1.0 - v;
          break;
        case EffectTarget::capacity:
          break;  // linear, handled above
      }
    }
  }
}

}  // namespace fundsim
