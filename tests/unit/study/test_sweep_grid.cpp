// Simplex grids of [[sweep]]: counts, order and names.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "errors.hpp"
#include "study/study.hpp"
#include "study/sweep_grid.hpp"
#include "study_text.hpp"

namespace fundsim {
namespace {

TEST(SweepGrid, Counts) {
  EXPECT_EQ(simplex_point_count(3, 10), 66u);
  EXPECT_EQ(simplex_point_count(4, 4), 35u);
  EXPECT_EQ(simplex_point_count(2, 2), 3u);
  EXPECT_EQ(simplex_point_count(2, 1), 2u);
  EXPECT_EQ(simplex_point_count(5, 20), 10626u);
  EXPECT_EQ(simplex_point_count(64, 1000000000), UINT64_MAX);  // saturates
  EXPECT_EQ(simplex_points(3, 10).size(), 66u);
  EXPECT_EQ(simplex_points(4, 4).size(), 35u);
  EXPECT_EQ(simplex_points(5, 20).size(), 10626u);
}

TEST(SweepGrid, OrderIsFirstLeverDescending) {
  const auto points = simplex_points(3, 2);
  const std::vector<std::vector<std::uint32_t>> expected = {{2, 0, 0}, {1, 1, 0}, {1, 0, 1},
                                                            {0, 2, 0}, {0, 1, 1}, {0, 0, 2}};
  EXPECT_EQ(points, expected);
  const auto many = simplex_points(4, 4);
  std::set<std::vector<std::uint32_t>> distinct(many.begin(), many.end());
  EXPECT_EQ(distinct.size(), many.size());
  for (std::size_t i = 1; i < many.size(); ++i)
    EXPECT_GT(many[i - 1], many[i]);  // strictly descending
  for (const auto& p : many) EXPECT_EQ(p[0] + p[1] + p[2] + p[3], 4u);
}

TEST(SweepGrid, StepDecimalsAndShareFormat) {
  EXPECT_EQ(step_decimals(1.0), 0);
  EXPECT_EQ(step_decimals(0.5), 1);
  EXPECT_EQ(step_decimals(0.1), 1);
  EXPECT_EQ(step_decimals(0.25), 2);
  EXPECT_EQ(step_decimals(0.05), 2);
  EXPECT_EQ(step_decimals(0.125), 3);
  EXPECT_EQ(format_share(0, 10, 1), "0");
  EXPECT_EQ(format_share(10, 10, 1), "1");
  EXPECT_EQ(format_share(7, 10, 1), "0.7");
  EXPECT_EQ(format_share(3, 10, 1), "0.3");
  EXPECT_EQ(format_share(1, 4, 2), "0.25");
  EXPECT_EQ(format_share(2, 4, 2), "0.50");
  EXPECT_EQ(format_share(1, 20, 2), "0.05");
  EXPECT_EQ(sweep_point_name("g", {"a", "b", "c"}, {7, 2, 1}, 10, 1), "g[a=0.7,b=0.2,c=0.1]");
}

std::string lever_block(const std::string& name) {
  return test::lever_section(name);
}

TEST(SweepExpansion, ThreeLeversStepTenth) {
  const std::string text = test::minimal_study(
      lever_block("z") +
      "[[scenario]]\nname = \"base\"\nbudget = 0\n"
      "[[sweep]]\nname = \"split-grid\"\nbudget = 23.6e6\nduration_months = 18\n"
      "levers = [\"x\", \"y\", \"z\"]\nstep = 0.1\n");
  const Study s = parse_study(text, "t.toml");
  ASSERT_EQ(s.scenarios.size(), 1u + 66u);
  EXPECT_EQ(s.scenarios[1].name, "split-grid[x=1,y=0,z=0]");
  EXPECT_EQ(s.scenarios[2].name, "split-grid[x=0.9,y=0.1,z=0]");
  EXPECT_EQ(s.scenarios[3].name, "split-grid[x=0.9,y=0,z=0.1]");
  EXPECT_EQ(s.scenarios[66].name, "split-grid[x=0,y=0,z=1]");
  bool found = false;
  for (const Scenario& sc : s.scenarios) {
    if (sc.name != "split-grid[x=0.7,y=0.2,z=0.1]") continue;
    found = true;
    ASSERT_EQ(sc.share.size(), 3u);
    EXPECT_DOUBLE_EQ(sc.share[0], 0.7);
    EXPECT_DOUBLE_EQ(sc.share[1], 0.2);
    EXPECT_DOUBLE_EQ(sc.share[2], 0.1);
    EXPECT_EQ(sc.duration_months, 18);
    EXPECT_EQ(sc.sweep, "split-grid");
  }
  EXPECT_TRUE(found);
  for (std::size_t i = 1; i < s.scenarios.size(); ++i) {
    double sum = 0;
    for (double v : s.scenarios[i].share) sum += v;
    EXPECT_NEAR(sum, 1.0, 1e-12);
  }
  EXPECT_EQ(s.baseline, 0u);
}

TEST(SweepExpansion, FourLeversStepQuarter) {
  const std::string text = test::minimal_study(lever_block("z") + lever_block("w") +
                                               "[[sweep]]\nname = \"q\"\nbudget = 1e6\nlevers = "
                                               "[\"w\", \"x\", \"y\", \"z\"]\nstep = 0.25\n");
  const Study s = parse_study(text, "t.toml");
  ASSERT_EQ(s.scenarios.size(), 35u);
  EXPECT_EQ(s.scenarios[0].name, "q[w=1,x=0,y=0,z=0]");
  EXPECT_EQ(s.scenarios[1].name, "q[w=0.75,x=0.25,y=0,z=0]");
  EXPECT_EQ(s.scenarios[34].name, "q[w=0,x=0,y=0,z=1]");
  // Shares follow the sweep's lever list, stored in declaration order (x, y, z, w).
  EXPECT_EQ(s.scenarios[1].share, (std::vector<double>{0.25, 0.0, 0.0, 0.75}));
  std::set<std::string> names;
  for (const Scenario& sc : s.scenarios) names.insert(sc.name);
  EXPECT_EQ(names.size(), 35u);
  EXPECT_TRUE(names.count("q[w=0.50,x=0.50,y=0,z=0]"));
  EXPECT_EQ(s.baseline, 0u);  // the first scenario, here a sweep point
}

TEST(SweepExpansion, StepTwentieth) {
  const std::string text = test::minimal_study(
      "[[sweep]]\nname = \"f\"\nbudget = 1e6\nlevers = [\"y\", \"x\"]\nstep = 0.05\n");
  const Study s = parse_study(text, "t.toml");
  ASSERT_EQ(s.scenarios.size(), 21u);
  EXPECT_EQ(s.scenarios[1].name, "f[y=0.95,x=0.05]");
  EXPECT_EQ(s.scenarios[10].name, "f[y=0.50,x=0.50]");
}

TEST(SweepExpansion, TooManyScenarios) {
  const std::string text = test::minimal_study(
      lever_block("z") + lever_block("w") + lever_block("v") +
      "[[sweep]]\nname = \"huge\"\nbudget = 1e6\nlevers = [\"v\", \"w\", \"x\", \"y\", \"z\"]\n"
      "step = 0.01\n");
  try {
    parse_study(text, "t.toml");
    FAIL() << "no exception";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("sweep[0].step"), std::string::npos) << msg;
    EXPECT_NE(msg.find("4598126"), std::string::npos) << msg;
    EXPECT_NE(msg.find("100000"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace fundsim
