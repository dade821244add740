// The project's default study, scenarios/uk-2018.toml (docs/model.md §9).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "study/study.hpp"

namespace fundsim {
namespace {

const std::string kDefault = std::string(FUNDSIM_SOURCE_DIR) + "/scenarios/uk-2018.toml";

TEST(DefaultStudy, Loads) {
  if (!std::filesystem::exists(kDefault)) GTEST_SKIP() << kDefault << " does not exist yet";
  const Study s = load_study(kDefault);
  EXPECT_EQ(s.name, "uk-2018");
  EXPECT_EQ(s.run.months, 60);
  EXPECT_EQ(s.run.start, "2018-10");
  EXPECT_EQ(s.run.replicates, 10000u);
  EXPECT_EQ(s.run.seed, 20180903u);
  EXPECT_EQ(s.run.sampling, Sampling::lhs);
  EXPECT_EQ(s.run.triage, Triage::priority);
  EXPECT_EQ(s.classes, (std::vector<std::string>{"noncontact", "groomer", "prolific"}));
  ASSERT_EQ(s.levers.size(), 4u);
  EXPECT_EQ(s.scenarios.size(), 6u + 66u);
  EXPECT_EQ(s.baseline, 0u);
  EXPECT_EQ(s.scenarios[0].name, "baseline");
  EXPECT_EQ(s.scenarios[6].sweep, "split-grid");
  EXPECT_EQ(s.scenarios[6].name, "split-grid[enforcement=1,prevention=0,detection=0]");
  // 5 globals, 3 x 16 class parameters, effects: 1 linear + 5 saturating x 2.
  EXPECT_EQ(s.parameters.size(), 5u + 48u + 1u + 10u);
}

}  // namespace
}  // namespace fundsim
