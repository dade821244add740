#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "model/draw_site.hpp"
#include "model/model_parameters.hpp"
#include "model/step.hpp"
#include "study_fixture.hpp"

namespace fundsim {
namespace {

struct Trajectory {
  std::vector<MonthOutcome> months;
  std::vector<State> states;  // state after each month
};

Trajectory simulate(const Study& study, const ModelParameters& params, const Scenario& scenario,
                    StreamKey key, bool precomputed) {
  const auto schedule = effective_spend_schedule(study, scenario);
  const std::size_t L = study.levers.size();
  std::vector<Stream::Block> blocks;
  if (precomputed) precompute_first_blocks(key, params.months, params.classes.size(), blocks);
  State state;
  initial_state(params, state);
  Trajectory out;
  out.states.push_back(state);
  for (int t = 0; t < params.months; ++t) {
    MonthOutcome outcome;
    outcome.resize(params.classes.size());
    const Stream::Block* first =
        precomputed ? blocks.data() + t * draws_per_month(params.classes.size()) : nullptr;
    step_month(params, std::span(schedule.data() + t * L, L), t, key, first, state, outcome);
    out.months.push_back(outcome);
    out.states.push_back(state);
  }
  return out;
}

// docs/model.md §4: for every class, A+Q+J changes in a month by N - W - (L - Y); D grows by W + L
// - Y.
TEST(Step, ConservationHoldsEveryMonthForBothTriageRules) {
  for (Triage triage : {Triage::priority, Triage::proportional}) {
    Study study = test::small_study();
    study.run.triage = triage;
    for (std::uint64_t r = 0; r < 20; ++r) {
      const ModelParameters params = make_model_parameters(study, test::sampled_values(study, r));
      for (const Scenario& scenario : study.scenarios) {
        const Trajectory tr = simulate(study, params, scenario, StreamKey{9, r}, true);
        for (std::size_t t = 0; t < tr.months.size(); ++t) {
          const State& before = tr.states[t];
          const State& after = tr.states[t + 1];
          const MonthOutcome& o = tr.months[t];
          std::int64_t released_not_reoffending = 0;
          for (std::size_t k = 0; k < params.classes.size(); ++k) {
            const std::int64_t stock_before =
                before.active[k] + before.backlog[k] + before.justice[k];
            const std::int64_t stock_after = after.active[k] + after.backlog[k] + after.justice[k];
            // L - Y = stock change subtracted from N - W; recover Y from it and check bounds.
            const std::int64_t reoffending =
                stock_after - stock_before - o.get(Metric::new_offenders, k) +
                o.get(Metric::desisted, k) + o.get(Metric::released, k);
            ASSERT_GE(reoffending, 0) << "class " << k << " month " << t;
            ASSERT_LE(reoffending, o.get(Metric::released, k));
            released_not_reoffending += o.get(Metric::released, k) - reoffending;
            ASSERT_GE(after.active[k], 0);
            ASSERT_GE(after.backlog[k], 0);
            ASSERT_GE(after.justice[k], 0);
            ASSERT_EQ(o.get(Metric::active, k), after.active[k] + after.backlog[k]);
            ASSERT_EQ(o.get(Metric::backlog, k), after.backlog[k]);
            ASSERT_EQ(o.get(Metric::in_justice, k), after.justice[k]);
            ASSERT_LE(o.get(Metric::arrests, k), o.get(Metric::investigations, k));
            ASSERT_LE(o.get(Metric::referrals, k), o.get(Metric::offences, k));
            ASSERT_LE(o.get(Metric::contact_abuse, k), o.get(Metric::offences, k));
          }
          std::int64_t desisted = 0, investigations = 0;
          for (std::size_t k = 0; k < params.classes.size(); ++k) {
            desisted += o.get(Metric::desisted, k);
            investigations += o.get(Metric::investigations, k);
          }
          ASSERT_EQ(after.desisted - before.desisted, desisted + released_not_reoffending);
          ASSERT_LE(investigations,
                    static_cast<std::int64_t>(std::floor(o.level(Metric::capacity))));
        }
      }
    }
  }
}

TEST(Step, SameKeyGivesIdenticalTrajectoryAndOtherReplicateDiffers) {
  const Study study = test::small_study();
  const ModelParameters params = make_model_parameters(study, test::sampled_values(study, 0));
  const Trajectory a = simulate(study, params, study.scenarios[0], StreamKey{5, 0}, false);
  const Trajectory b = simulate(study, params, study.scenarios[0], StreamKey{5, 0}, false);
  const Trajectory c = simulate(study, params, study.scenarios[0], StreamKey{5, 1}, false);
  const Trajectory d = simulate(study, params, study.scenarios[0], StreamKey{6, 0}, false);
  bool differs_c = false, differs_d = false;
  for (std::size_t t = 0; t < a.months.size(); ++t) {
    ASSERT_EQ(a.months[t], b.months[t]);
    differs_c |= a.months[t] != c.months[t];
    differs_d |= a.months[t] != d.months[t];
  }
  EXPECT_TRUE(differs_c);
  EXPECT_TRUE(differs_d);
}

TEST(Step, PrecomputedFirstBlocksGiveBitwiseTheSameTrajectory) {
  const Study study = test::small_study();
  for (std::uint64_t r = 0; r < 10; ++r) {
    const ModelParameters params = make_model_parameters(study, test::sampled_values(study, r));
    for (const Scenario& scenario : study.scenarios) {
      const Trajectory a = simulate(study, params, scenario, StreamKey{3, r}, false);
      const Trajectory b = simulate(study, params, scenario, StreamKey{3, r}, true);
      for (std::size_t t = 0; t < a.months.size(); ++t) {
        ASSERT_EQ(a.months[t], b.months[t]);
      }
    }
  }
}

// Common random numbers: a scenario that spends nothing reproduces the baseline exactly, and a
// funded scenario agrees with the baseline until its spending starts to act.
TEST(Step, ScenariosShareRandomNumbersDrawByDraw) {
  Study study = test::small_study();
  const ModelParameters params = make_model_parameters(study, test::sampled_values(study, 2));
  Scenario idle = study.scenarios[0];
  idle.name = "idle";
  Scenario late = study.scenarios[1];  // announced-2018, moved to start in month 6
  late.start_month = 6;
  const Trajectory base = simulate(study, params, study.scenarios[0], StreamKey{1, 2}, true);
  const Trajectory same = simulate(study, params, idle, StreamKey{1, 2}, true);
  const Trajectory funded = simulate(study, params, late, StreamKey{1, 2}, true);
  for (std::size_t t = 0; t < base.months.size(); ++t) {
    ASSERT_EQ(base.months[t], same.months[t]);
    if (t < 6) {
      ASSERT_EQ(base.months[t], funded.months[t]) << "month " << t;
    }
  }
  EXPECT_NE(base.months.back(), funded.months.back());
}

TEST(Step, ZeroOffendersStayZero) {
  Study study = test::small_study();
  auto values = test::sampled_values(study, 0);
  for (std::size_t k = 0; k < study.classes.size(); ++k) {
    for (ClassParam p : {ClassParam::initial_active, ClassParam::initial_backlog,
                         ClassParam::initial_justice, ClassParam::onset}) {
      values[Study::class_index(k, p)] = 0.0;
    }
  }
  const ModelParameters params = make_model_parameters(study, values);
  const Trajectory tr = simulate(study, params, study.scenarios[1], StreamKey{1, 0}, true);
  for (const MonthOutcome& o : tr.months) {
    for (Metric m : all_metrics()) {
      if (is_level(m)) continue;
      for (std::size_t k = 0; k < (metric_info(m).per_class ? o.classes() : 1); ++k)
        ASSERT_EQ(o.get(m, k), 0) << metric_name(m);
    }
  }
}

TEST(DrawSite, SitesAreDistinct) {
  std::vector<std::uint64_t> sites;
  for (int t = 0; t < 1200; t += 97) {
    for (std::size_t k = 0; k < kMaxClasses; ++k) {
      for (auto step :
           {DrawStep::onset, DrawStep::offences, DrawStep::referrals, DrawStep::identification,
            DrawStep::contact, DrawStep::desistance, DrawStep::attrition, DrawStep::arrests,
            DrawStep::release, DrawStep::reoffend}) {
        sites.push_back(draw_site(t, k, step));
      }
    }
    sites.push_back(draw_site(t, kNoClass, DrawStep::safeguarded));
  }
  std::sort(sites.begin(), sites.end());
  EXPECT_EQ(std::adjacent_find(sites.begin(), sites.end()), sites.end());
}

}  // namespace
}  // namespace fundsim
