// [[objective]] (docs/study-format.md §8): parsed values, defaults, and a located message for
// every malformed declaration.
#include <gtest/gtest.h>

#include <string>

#include "errors.hpp"
#include "study/study.hpp"
#include "study_text.hpp"

namespace fundsim {
namespace {

const std::string kScenarios =
    "[[scenario]]\nname = \"base\"\nbudget = 0\n"
    "[[scenario]]\nname = \"more\"\nbudget = 1e6\nsplit = { x = 1 }\n";

std::string with_objective(const std::string& objective) {
  return test::minimal_study(kScenarios + objective);
}

using test::error_of;

TEST(Objectives, DefaultsAreTheHeadlineMetrics) {
  const Study s = parse_study(test::minimal_study(kScenarios), "t.toml");
  ASSERT_EQ(s.objectives.size(), 4u);
  EXPECT_EQ(s.objectives[0].name, "contact_abuse");
  EXPECT_EQ(s.objectives[0].direction, Direction::minimise);
  EXPECT_EQ(s.objectives[1].name, "arrests");
  EXPECT_EQ(s.objectives[1].direction, Direction::maximise);
  EXPECT_EQ(s.objectives[2].name, "safeguarded");
  EXPECT_EQ(s.objectives[3].name, "active");
  EXPECT_EQ(s.objectives[3].direction, Direction::minimise);
  for (const Objective& o : s.objectives) {
    EXPECT_FALSE(o.from_study);
    EXPECT_EQ(o.risk, RiskMeasure::mean);
    EXPECT_EQ(o.year, -1);
  }
}

TEST(Objectives, ParsedAsWritten) {
  const Study s = parse_study(
      with_objective("[[objective]]\nname = \"harm\"\ndirection = \"minimise\"\n"
                     "weights = { contact_abuse = 6520, arrests = -100 }\nyear = 1\n"
                     "risk = \"cvar\"\nlevel = 0.1\nunits = \"GBP\"\n"
                     "[[objective]]\nname = \"beat\"\ndirection = \"maximise\"\n"
                     "weights = { arrests = 1 }\nrisk = \"p_beat\"\nreference = \"more\"\n"),
      "t.toml");
  ASSERT_EQ(s.objectives.size(), 2u);
  const Objective& harm = s.objectives[0];
  EXPECT_TRUE(harm.from_study);
  ASSERT_EQ(harm.weights.size(), 2u);
  EXPECT_EQ(harm.weights[0].first, Metric::contact_abuse);
  EXPECT_EQ(harm.weights[0].second, 6520.0);
  EXPECT_EQ(harm.weights[1].second, -100.0);
  EXPECT_EQ(harm.year, 0);  // written 1-based
  EXPECT_EQ(harm.risk, RiskMeasure::cvar);
  EXPECT_EQ(harm.level, 0.1);
  EXPECT_EQ(harm.units, "GBP");
  EXPECT_EQ(s.objectives[1].reference, 1u);
  EXPECT_EQ(s.objectives[1].direction, Direction::maximise);
}

TEST(Objectives, PBeatDefaultsToTheBaseline) {
  const Study s =
      parse_study(with_objective("[[objective]]\nname = \"b\"\ndirection = \"maximise\"\n"
                                 "weights = { arrests = 1 }\nrisk = \"p_beat\"\n"),
                  "t.toml");
  EXPECT_EQ(s.objectives[0].reference, s.baseline);
}

struct Bad {
  const char* objective;
  const char* message;  // expected in the error, after the location
};

class MalformedObjective : public ::testing::TestWithParam<Bad> {};

TEST_P(MalformedObjective, IsRejectedWithLocationAndKeyPath) {
  const std::string text = with_objective(GetParam().objective);
  const std::string message = error_of(text);
  EXPECT_EQ(message.rfind("t.toml:", 0), 0u) << message;
  EXPECT_NE(message.find(GetParam().message), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Objectives, MalformedObjective,
    ::testing::Values(
        Bad{"[[objective]]\nname = \"o\"\ndirection = \"minimize\"\nweights = { arrests = 1 }\n",
            "objective[0].direction: unknown direction 'minimize'; did you mean 'minimise'?"},
        Bad{"[[objective]]\nname = \"o\"\ndirection = \"minimise\"\nweights = { contact = 1 }\n",
            "objective[0].weights.contact: unknown metric 'contact'"},
        Bad{"[[objective]]\nname = \"o\"\ndirection = \"minimise\"\nweights = { capacity = 1 }\n",
            "objective[0].weights.capacity: unknown metric 'capacity'"},
        Bad{"[[objective]]\nname = \"o\"\ndirection = \"minimise\"\nweights = {}\n",
            "objective[0].weights: must weigh at least one metric"},
        Bad{"[[objective]]\nname = \"o\"\ndirection = \"minimise\"\nweights = { arrests = 0 }\n",
            "objective[0].weights.arrests: a weight of 0 weighs nothing"},
        Bad{"[[objective]]\nname = \"o\"\ndirection = \"minimise\"\nweights = { arrests = 1 }\n"
            "risk = \"quantile\"\n",
            "objective[0].level: risk = \"quantile\" needs a level in (0, 1)"},
        Bad{"[[objective]]\nname = \"o\"\ndirection = \"minimise\"\nweights = { arrests = 1 }\n"
            "risk = \"cvar\"\nlevel = 1.5\n",
            "objective[0].level: must be in (0, 1), not 1.5"},
        Bad{"[[objective]]\nname = \"o\"\ndirection = \"minimise\"\nweights = { arrests = 1 }\n"
            "level = 0.5\n",
            "objective[0].level: only risk = \"quantile\" or \"cvar\" takes a level"},
        Bad{"[[objective]]\nname = \"o\"\ndirection = \"minimise\"\nweights = { arrests = 1 }\n"
            "reference = \"more\"\n",
            "objective[0].reference: only risk = \"p_beat\""},
        Bad{"[[objective]]\nname = \"o\"\ndirection = \"minimise\"\nweights = { arrests = 1 }\n"
            "risk = \"p_beat\"\nreference = \"mor\"\n",
            "objective[0].reference: no scenario is named 'mor'; did you mean 'more'?"},
        Bad{"[[objective]]\nname = \"o\"\ndirection = \"minimise\"\nweights = { arrests = 1 }\n"
            "year = 2\n",
            "objective[0].year"},
        Bad{"[[objective]]\nname = \"o\"\ndirection = \"minimise\"\nweights = { arrests = 1 }\n"
            "[[objective]]\nname = \"o\"\ndirection = \"maximise\"\nweights = { arrests = 1 }\n",
            "objective[1].name: duplicate objective name 'o'"},
        Bad{"[[objective]]\nname = \"o\"\ndirection = \"minimise\"\nweights = { arrests = 1 }\n"
            "wieghts = 1\n",
            "objective[0].wieghts: unknown key 'wieghts'; did you mean 'weights'?"},
        Bad{"[[objective]]\nname = \"o\"\nweights = { arrests = 1 }\n",
            "objective[0].direction: missing required key"}));

}  // namespace
}  // namespace fundsim
