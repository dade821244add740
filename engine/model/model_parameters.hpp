#pragma once
// The parameters one trajectory runs with: one replicate's sampled values (after a
// scenario's overrides), arranged for the monthly step. Built once per replicate and
// scenario; the step only reads it.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "study/study.hpp"

namespace fundsim {

struct ClassRates {
  double initial_active = 0, initial_backlog = 0, initial_justice = 0;
  double onset = 0;         // new offenders per month at t = 0
  double offence_rate = 0;  // offences per offender per month
  double detect = 0;        // detection probability per offence at t = 0
  double detect_trend = 0;  // per year
  double actionable = 0;
  double contact = 0;
  double desist = 0;
  double attrition = 0;
  double arrest = 0;
  double release = 0;  // 1 / sentence_months
  double reoffend = 0;
  double safeguard_per_arrest = 0;
  double priority = 0;
};

struct EffectParams {
  std::size_t lever = 0;
  EffectTarget target = EffectTarget::onset;
  EffectCurve curve = EffectCurve::saturating;
  std::uint64_t class_mask = ~std::uint64_t{0};
  double max_effect = 0, half_spend = 1, unit_cost = 1;
};

struct ModelParameters {
  int months = 0;
  Triage triage = Triage::priority;
  double onset_growth = 0, base_capacity = 0, arrests_ref = 1, deterrence_elasticity = 0;
  double arrests_smoothing = 1;  // 1 - exp(-1 / deterrence_lag)
  std::vector<ClassRates> classes;
  std::vector<std::size_t>
      priority_order;                 // classes by descending priority, ties in declaration order
  std::vector<EffectParams> effects;  // in lever, then file order

  // Per-month factors that depend only on parameters, precomputed once:
  // onset_factor[t] = (1 + onset_growth)^(t/12); base_detect[t*K + k] = min(1, detect_k
  // (1+trend_k)^(t/12)).
  std::vector<double> onset_factor;
  std::vector<double> base_detect;
};

// values: one value per Study::parameters entry.
ModelParameters make_model_parameters(const Study& study, std::span<const double> values);

// Effective spend e_L(t) per month and lever for one scenario (deterministic: it depends only on
// the scenario's spend and the levers' lags). Index [t * levers + L].
std::vector<double> effective_spend_schedule(const Study& study, const Scenario& scenario);

}  // namespace fundsim
