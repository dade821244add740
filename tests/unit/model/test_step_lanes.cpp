#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <vector>

#include "errors.hpp"
#include "model/draw_site.hpp"
#include "model/model_parameters.hpp"
#include "model/step.hpp"
#include "model/step_lanes.hpp"
#include "study_fixture.hpp"

namespace fundsim {
namespace {

// One lane's scenario: parameters (each lane may have its own, as scenarios with overrides do)
// and the scenario's spend schedule.
struct LaneCase {
  ModelParameters params;
  std::vector<double> schedule;
};

void expect_same_state(const State& a, const State& b, const std::string& where) {
  ASSERT_EQ(a.active, b.active) << where;
  ASSERT_EQ(a.backlog, b.backlog) << where;
  ASSERT_EQ(a.justice, b.justice) << where;
  ASSERT_EQ(a.desisted, b.desisted) << where;
  // Bitwise: the deterrence memory feeds the next month's onset.
  ASSERT_EQ(std::bit_cast<std::uint64_t>(a.smoothed_arrests),
            std::bit_cast<std::uint64_t>(b.smoothed_arrests))
      << where;
}

// Steps every lane with step_month_lanes and each lane alone with step_month, for all months,
// and requires the same outcome and state every month.
void expect_lanes_equal_alone(const Study& study, const std::vector<LaneCase>& cases, StreamKey key,
                              bool precomputed) {
  const std::size_t L = cases.size();
  const std::size_t levers = study.levers.size();
  const std::size_t classes = study.classes.size();
  const int months = cases[0].params.months;
  std::vector<Stream::Block> blocks;
  if (precomputed) precompute_first_blocks(key, months, classes, blocks);
  std::array<State, kSamplerLanes> lane_state, alone_state;
  std::array<MonthOutcome, kSamplerLanes> lane_outcome, alone_outcome;
  std::array<ScenarioLane, kSamplerLanes> lanes;
  for (std::size_t l = 0; l < L; ++l) {
    initial_state(cases[l].params, lane_state[l]);
    alone_state[l] = lane_state[l];
    lane_outcome[l].resize(classes);
    alone_outcome[l].resize(classes);
    lanes[l] = {&cases[l].params, {}, &lane_state[l], &lane_outcome[l]};
  }
  for (int t = 0; t < months; ++t) {
    const Stream::Block* first =
        precomputed ? blocks.data() + static_cast<std::size_t>(t) * draws_per_month(classes)
                    : nullptr;
    for (std::size_t l = 0; l < L; ++l) {
      lanes[l].effective_spend =
          std::span(cases[l].schedule.data() + static_cast<std::size_t>(t) * levers, levers);
    }
    step_month_lanes(std::span(lanes.data(), L), t, key, first);
    for (std::size_t l = 0; l < L; ++l) {
      step_month(cases[l].params, lanes[l].effective_spend, t, key, first, alone_state[l],
                 alone_outcome[l]);
      const std::string where =
          "lane " + std::to_string(l) + " of " + std::to_string(L) + ", month " + std::to_string(t);
      ASSERT_EQ(lane_outcome[l], alone_outcome[l]) << where;
      expect_same_state(lane_state[l], alone_state[l], where);
    }
  }
}

// The lanes are scenarios of the small study (different spend) on parameters of different
// replicates (as overrides would give), both triage rules, 1 to 4 lanes, with and without
// precomputed first blocks: every lane equals step_month alone, bitwise, every month.
TEST(StepLanes, EveryLaneEqualsTheScenarioSteppedAlone) {
  for (Triage triage : {Triage::priority, Triage::proportional}) {
    Study study = test::small_study();
    study.run.triage = triage;
    ASSERT_GE(study.scenarios.size(), 2U);
    for (std::uint64_t r = 0; r < 6; ++r) {
      for (std::size_t L = 1; L <= kSamplerLanes; ++L) {
        std::vector<LaneCase> cases;
        for (std::size_t l = 0; l < L; ++l) {
          const Scenario& scenario = study.scenarios[(r + l) % study.scenarios.size()];
          cases.push_back({make_model_parameters(study, test::sampled_values(study, r + l % 2)),
                           effective_spend_schedule(study, scenario)});
        }
        expect_lanes_equal_alone(study, cases, StreamKey{5, r}, r % 2 == 0);
        if (HasFatalFailure()) return;
      }
    }
  }
}

// Lanes whose draws are certain (no onset, no detection, certain arrest) take no part in a
// sampler call; the other lanes still equal step_month alone.
TEST(StepLanes, LanesWithCertainDrawsMixWithOthers) {
  Study study = test::small_study();
  std::vector<LaneCase> cases;
  for (std::size_t l = 0; l < kSamplerLanes; ++l) {
    ModelParameters params = make_model_parameters(study, test::sampled_values(study, l));
    for (ClassRates& c : params.classes) {
      if (l == 1) c.value[static_cast<std::size_t>(ClassParam::onset)] = 0.0;
      if (l == 2) c.value[static_cast<std::size_t>(ClassParam::attrition)] = 1.0;
      if (l == 3) c.value[static_cast<std::size_t>(ClassParam::offence_rate)] = 0.0;
    }
    cases.push_back({params, effective_spend_schedule(study, study.scenarios[0])});
  }
  expect_lanes_equal_alone(study, cases, StreamKey{11, 3}, true);
}

// A rate out of range in one lane is an error, as for step_month.
TEST(StepLanes, ARateOutOfRangeInOneLaneThrows) {
  Study study = test::small_study();
  std::vector<LaneCase> cases;
  for (std::size_t l = 0; l < 3; ++l) {
    cases.push_back({make_model_parameters(study, test::sampled_values(study, l)),
                     effective_spend_schedule(study, study.scenarios[0])});
  }
  cases[1].params.classes[0].value[static_cast<std::size_t>(ClassParam::onset)] = 1e300;
  std::array<State, 3> states;
  std::array<MonthOutcome, 3> outcomes;
  std::array<ScenarioLane, 3> lanes;
  const std::size_t levers = study.levers.size();
  for (std::size_t l = 0; l < 3; ++l) {
    initial_state(cases[l].params, states[l]);
    outcomes[l].resize(study.classes.size());
    lanes[l] = {&cases[l].params, std::span(cases[l].schedule.data(), levers), &states[l],
                &outcomes[l]};
  }
  EXPECT_THROW(step_month_lanes(lanes, 0, StreamKey{1, 1}, nullptr), NumericError);
  State alone;
  initial_state(cases[1].params, alone);
  MonthOutcome outcome;
  outcome.resize(study.classes.size());
  EXPECT_THROW(step_month(cases[1].params, lanes[1].effective_spend, 0, StreamKey{1, 1}, nullptr,
                          alone, outcome),
               NumericError);
}

}  // namespace
}  // namespace fundsim
