// Funding windows past the horizon: the money spent within it (by hand: budget x months inside
// / months funded) and the warnings validate and run print.
#include <gtest/gtest.h>

#include <string>

#include "study/funding_horizon.hpp"
#include "study/study.hpp"
#include "study_text.hpp"

namespace fundsim {
namespace {

using test::minimal_study;  // run.months = 12

TEST(SpendWithin, WindowThatFitsKeepsTheBudgetExactly) {
  Scenario s;
  s.budget = 0.1 * 3;  // not a round binary number: budget x 7 / 7 need not give it back
  s.start_month = 2;
  s.duration_months = 7;
  EXPECT_EQ(s.months_after(12), 0);
  EXPECT_EQ(s.spend_within(12), s.budget);  // bitwise: studies whose windows fit are unchanged
  EXPECT_EQ(s.spend_within(9), s.budget);   // ends exactly at the horizon
}

TEST(SpendWithin, WindowPastTheHorizon) {
  Scenario s;
  s.budget = 24e6;
  s.start_month = 6;
  s.duration_months = 12;  // months 6..17 of a 12-month run: 6 inside, 6 after
  EXPECT_EQ(s.months_after(12), 6);
  EXPECT_DOUBLE_EQ(s.spend_within(12), 12e6);
  s.start_month = 11;  // one month inside
  EXPECT_DOUBLE_EQ(s.spend_within(12), 2e6);
}

TEST(FundingPastHorizon, NamesScenariosAndSweepsOnce) {
  const std::string tail =
      "[[scenario]]\nname = \"base\"\nbudget = 0\nduration_months = 40\n"  // no money: no warning
      "[[scenario]]\nname = \"fits\"\nbudget = 1e6\nsplit = { x = 1 }\nduration_months = 12\n"
      "[[scenario]]\nname = \"long\"\nbudget = 18e6\nsplit = { x = 1 }\nduration_months = 18\n"
      "start_month = 3\n"
      "[[sweep]]\nname = \"grid\"\nbudget = 2e6\nlevers = [\"x\", \"y\"]\nstep = 0.5\n"
      "duration_months = 16\n";
  const Study study = parse_study(minimal_study(tail), "t.toml");
  const auto found = funding_past_horizon(study);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].name, "long");
  EXPECT_EQ(found[0].points, 0u);
  EXPECT_EQ(found[0].months_after, 9);  // months 3..20: 9 inside, 9 after
  EXPECT_DOUBLE_EQ(found[0].spent_within, 9e6);
  EXPECT_EQ(found[1].name, "grid");
  EXPECT_EQ(found[1].points, 3u);
  EXPECT_EQ(found[1].months_after, 4);
  EXPECT_DOUBLE_EQ(found[1].spent_within, 1.5e6);
  EXPECT_EQ(describe(found[0], study),
            "warning: scenario 'long' is funded for 9 of its 18 months after the horizon "
            "(run.months = 12): GBP 9,000,000 of its 18,000,000 is not simulated; cost per "
            "outcome uses the 9,000,000 spent within the horizon");
  EXPECT_NE(describe(found[1], study).find("sweep 'grid' (3 points, each) is funded for 4 of"),
            std::string::npos);
}

TEST(FundingPastHorizon, NoneWhenEveryWindowFits) {
  EXPECT_TRUE(funding_past_horizon(parse_study(minimal_study(), "t.toml")).empty());
}

}  // namespace
}  // namespace fundsim
