// Validation rules and defaults of docs/study-format.md, on small studies built in memory.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "errors.hpp"
#include "study/study.hpp"
#include "study_text.hpp"

namespace fundsim {
namespace {

using test::minimal_study;

using test::error_of;

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(Defaults, RunAndScenario) {
  const Study s = parse_study(minimal_study(), "t.toml");
  EXPECT_EQ(s.run.sampling, Sampling::mc);
  EXPECT_EQ(s.run.triage, Triage::priority);
  EXPECT_EQ(s.description, "");
  ASSERT_EQ(s.scenarios.size(), 1u);
  EXPECT_EQ(s.scenarios[0].duration_months, 12);
  EXPECT_EQ(s.scenarios[0].start_month, 0);
  EXPECT_EQ(s.scenarios[0].share, (std::vector<double>{0.0, 0.0}));
  EXPECT_EQ(s.baseline, 0u);
  EXPECT_EQ(s.levers[0].effects[0].class_mask, 1u);  // the one class
}

TEST(Messages, UnknownKeyFormat) {
  const std::string msg = error_of(replace(minimal_study(), "detect = 0.05", "detectt = 0.05"));
  EXPECT_EQ(msg.rfind("t.toml:", 0), 0u);
  EXPECT_TRUE(
      contains(msg,
               ": class[0].detectt: unknown key 'detectt'; did you mean 'detect'? allowed keys: "
               "name, initial_active, initial_backlog, initial_justice, onset, offence_rate, "
               "detect, detect_trend, actionable, contact, desist, attrition, arrest, "
               "sentence_months, reoffend, safeguard_per_arrest, priority"))
      << msg;
}

TEST(Messages, NoSuggestionWhenNothingIsClose) {
  const std::string msg = error_of("colour = \"red\"\n" + minimal_study());
  EXPECT_TRUE(contains(msg, "unknown key 'colour'; allowed keys: schema_version, name,")) << msg;
}

TEST(Messages, LocationOfValueAndOfMissingKey) {
  const std::string text = minimal_study("", "sampling = \"lhs\"\n");
  // run starts at line 3 ([run] header), months on line 4, column 10.
  EXPECT_EQ(
      error_of(replace(text, "months = 12", "months = 0")).rfind("t.toml:4:10: run.months: ", 0),
      0u);
  EXPECT_EQ(error_of(replace(text, "months = 12\n", ""))
                .rfind("t.toml:3:1: run.months: missing required key", 0),
            0u);
}

TEST(Messages, FloatWhereIntegerIsRequired) {
  const std::string msg = error_of(replace(minimal_study(), "months = 12", "months = 60.0"));
  EXPECT_TRUE(contains(msg, "run.months: must be an integer, not the float 60.0")) << msg;
}

TEST(SchemaVersion, CheckedBeforeUnknownKeys) {
  const std::string msg = error_of(
      replace(minimal_study(), "schema_version = 1", "schema_version = 2\nfuture_key = 1"));
  EXPECT_TRUE(contains(
      msg, "t.toml:1:18: schema_version: schema_version 2 is newer than this fundsim supports (1)"))
      << msg;
  EXPECT_TRUE(
      contains(error_of(replace(minimal_study(), "schema_version = 1", "schema_version = 0")),
               "schema_version: must be 1, not 0"));
  EXPECT_TRUE(
      contains(error_of(replace(minimal_study(), "schema_version = 1", "schema_version = \"1\"")),
               "schema_version: must be an integer"));
}

TEST(Run, SeedAsDigitString) {
  const Study big = parse_study(
      replace(minimal_study(), "seed = 1", "seed = \"18446744073709551615\""), "t.toml");
  EXPECT_EQ(big.run.seed, UINT64_MAX);
  const Study max63 =
      parse_study(replace(minimal_study(), "seed = 1", "seed = 9223372036854775807"), "t.toml");
  EXPECT_EQ(max63.run.seed, 9223372036854775807u);
  EXPECT_TRUE(
      contains(error_of(replace(minimal_study(), "seed = 1", "seed = \"18446744073709551616\"")),
               "run.seed"));
  EXPECT_TRUE(
      contains(error_of(replace(minimal_study(), "seed = 1", "seed = \"12a\"")), "run.seed"));
  EXPECT_TRUE(contains(error_of(replace(minimal_study(), "seed = 1", "seed = 1.5")),
                       "run.seed: must be an integer"));
}

TEST(Run, StartFormat) {
  for (const char* bad : {"\"2018-1\"", "\"2018-00\"", "\"18-10\"", "\"2018/10\"", "2018-10-01"})
    EXPECT_TRUE(contains(
        error_of(replace(minimal_study(), "start = \"2020-01\"", std::string("start = ") + bad)),
        "run.start"))
        << bad;
  EXPECT_EQ(parse_study(replace(minimal_study(), "\"2020-01\"", "\"1999-12\""), "t.toml").run.start,
            "1999-12");
}

TEST(Run, TriageAndSampling) {
  const Study s =
      parse_study(minimal_study("", "sampling = \"lhs\"\ntriage = \"proportional\"\n"), "t.toml");
  EXPECT_EQ(s.run.sampling, Sampling::lhs);
  EXPECT_EQ(s.run.triage, Triage::proportional);
  EXPECT_TRUE(
      contains(error_of(minimal_study("", "triage = \"priorty\"\n")), "did you mean 'priority'?"));
  EXPECT_EQ(
      parse_study(replace(minimal_study(), "months = 12", "months = 1200"), "t.toml").run.months,
      1200);
}

TEST(Values, RangeAndClamp) {
  const std::string base = minimal_study();
  // A probability as a lognormal is fine with clamp = true ...
  const Study s = parse_study(
      replace(base, "detect = 0.05",
              "detect = { dist = \"lognormal\", median = 0.05, gsd = 2, clamp = true }"),
      "t.toml");
  EXPECT_TRUE(s.parameters[Study::class_index(0, ClassParam::detect)].dist.clamp);
  // ... but not when clamping would replace every draw by a bound.
  EXPECT_TRUE(
      contains(error_of(replace(base, "detect = 0.05",
                                "detect = { dist = \"uniform\", min = 2, max = 3, clamp = true }")),
               "entirely outside"));
  // A truncated normal inside the range needs no clamp.
  EXPECT_NO_THROW(
      parse_study(replace(base, "detect = 0.05",
                          "detect = { dist = \"normal\", mean = 0.05, sd = 0.1, lo = 0, hi = 1 }"),
                  "t.toml"));
  // Open lower bounds: a lognormal half_spend (support starting at 0) is fine; a point mass at 0 is
  // not.
  EXPECT_NO_THROW(
      parse_study(replace(base, "half_spend = 1e6",
                          "half_spend = { dist = \"lognormal\", median = 1e6, gsd = 2 }"),
                  "t.toml"));
  EXPECT_TRUE(contains(error_of(replace(base, "half_spend = 1e6",
                                        "half_spend = { dist = \"uniform\", min = 0, max = 0 }")),
                       "lever[0].effect[0].half_spend: uniform(min=0, max=0) always produces 0"));
  // Beta is in [0, 1]: fine for a probability, not for a probability's upper region only.
  EXPECT_NO_THROW(parse_study(
      replace(base, "detect = 0.05", "detect = { dist = \"beta\", a = 2, b = 30 }"), "t.toml"));
  // A count must be whole when fixed; 12.0 is whole.
  EXPECT_NO_THROW(
      parse_study(replace(base, "initial_backlog = 10", "initial_backlog = 10.0"), "t.toml"));
  EXPECT_TRUE(contains(error_of(replace(base, "priority = 1", "priority = true")),
                       "class[0].priority: must be a number or a distribution table"));
  EXPECT_TRUE(contains(error_of(replace(base, "detect_trend = 0.1", "detect_trend = -1")),
                       "class[0].detect_trend: -1 is outside the valid range (-1, inf)"));
  EXPECT_TRUE(contains(error_of(replace(base, "onset = 10",
                                        "onset = { dist = \"gamma\", shape = 2, scale = -inf }")),
                       "class[0].onset.scale: must be a finite number"));
}

TEST(Values, BothSidesOutOfRange) {
  const std::string msg = error_of(replace(minimal_study(), "detect = 0.05",
                                           "detect = { dist = \"normal\", mean = 0.5, sd = 0.1 }"));
  EXPECT_TRUE(contains(
      msg,
      "normal(mean=0.5, sd=0.1) can produce values below 0 and above 1; valid range is [0, 1]; "
      "narrow the distribution or add clamp = true"))
      << msg;
}

TEST(Levers, ZeroLeversAllowed) {
  const std::string text = "schema_version = 1\nname = \"t\"\n" + test::run_section() +
                           test::parameters_section() + test::class_section("a") +
                           "[[scenario]]\nname = \"base\"\nbudget = 0\n";
  const Study s = parse_study(text, "t.toml");
  EXPECT_TRUE(s.levers.empty());
  EXPECT_TRUE(s.scenarios[0].share.empty());
  EXPECT_EQ(s.parameters.size(), 5u + 16u);
}

TEST(Levers, EffectRules) {
  const std::string base = minimal_study();
  EXPECT_TRUE(contains(
      error_of(replace(base, "max_effect = 0.3\n", "max_effect = 0.3\nclasses = [\"a\", \"a\"]\n")),
      "lever[0].effect[0].classes[1]: class 'a' is listed twice"));
  EXPECT_TRUE(
      contains(error_of(replace(base, "max_effect = 0.3\n", "max_effect = 0.3\nunit_cost = 5\n")),
               "lever[0].effect[0].unit_cost: unknown key 'unit_cost'"));
  EXPECT_TRUE(
      contains(error_of(replace(base, "lag = 0\n", "lag = -1\n")), "lever[0].lag: must be >= 0"));
  EXPECT_TRUE(contains(error_of(replace(base, "name = \"y\"", "name = \"y.z\"")), "lever[1].name"));
  EXPECT_TRUE(contains(error_of(replace(base, "name = \"a\"", "name = \"a#1\"")), "class[0].name"));
  EXPECT_TRUE(contains(error_of(replace(base, "curve = \"saturating\"", "curve = \"linear\"")),
                       "lever[0].effect[0].curve: target 'onset' needs curve = \"saturating\""));
  const Study lag = parse_study(replace(base, "lag = 0\n", "lag = 2.5\n"), "t.toml");
  EXPECT_DOUBLE_EQ(lag.levers[0].lag, 2.5);
}

TEST(Levers, SixtyFourClasses) {
  std::string classes;
  for (int k = 0; k < 64; ++k) classes += test::class_section("c" + std::to_string(k));
  const std::string text =
      "schema_version = 1\nname = \"t\"\n" + test::run_section() + test::parameters_section() +
      classes + test::lever_section("x") +
      "[[lever]]\nname = \"z\"\nlag = 1\n[[lever.effect]]\ntarget = \"arrest\"\n"
      "curve = \"saturating\"\nclasses = [\"c63\", \"c0\"]\nmax_effect = 0.1\nhalf_spend = 1\n"
      "[[scenario]]\nname = \"base\"\nbudget = 0\n";
  const Study s = parse_study(text, "t.toml");
  EXPECT_EQ(s.classes.size(), 64u);
  EXPECT_EQ(s.levers[0].effects[0].class_mask, ~std::uint64_t{0});
  EXPECT_EQ(s.levers[1].effects[0].class_mask, (std::uint64_t{1} << 63) | 1u);
  EXPECT_EQ(s.parameters.size(), 5u + 64u * 16u + 4u);
}

TEST(Scenarios, SpendingForms) {
  const Study s = parse_study(
      minimal_study("[[scenario]]\nname = \"zero-alloc\"\nallocation = { x = 0 }\n"
                    "[[scenario]]\nname = \"zero-split\"\nbudget = 0\nsplit = { x = 0.3 }\n"
                    "[[scenario]]\nname = \"split\"\nbudget = 100\nsplit = { x = 0.25, y = 0.75 }\n"
                    "duration_months = 4\nstart_month = 11\n"),
      "t.toml");
  EXPECT_EQ(s.scenarios[0].budget, 0.0);
  EXPECT_EQ(s.scenarios[0].share, (std::vector<double>{0.0, 0.0}));
  EXPECT_EQ(s.scenarios[1].share, (std::vector<double>{0.0, 0.0}));
  EXPECT_EQ(s.scenarios[2].share, (std::vector<double>{0.25, 0.75}));
  EXPECT_EQ(s.scenarios[2].start_month, 11);  // the run's last month
  EXPECT_DOUBLE_EQ(s.scenarios[2].spend(1, 11), 100 * 0.75 / 4);
}

TEST(Scenarios, SpendingErrors) {
  auto err = [](const std::string& scenario) {
    return error_of(minimal_study("[[scenario]]\nname = \"s\"\n" + scenario));
  };
  EXPECT_TRUE(contains(err("budget = -1\n"), "scenario[0].budget: must be >= 0"));
  EXPECT_TRUE(contains(err("allocation = { x = 1 }\nbudget = 1\n"),
                       "scenario[0].budget: not allowed together with allocation"));
  EXPECT_TRUE(contains(err("split = { x = 1 }\n"), "scenario[0].split: a split needs a budget"));
  EXPECT_TRUE(contains(err("budget = 1\nsplit = { x = -0.5, y = 1.5 }\n"),
                       "scenario[0].split.x: a share must be >= 0"));
  EXPECT_TRUE(contains(err("budget = 1\nsplit = { x = 0.5, y = 0.5000001 }\n"),
                       "scenario[0].split: shares sum to"));
  EXPECT_NO_THROW(parse_study(
      minimal_study("[[scenario]]\nname = \"s\"\nbudget = 1\nsplit = { x = 0.1, y = 0.9 }\n"),
      "t.toml"));
  EXPECT_TRUE(
      contains(err("budget = 0\nstart_month = -1\n"), "scenario[0].start_month: must be >= 0"));
  EXPECT_TRUE(contains(err("budget = 0\nduration_months = 1.5\n"),
                       "scenario[0].duration_months: must be an integer"));
  EXPECT_TRUE(contains(err("budget = inf\n"), "scenario[0].budget: must be a finite number"));
  EXPECT_TRUE(contains(error_of(minimal_study("[[scenario]]\nbudget = 0\n")),
                       "scenario[0].name: missing required key"));
  EXPECT_TRUE(contains(error_of(minimal_study("[[scenario]]\nname = \"\"\nbudget = 0\n")),
                       "scenario[0].name"));
}

TEST(Scenarios, Overrides) {
  const Study s =
      parse_study(minimal_study("[[scenario]]\nname = \"o\"\nbudget = 0\n"
                                "override = { a = { detect = 0.2 }, \"x.onset.max_effect\" = { "
                                "dist = \"uniform\", min = 0, max = 1 } }\n"),
                  "t.toml");
  ASSERT_EQ(s.scenarios[0].overrides.size(), 2u);
  EXPECT_EQ(s.scenarios[0].overrides[0].parameter, Study::class_index(0, ClassParam::detect));
  EXPECT_DOUBLE_EQ(s.scenarios[0].overrides[0].dist.a, 0.2);
  EXPECT_EQ(s.parameters[s.scenarios[0].overrides[1].parameter].name, "x.onset.max_effect");
  EXPECT_EQ(s.scenarios[0].overrides[1].dist.kind, DistKind::uniform);

  EXPECT_TRUE(contains(error_of(minimal_study("[[scenario]]\nname = \"o\"\nbudget = 0\noverride = "
                                              "{ a = { detect = 0.2 }, \"a.detect\" = 0.1 }\n")),
                       "parameter 'a.detect' is overridden twice"));
  EXPECT_TRUE(
      contains(error_of(minimal_study(
                   "[[scenario]]\nname = \"o\"\nbudget = 0\noverride = { \"a.detect\" = 2 }\n")),
               "scenario[0].override.\"a.detect\": 2 is outside the valid range [0, 1]"));
  EXPECT_TRUE(contains(
      error_of(minimal_study("[[scenario]]\nname = \"o\"\nbudget = 0\noverride = { \"a.detect\" = "
                             "{ dist = \"lognormal\", median = 0.1, gsd = 2 } }\n")),
      "add clamp = true"));
  EXPECT_TRUE(
      contains(error_of(minimal_study("[[scenario]]\nname = \"o\"\nbudget = 0\noverride = 3\n")),
               "scenario[0].override: must be a table"));
}

TEST(Sweeps, Rules) {
  auto sweep = [](const std::string& body) {
    return minimal_study("[[scenario]]\nname = \"base\"\nbudget = 0\n[[sweep]]\nname = \"g\"\n" +
                         body);
  };
  EXPECT_TRUE(contains(error_of(sweep("budget = 0\nlevers = [\"x\", \"y\"]\nstep = 0.5\n")),
                       "sweep[0].budget: must be > 0"));
  EXPECT_TRUE(contains(error_of(sweep("budget = 1\nlevers = [\"x\", \"x\"]\nstep = 0.5\n")),
                       "sweep[0].levers[1]: lever 'x' is listed twice"));
  EXPECT_TRUE(contains(error_of(sweep("budget = 1\nlevers = [\"x\", \"q\"]\nstep = 0.5\n")),
                       "sweep[0].levers[1]: unknown lever 'q'"));
  EXPECT_TRUE(contains(error_of(sweep("budget = 1\nlevers = [\"x\", \"y\"]\nstep = 2\n")),
                       "sweep[0].step: must be > 0 and <= 1"));
  EXPECT_TRUE(contains(error_of(sweep("budget = 1\nlevers = [\"x\", \"y\"]\nstep = 0\n")),
                       "sweep[0].step"));
  EXPECT_TRUE(contains(error_of(sweep("budget = 1\nlevers = [\"x\", \"y\"]\nstep = 0.15\n")),
                       "sweep[0].step: 1 / step"));
  EXPECT_TRUE(contains(error_of(sweep("budget = 1\nlevers = [\"x\", \"y\"]\n")),
                       "sweep[0].step: missing required key"));
  EXPECT_TRUE(
      contains(error_of(sweep("budget = 1\nlevers = [\"x\", \"y\"]\nstep = 0.5\nsplit = 1\n")),
               "sweep[0].split: unknown key 'split'"));
  EXPECT_TRUE(contains(
      error_of(minimal_study("[[scenario]]\nname = \"g\"\nbudget = 0\n[[sweep]]\nname = \"g\"\n"
                             "budget = 1\nlevers = [\"x\", \"y\"]\nstep = 1\n")),
      "sweep[0].name: sweep name 'g' is already a scenario name"));
  EXPECT_TRUE(contains(
      error_of(
          minimal_study("[[scenario]]\nname = \"g[x=1,y=0]\"\nbudget = 0\n[[sweep]]\nname = \"g\"\n"
                        "budget = 1\nlevers = [\"x\", \"y\"]\nstep = 1\n")),
      "expanded scenario name 'g[x=1,y=0]' is already used"));
  const Study s = parse_study(
      sweep(
          "budget = 1\nlevers = [\"y\", \"x\"]\nstep = 1\nstart_month = 3\nduration_months = 2\n"),
      "t.toml");
  ASSERT_EQ(s.scenarios.size(), 3u);
  EXPECT_EQ(s.scenarios[1].name, "g[y=1,x=0]");
  EXPECT_EQ(s.scenarios[2].name, "g[y=0,x=1]");
  EXPECT_EQ(s.scenarios[1].start_month, 3);
  EXPECT_EQ(s.scenarios[1].duration_months, 2);
}

TEST(Baseline, ByNameAfterExpansion) {
  const Study s = parse_study(
      "baseline = \"g[x=0,y=1]\"\n" +
          minimal_study(
              "[[scenario]]\nname = \"base\"\nbudget = 0\n[[sweep]]\nname = \"g\"\nbudget = 1\n"
              "levers = [\"x\", \"y\"]\nstep = 1\n"),
      "t.toml");
  EXPECT_EQ(s.baseline, 2u);
  EXPECT_TRUE(contains(error_of("baseline = 3\n" + minimal_study()),
                       "t.toml:1:12: baseline: must be a string"));
}

TEST(TopLevel, NoScenarios) {
  const std::string text = "schema_version = 1\nname = \"t\"\n" + test::run_section() +
                           test::parameters_section() + test::class_section("a");
  EXPECT_TRUE(contains(error_of(text), "t.toml:1:1: scenario: no scenarios"));
}

TEST(TopLevel, NameAndDescription) {
  EXPECT_EQ(
      parse_study(replace(minimal_study(), "name = \"t\"", "name = \"uk-2018.v2_b\""), "t.toml")
          .name,
      "uk-2018.v2_b");
  EXPECT_TRUE(contains(error_of(replace(minimal_study(), "name = \"t\"", "name = \"\"")),
                       "t.toml:2:8: name:"));
  EXPECT_TRUE(
      contains(error_of("description = 5\n" + minimal_study()), "description: must be a string"));
  EXPECT_TRUE(contains(error_of(replace(minimal_study(), "name = \"t\"\n", "")),
                       "t.toml:1:1: name: missing required key"));
}

TEST(TopLevel, SyntaxErrorHasLocation) {
  const std::string msg = error_of("schema_version = 1\nname = \"unterminated\n");
  EXPECT_EQ(msg.rfind("t.toml:2:", 0), 0u) << msg;
}

}  // namespace
}  // namespace fundsim
