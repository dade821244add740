// tests/data/studies/small.toml parsed end to end: names, order, indices, shares, sweeps.
#include <gtest/gtest.h>

#include <string>

#include "errors.hpp"
#include "study/study.hpp"

namespace fundsim {
namespace {

const std::string kSmall = std::string(FUNDSIM_SOURCE_DIR) + "/tests/data/studies/small.toml";

class SmallStudy : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { study_ = new Study(load_study(kSmall)); }
  static void TearDownTestSuite() {
    delete study_;
    study_ = nullptr;
  }
  static const Study& s() { return *study_; }
  static Study* study_;
};
Study* SmallStudy::study_ = nullptr;

TEST_F(SmallStudy, TopLevel) {
  EXPECT_EQ(s().file, kSmall);
  EXPECT_EQ(s().schema_version, 1);
  EXPECT_EQ(s().name, "small-test");
  EXPECT_EQ(s().description, "Small study for the study-reader tests");
  EXPECT_EQ(s().currency, "AUD");
  EXPECT_NE(s().text.find("name = \"small-test\""), std::string::npos);
  EXPECT_EQ(s().text.substr(0, 1), "#");
}

TEST_F(SmallStudy, RunSettings) {
  EXPECT_EQ(s().run.months, 24);
  EXPECT_EQ(s().run.start, "2020-01");
  EXPECT_EQ(s().run.replicates, 50u);
  EXPECT_EQ(s().run.seed, 12345u);
  EXPECT_EQ(s().run.sampling, Sampling::lhs);
  EXPECT_EQ(s().run.triage, Triage::proportional);
}

TEST_F(SmallStudy, ClassesAndParameterOrder) {
  ASSERT_EQ(s().classes, (std::vector<std::string>{"viewer", "groomer"}));
  // 5 globals + 2 * 16 class parameters + 3 saturating effects * 2 + 1 linear effect.
  ASSERT_EQ(s().parameters.size(), 5u + 32u + 6u + 1u);
  EXPECT_EQ(s().parameters[0].name, "onset_growth");
  EXPECT_EQ(s().parameters[4].name, "deterrence_lag");
  for (std::size_t i = 0; i < kGlobalParamCount; ++i)
    EXPECT_EQ(s().parameters[Study::global_index(static_cast<GlobalParam>(i))].name,
              global_param_name(static_cast<GlobalParam>(i)));
  for (std::size_t k = 0; k < 2; ++k)
    for (std::size_t i = 0; i < kClassParamCount; ++i) {
      const auto p = static_cast<ClassParam>(i);
      EXPECT_EQ(s().parameters[Study::class_index(k, p)].name,
                s().classes[k] + "." + class_param_name(p));
    }
  EXPECT_EQ(s().parameters[5].name, "viewer.initial_active");
  EXPECT_EQ(s().parameters[Study::class_index(1, ClassParam::priority)].name, "groomer.priority");
  EXPECT_EQ(s().parameters[36].name, "groomer.priority");
  EXPECT_EQ(s().parameters[37].name, "prevention.onset.max_effect");
  EXPECT_EQ(s().parameters[38].name, "prevention.onset.half_spend");
  EXPECT_EQ(s().parameters[39].name, "prevention.desistance.max_effect");
  EXPECT_EQ(s().parameters[40].name, "prevention.desistance.half_spend");
  EXPECT_EQ(s().parameters[41].name, "prevention.onset#2.max_effect");
  EXPECT_EQ(s().parameters[42].name, "prevention.onset#2.half_spend");
  EXPECT_EQ(s().parameters[43].name, "enforcement.capacity.unit_cost");
}

TEST_F(SmallStudy, ParameterValuesRangesAndLocations) {
  const auto& p = s().parameters;
  EXPECT_EQ(p[0].dist.kind, DistKind::uniform);
  EXPECT_DOUBLE_EQ(p[0].dist.a, 0.0);
  EXPECT_DOUBLE_EQ(p[0].dist.b, 0.1);
  EXPECT_EQ(p[0].line, 18);
  EXPECT_EQ(p[0].column, 16);
  EXPECT_TRUE(p[2].dist.is_fixed());
  EXPECT_DOUBLE_EQ(p[2].dist.a, 400.0);
  EXPECT_EQ(p[2].line, 20);
  EXPECT_EQ(p[2].column, 15);

  const auto& reoffend = p[Study::class_index(0, ClassParam::reoffend)];
  EXPECT_EQ(reoffend.dist.kind, DistKind::normal);
  EXPECT_TRUE(reoffend.dist.clamp);
  EXPECT_DOUBLE_EQ(reoffend.range.lo, 0.0);
  EXPECT_DOUBLE_EQ(reoffend.range.hi, 1.0);

  const auto& trend = p[Study::class_index(0, ClassParam::detect_trend)];
  EXPECT_EQ(trend.dist.kind, DistKind::normal);
  EXPECT_DOUBLE_EQ(trend.dist.lo, -0.5);
  EXPECT_DOUBLE_EQ(trend.dist.hi, 1.0);
  EXPECT_FALSE(trend.dist.clamp);

  const auto& actionable = p[Study::class_index(0, ClassParam::actionable)];
  EXPECT_EQ(actionable.dist.kind, DistKind::triangular);
  EXPECT_DOUBLE_EQ(actionable.dist.a, 0.06);
  EXPECT_DOUBLE_EQ(actionable.dist.b, 0.1);
  EXPECT_DOUBLE_EQ(actionable.dist.c, 0.18);

  EXPECT_DOUBLE_EQ(p[Study::class_index(1, ClassParam::onset)].dist.a, 190.5);
  EXPECT_EQ(p[37].dist.kind, DistKind::uniform);
  EXPECT_DOUBLE_EQ(p[37].range.hi, 1.0);
  EXPECT_EQ(p[43].dist.kind, DistKind::lognormal);
  EXPECT_DOUBLE_EQ(p[43].dist.a, 10000.0);
  EXPECT_DOUBLE_EQ(p[43].dist.b, 1.8);
  EXPECT_TRUE(p[43].range.lo_open);
}

TEST_F(SmallStudy, LeversAndEffects) {
  ASSERT_EQ(s().levers.size(), 2u);
  const LeverDecl& prevention = s().levers[0];
  EXPECT_EQ(prevention.name, "prevention");
  EXPECT_DOUBLE_EQ(prevention.lag, 3.0);
  ASSERT_EQ(prevention.effects.size(), 3u);
  EXPECT_EQ(prevention.effects[0].target, EffectTarget::onset);
  EXPECT_EQ(prevention.effects[0].curve, EffectCurve::saturating);
  EXPECT_EQ(prevention.effects[0].class_mask, 0b11u);
  EXPECT_EQ(prevention.effects[0].first_param, 37u);
  EXPECT_EQ(prevention.effects[1].target, EffectTarget::desistance);
  EXPECT_EQ(prevention.effects[1].class_mask, 0b10u);
  EXPECT_EQ(prevention.effects[1].first_param, 39u);
  EXPECT_EQ(prevention.effects[2].target, EffectTarget::onset);
  EXPECT_EQ(prevention.effects[2].class_mask, 0b01u);
  EXPECT_EQ(prevention.effects[2].first_param, 41u);

  const LeverDecl& enforcement = s().levers[1];
  EXPECT_EQ(enforcement.name, "enforcement");
  EXPECT_DOUBLE_EQ(enforcement.lag, 6.0);
  ASSERT_EQ(enforcement.effects.size(), 1u);
  EXPECT_EQ(enforcement.effects[0].target, EffectTarget::capacity);
  EXPECT_EQ(enforcement.effects[0].curve, EffectCurve::linear);
  EXPECT_EQ(enforcement.effects[0].first_param, 43u);
  EXPECT_STREQ(effect_target_name(EffectTarget::capacity), "capacity");
  EXPECT_STREQ(effect_target_name(EffectTarget::desistance), "desistance");
}

TEST_F(SmallStudy, ScenariosAndShares) {
  ASSERT_EQ(s().scenarios.size(), 3u + 3u);
  const Scenario& announced = s().scenarios[0];
  EXPECT_EQ(announced.name, "announced");
  EXPECT_DOUBLE_EQ(announced.budget, 23.6e6);
  EXPECT_EQ(announced.duration_months, 18);
  EXPECT_EQ(announced.start_month, 0);
  ASSERT_EQ(announced.share.size(), 2u);
  EXPECT_DOUBLE_EQ(announced.share[0], 2.6e6 / 23.6e6);
  EXPECT_DOUBLE_EQ(announced.share[1], 21.0e6 / 23.6e6);
  EXPECT_NEAR(announced.spend(1, 0), 21.0e6 / 18, 1e-6);
  EXPECT_NEAR(announced.spend(0, 17), 2.6e6 / 18, 1e-6);
  EXPECT_EQ(announced.spend(0, 18), 0.0);
  EXPECT_TRUE(announced.overrides.empty());
  EXPECT_TRUE(announced.sweep.empty());

  const Scenario& nothing = s().scenarios[1];
  EXPECT_EQ(nothing.name, "nothing");
  EXPECT_EQ(nothing.budget, 0.0);
  EXPECT_EQ(nothing.duration_months, 12);
  EXPECT_EQ(nothing.share, (std::vector<double>{0.0, 0.0}));
  EXPECT_EQ(nothing.spend(0, 0), 0.0);
  ASSERT_EQ(nothing.overrides.size(), 2u);  // sorted by parameter index
  EXPECT_EQ(nothing.overrides[0].parameter,
            Study::global_index(GlobalParam::deterrence_elasticity));
  EXPECT_EQ(nothing.overrides[0].dist.kind, DistKind::uniform);
  EXPECT_EQ(nothing.overrides[1].parameter, Study::class_index(1, ClassParam::detect_trend));
  EXPECT_TRUE(nothing.overrides[1].dist.is_fixed());
  EXPECT_EQ(nothing.overrides[1].dist.a, 0.0);

  const Scenario& prevention = s().scenarios[2];
  EXPECT_EQ(prevention.name, "prevention-only");
  EXPECT_DOUBLE_EQ(prevention.budget, 5e6);
  EXPECT_EQ(prevention.share, (std::vector<double>{1.0, 0.0}));
  EXPECT_EQ(prevention.start_month, 6);
  EXPECT_EQ(prevention.spend(0, 5), 0.0);
  EXPECT_DOUBLE_EQ(prevention.spend(0, 6), 5e6 / 12);
  EXPECT_DOUBLE_EQ(prevention.spend(0, 17), 5e6 / 12);
  EXPECT_EQ(prevention.spend(0, 18), 0.0);
  EXPECT_EQ(prevention.spend(1, 6), 0.0);
}

TEST_F(SmallStudy, SweepExpansion) {
  const auto& sc = s().scenarios;
  EXPECT_EQ(sc[3].name, "grid[enforcement=1,prevention=0]");
  EXPECT_EQ(sc[4].name, "grid[enforcement=0.5,prevention=0.5]");
  EXPECT_EQ(sc[5].name, "grid[enforcement=0,prevention=1]");
  for (std::size_t i = 3; i < 6; ++i) {
    EXPECT_EQ(sc[i].sweep, "grid");
    EXPECT_DOUBLE_EQ(sc[i].budget, 10e6);
    EXPECT_EQ(sc[i].duration_months, 12);
    EXPECT_EQ(sc[i].start_month, 0);
    EXPECT_TRUE(sc[i].overrides.empty());
  }
  // share is indexed by lever declaration order (prevention, enforcement).
  EXPECT_EQ(sc[3].share, (std::vector<double>{0.0, 1.0}));
  EXPECT_EQ(sc[4].share, (std::vector<double>{0.5, 0.5}));
  EXPECT_EQ(sc[5].share, (std::vector<double>{1.0, 0.0}));
}

TEST_F(SmallStudy, Baseline) {
  EXPECT_EQ(s().baseline, 1u);
  EXPECT_EQ(s().scenarios[s().baseline].name, "nothing");
}

TEST(LoadStudy, ParseStudyMatchesLoadStudy) {
  const Study a = load_study(kSmall);
  const Study b = parse_study(a.text, "other.toml");
  EXPECT_EQ(b.file, "other.toml");
  EXPECT_EQ(b.parameters.size(), a.parameters.size());
  EXPECT_EQ(b.scenarios.size(), a.scenarios.size());
  EXPECT_EQ(b.text, a.text);
}

TEST(LoadStudy, MissingFile) {
  const std::string path =
      std::string(FUNDSIM_SOURCE_DIR) + "/tests/data/studies/does-not-exist.toml";
  try {
    load_study(path);
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), path + ": cannot read study file: No such file or directory");
  }
}

TEST(LoadStudy, DirectoryIsNotAStudy) {
  const std::string path = std::string(FUNDSIM_SOURCE_DIR) + "/tests/data/studies";
  try {
    load_study(path);
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(path + ": cannot read study file: ", 0), 0u) << e.what();
  }
}

}  // namespace
}  // namespace fundsim
