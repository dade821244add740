// A study with a history (docs/model.md §4 "History"): the months before the policy start are
// simulated once per replicate and every scenario branches from the same state, so they are
// identical across scenarios; totals, years and paired differences cover the policy months;
// threads do not change a bit.
#include <gtest/gtest.h>

#include <string>

#include "errors.hpp"
#include "run/evaluate.hpp"
#include "study/study.hpp"

namespace fundsim {
namespace {

Study with_history(const std::string& history_start) {
  Study study = load_study(std::string(FUNDSIM_SOURCE_DIR) + "/scenarios/small.toml");
  std::string text = study.text;
  const std::string start = "start = \"2018-10\"";
  const auto at = text.find(start);
  EXPECT_NE(at, std::string::npos);
  text.insert(at + start.size(), "\nhistory_start = \"" + history_start + "\"");
  return parse_study(text, "small-with-history.toml");
}

TEST(History, MonthsBeforeThePolicyStartAreSharedByEveryScenario) {
  const Study study = with_history("2017-04");
  ASSERT_EQ(study.run.history_months, 18);
  ASSERT_EQ(study.run.simulated_months(), 18 + study.run.months);
  EvaluationRequest request;
  request.replicates = 30;
  request.seed = 3;
  request.threads = 2;
  request.monthly = {Metric::arrests, Metric::active, Metric::referrals};
  const Evaluation e = evaluate(study, request);
  const std::size_t T = e.months, H = 18, Q = request.monthly.size();
  ASSERT_EQ(T, 18u + static_cast<std::size_t>(study.run.months));
  bool policy_differs = false;
  for (std::size_t s = 1; s < e.scenarios; ++s) {
    if (!study.scenarios[s].sweep.empty()) continue;  // monthly series of named scenarios only
    for (std::size_t r = 0; r < e.replicates; ++r) {
      for (std::size_t q = 0; q < Q; ++q) {
        const std::int64_t* base = &e.monthly[((0 * e.replicates + r) * Q + q) * T];
        const std::int64_t* own = &e.monthly[((s * e.replicates + r) * Q + q) * T];
        for (std::size_t t = 0; t < H; ++t) ASSERT_EQ(own[t], base[t]) << s << " " << r << " " << t;
        for (std::size_t t = H; t < T; ++t) policy_differs |= own[t] != base[t];
      }
    }
  }
  EXPECT_TRUE(policy_differs);
  // Totals cover the policy months only.
  for (std::size_t s = 0; s < e.scenarios; ++s) {
    if (!study.scenarios[s].sweep.empty()) continue;
    for (std::size_t r = 0; r < e.replicates; ++r) {
      const std::int64_t* arrests = &e.monthly[((s * e.replicates + r) * Q + 0) * T];
      std::int64_t policy = 0;
      for (std::size_t t = H; t < T; ++t) policy += arrests[t];
      EXPECT_EQ(e.total(s, r, Metric::arrests), policy);
      const std::int64_t* active = &e.monthly[((s * e.replicates + r) * Q + 1) * T];
      EXPECT_EQ(e.total(s, r, Metric::active), active[T - 1]);
    }
  }
  request.threads = 1;
  const Evaluation one = evaluate(study, request);
  EXPECT_EQ(one.monthly, e.monthly);
  EXPECT_EQ(one.horizon, e.horizon);
}

TEST(History, StudyRules) {
  const Study plain = load_study(std::string(FUNDSIM_SOURCE_DIR) + "/scenarios/small.toml");
  EXPECT_EQ(plain.run.history_months, 0);
  for (const char* bad : {"2018-10", "2019-01", "2018-13", "1900-01"}) {
    try {
      with_history(bad);
      ADD_FAILURE() << bad << " accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("run.history_start"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace fundsim
