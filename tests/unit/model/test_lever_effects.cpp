#include <gtest/gtest.h>

#include <cmath>

#include "model/lever_effects.hpp"
#include "model/model_parameters.hpp"
#include "study_fixture.hpp"

namespace fundsim {
namespace {

TEST(LeverEffects, SaturatingCurveHalvesAtHalfSpend) {
  EXPECT_DOUBLE_EQ(saturating_effect(0.4, 1e6, 0.0), 0.0);
  EXPECT_NEAR(saturating_effect(0.4, 1e6, 1e6), 0.2, 1e-15);
  EXPECT_NEAR(saturating_effect(0.4, 1e6, 2e6), 0.3, 1e-15);
  EXPECT_NEAR(saturating_effect(0.4, 1e6, 1e12), 0.4, 1e-15);
}

TEST(LeverEffects, LagZeroFollowsSpendExactly) {
  Study study = test::small_study();
  for (auto& lever : study.levers) lever.lag = 0.0;
  const Scenario& s = study.scenarios[1];  // announced-2018
  const auto schedule = effective_spend_schedule(study, s);
  const std::size_t L = study.levers.size();
  for (int t = 0; t < study.run.months; ++t) {
    for (std::size_t l = 0; l < L; ++l) EXPECT_EQ(schedule[t * L + l], s.spend(l, t));
  }
}

TEST(LeverEffects, LagRampsUpAndDownExponentially) {
  Study study = test::small_study();
  const Scenario& s = study.scenarios[1];  // announced-2018: 18 months from month 0
  const auto schedule = effective_spend_schedule(study, s);
  const std::size_t L = study.levers.size();
  for (std::size_t l = 0; l < L; ++l) {
    const double lag = study.levers[l].lag;
    const double spend = s.spend(l, 0);
    if (lag == 0.0 || spend == 0.0) continue;
    const double keep = std::exp(-1.0 / lag);
    for (int t = 0; t < study.run.months; ++t) {
      // Closed form of the recursion with e(-1) = 0 and constant spend while funded.
      const int funded = std::min(t + 1, s.duration_months);
      double expected = spend * (1.0 - std::pow(keep, funded));
      if (t >= s.duration_months) expected *= std::pow(keep, t + 1 - s.duration_months);
      EXPECT_NEAR(schedule[t * L + l], expected, 1e-9 * spend) << "lever " << l << " month " << t;
    }
  }
}

TEST(LeverEffects, EffectsModifyTheirTargetsAndClasses) {
  const Study study = test::small_study();
  const auto values = test::sampled_values(study, 3);
  const ModelParameters params = make_model_parameters(study, values);
  const std::size_t L = study.levers.size();
  const std::size_t K = study.classes.size();
  MonthRates base{}, funded{};
  const std::vector<double> none(L, 0.0);
  evaluate_levers(params, none, 5, base);
  // No spend: base values exactly.
  EXPECT_EQ(base(Rate::capacity), params[GlobalParam::base_capacity]);
  for (std::size_t k = 0; k < K; ++k) {
    EXPECT_EQ(base(Rate::onset_multiplier, k), 1.0);
    EXPECT_EQ(base(Rate::detect, k), params.base_detect[5 * K + k]);
    EXPECT_EQ(base(Rate::arrest, k), params.classes[k][ClassParam::arrest]);
    EXPECT_EQ(base(Rate::contact, k), params.classes[k][ClassParam::contact]);
    EXPECT_EQ(base(Rate::safeguard, k), params.classes[k][ClassParam::safeguard_per_arrest]);
  }
  // Spend on every lever: recompute the expected values from section 3 independently.
  std::vector<double> spend(L, 2e6);
  evaluate_levers(params, spend, 5, funded);
  double capacity = params[GlobalParam::base_capacity];
  std::vector<double> m(K, 1.0), p(K), q(K), c(K), s(K);
  for (std::size_t k = 0; k < K; ++k) {
    p[k] = params.base_detect[5 * K + k];
    q[k] = params.classes[k][ClassParam::desist];
    c[k] = params.classes[k][ClassParam::contact];
    s[k] = params.classes[k][ClassParam::safeguard_per_arrest];
  }
  for (const EffectParams& e : params.effects) {
    if (e.curve == EffectCurve::linear) {
      capacity += 2e6 / e.curve_params[0];  // unit_cost
      continue;
    }
    const double max_effect = e.curve_params[0], half_spend = e.curve_params[1];
    const double v = max_effect * (1.0 - std::exp(-std::log(2.0) * 2e6 / half_spend));
    for (std::size_t k = 0; k < K; ++k) {
      if (!((e.class_mask >> k) & 1U)) continue;
      if (e.target == EffectTarget::onset) m[k] *= 1 - v;
      if (e.target == EffectTarget::detection) p[k] = 1 - (1 - p[k]) * (1 - v);
      if (e.target == EffectTarget::desistance) q[k] = 1 - (1 - q[k]) * (1 - v);
      if (e.target == EffectTarget::contact) c[k] *= 1 - v;
      if (e.target == EffectTarget::safeguard) s[k] *= 1 + v;
    }
  }
  EXPECT_NEAR(funded(Rate::capacity), capacity, 1e-9 * capacity);
  EXPECT_GT(funded(Rate::capacity), base(Rate::capacity));
  for (std::size_t k = 0; k < K; ++k) {
    EXPECT_NEAR(funded(Rate::onset_multiplier, k), m[k], 1e-12);
    EXPECT_NEAR(funded(Rate::detect, k), p[k], 1e-12);
    EXPECT_NEAR(funded(Rate::desist, k), q[k], 1e-12);
    EXPECT_NEAR(funded(Rate::contact, k), c[k], 1e-12);
    EXPECT_NEAR(funded(Rate::safeguard, k), s[k], 1e-12 * s[k]);
    // small.toml: safeguarding also raises children safeguarded per arrest, in every class.
    EXPECT_GT(funded(Rate::safeguard, k), base(Rate::safeguard, k));
  }
  // small.toml: safeguarding acts on groomers only.
  const std::size_t groomer = 1;
  if (params.classes[groomer][ClassParam::contact] > 0) {
    EXPECT_LT(funded(Rate::contact, groomer), base(Rate::contact, groomer));
  }
  EXPECT_EQ(funded(Rate::contact, 0), base(Rate::contact, 0));
  EXPECT_EQ(funded(Rate::contact, 2), base(Rate::contact, 2));
}

TEST(ModelParameters, DetectionGrowsWithTrendAndIsCappedAtOne) {
  Study study = test::small_study();
  auto values = test::sampled_values(study, 0);
  values[Study::class_index(0, ClassParam::detect)] = 0.5;
  values[Study::class_index(0, ClassParam::detect_trend)] = 1.0;  // doubles every year
  const ModelParameters params = make_model_parameters(study, values);
  const std::size_t K = study.classes.size();
  EXPECT_DOUBLE_EQ(params.base_detect[0 * K], 0.5);
  EXPECT_NEAR(params.base_detect[6 * K], 0.5 * std::sqrt(2.0), 1e-12);
  EXPECT_DOUBLE_EQ(params.base_detect[12 * K], 1.0);
  EXPECT_DOUBLE_EQ(params.base_detect[23 * K], 1.0);  // min(1, ...)
}

}  // namespace
}  // namespace fundsim
