// Money in the file is labelled with the study's currency, and every file has the spend within
// the horizon that cost per outcome divides.
#include <gtest/gtest.h>

#include <string>

#include "output/variables.hpp"

namespace fundsim {
namespace {

const Variable* find(const std::vector<Variable>& all, const std::string& name) {
  for (const Variable& v : all)
    if (v.name == name) return &v;
  return nullptr;
}

Study study_in(const std::string& currency) {
  Study s;
  s.currency = currency;
  s.levers.resize(1);
  s.parameters.resize(1);
  return s;
}

TEST(Variables, MoneyUnitsFollowTheCurrency) {
  const std::vector<Variable> layout = layout_variables(study_in("AUD"), true, false);
  ASSERT_NE(find(layout, "spend"), nullptr);
  EXPECT_EQ(find(layout, "spend")->units, "AUD per month");
  EXPECT_EQ(find(layout, "budget")->units, "AUD");
  ASSERT_NE(find(layout, "spend_within_horizon"), nullptr);
  EXPECT_EQ(find(layout, "spend_within_horizon")->units, "AUD");
  EXPECT_EQ(find(layout, "spend_within_horizon")->dims, std::vector<std::string>{"scenario"});
  const std::vector<Variable> summaries = summary_variables("AUD");
  EXPECT_EQ(find(summaries, "cost_per_arrest_gained")->units, "AUD per arrest");
  EXPECT_EQ(find(summaries, "cost_per_contact_abuse_averted_quantile")->units, "AUD per event");
  EXPECT_EQ(find(summaries, "cost_per_offender_year_averted_se")->units, "AUD per offender-year");
  EXPECT_EQ(find(summaries, "cost_per_arrest_gained_nonpositive")->units, "replicates");
}

TEST(Variables, GbpByDefault) {
  EXPECT_EQ(find(layout_variables(Study{}, false, false), "budget")->units, "GBP");
  EXPECT_EQ(find(summary_variables(), "cost_per_arrest_gained")->units, "GBP per arrest");
}

}  // namespace
}  // namespace fundsim
