#pragma once
// The parameters one trajectory runs with: one replicate's sampled values (after a
// scenario's overrides), arranged for the monthly step. Built once per replicate and
// scenario; the step only reads it.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "registry/effect_targets.hpp"
#include "registry/parameters.hpp"
#include "study/study.hpp"

namespace fundsim {

struct ClassRates {
  std::array<double, kClassParamCount> value{};  // by ClassParam (docs/model.md §9)
  double release = 0;                            // 1 / sentence_months
  double operator[](ClassParam p) const { return value[static_cast<std::size_t>(p)]; }
};

struct EffectParams {
  std::size_t lever = 0;
  EffectTarget target = EffectTarget::onset;
  EffectCurve curve = EffectCurve::saturating;
  std::uint64_t class_mask = ~std::uint64_t{0};
  std::array<double, kMaxCurveParams> curve_params{};  // in the curve's parameter order
};

struct ModelParameters {
  int months = 0;   // simulated months: history, then the policy horizon
  int history = 0;  // months before the policy start (docs/model.md §4 "History")
  Triage triage = Triage::priority;
  std::array<double, kGlobalParamCount> global{};  // by GlobalParam
  double arrests_smoothing = 1;                    // 1 - exp(-1 / deterrence_lag)
  std::vector<ClassRates> classes;
  std::vector<std::size_t>
      priority_order;                 // classes by descending priority, ties in declaration order
  std::vector<EffectParams> effects;  // in lever, then file order

  double operator[](GlobalParam p) const { return global[static_cast<std::size_t>(p)]; }

  // Per-month factors that depend only on parameters, precomputed once:
  // onset_factor[t] = (1 + onset_growth)^(t/12); base_detect[t*K + k] = min(1, detect_k
  // (1+trend_k)^(t/12)).
  std::vector<double> onset_factor;
  std::vector<double> base_detect;
};

// values: one value per Study::parameters entry.
ModelParameters make_model_parameters(const Study& study, std::span<const double> values);

// Effective spend e_L per simulated month and lever for one scenario (deterministic: it depends
// only on the scenario's spend and the levers' lags; nothing is spent in the history). Index
// [m * levers + L] for simulated month m.
std::vector<double> effective_spend_schedule(const Study& study, const Scenario& scenario);

}  // namespace fundsim
