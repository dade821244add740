// [[parameter_group]] (docs/study-format.md §13): parsed values, and a located message for every
// malformed declaration.
#include <gtest/gtest.h>

#include <string>

#include "errors.hpp"
#include "study/study.hpp"
#include "study_text.hpp"

namespace fundsim {
namespace {

// The minimal study with two uncertain parameters (a.offence_rate, x.onset.half_spend); the
// group text follows the scenarios.
std::string with_groups(const std::string& groups) {
  std::string text = test::minimal_study("[[scenario]]\nname = \"base\"\nbudget = 0\n" + groups);
  const auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  };
  replace("offence_rate = 1\n", "offence_rate = { dist = \"uniform\", min = 0.5, max = 1.5 }\n");
  replace("half_spend = 1e6\n", "half_spend = { dist = \"lognormal\", median = 1e6, gsd = 2 }\n");
  return text;
}

using test::error_of;

std::size_t parameter_index(const Study& s, const std::string& name) {
  for (std::size_t p = 0; p < s.parameters.size(); ++p)
    if (s.parameters[p].name == name) return p;
  ADD_FAILURE() << "no parameter " << name;
  return 0;
}

TEST(ParameterGroups, NoneByDefault) {
  EXPECT_TRUE(parse_study(with_groups(""), "t.toml").parameter_groups.empty());
}

TEST(ParameterGroups, ParsedInFileOrder) {
  const Study s = parse_study(
      with_groups("[[parameter_group]]\nname = \"effects\"\n"
                  "parameters = [\"x.onset.half_spend\", \"a.offence_rate\"]\n"
                  "[[parameter_group]]\nname = \"offending\"\nparameters = [\"a.offence_rate\"]\n"),
      "t.toml");
  ASSERT_EQ(s.parameter_groups.size(), 2u);
  EXPECT_EQ(s.parameter_groups[0].name, "effects");
  ASSERT_EQ(s.parameter_groups[0].parameters.size(), 2u);
  EXPECT_EQ(s.parameter_groups[0].parameters[0], parameter_index(s, "x.onset.half_spend"));
  EXPECT_EQ(s.parameter_groups[0].parameters[1], parameter_index(s, "a.offence_rate"));
  EXPECT_EQ(s.parameter_groups[1].name, "offending");
}

struct Malformed {
  const char* what;
  const char* group;     // the [[parameter_group]] text
  const char* location;  // expected "LINE:COLUMN: path" part of the message
  const char* message;   // expected part of the message
};

// Line numbers: the group text starts on the line after the minimal study's scenario.
class MalformedGroup : public ::testing::TestWithParam<Malformed> {};

TEST_P(MalformedGroup, IsRefusedWithItsLocation) {
  const Malformed& m = GetParam();
  const std::string text = with_groups(m.group);
  const std::string error = error_of(text);
  // The first line of the group text.
  std::size_t first_line = 1;
  const std::size_t at = text.find("[[parameter_group]]");
  for (std::size_t i = 0; i < at; ++i) first_line += text[i] == '\n';
  std::string location = m.location;
  // Locations are written relative to the group's first line ("+1:14:").
  const std::size_t colon = location.find(':');
  const int offset = std::stoi(location.substr(1, colon - 1));
  location = std::to_string(first_line + static_cast<std::size_t>(offset)) + location.substr(colon);
  EXPECT_NE(error.find("t.toml:" + location), std::string::npos) << m.what << ": " << error;
  EXPECT_NE(error.find(m.message), std::string::npos) << m.what << ": " << error;
}

INSTANTIATE_TEST_SUITE_P(
    Study, MalformedGroup,
    ::testing::Values(
        Malformed{"unknown key", "[[parameter_group]]\nname = \"g\"\nparameter = [\"a.arrest\"]\n",
                  "+2:13: parameter_group[0].parameter",
                  "unknown key 'parameter'; did you mean 'parameters'?"},
        Malformed{"missing parameters", "[[parameter_group]]\nname = \"g\"\n",
                  "+0:1: parameter_group[0].parameters", "missing required key 'parameters'"},
        Malformed{"missing name", "[[parameter_group]]\nparameters = [\"a.offence_rate\"]\n",
                  "+0:1: parameter_group[0].name", "missing required key 'name'"},
        Malformed{"bad name", "[[parameter_group]]\nname = \"my group\"\nparameters = []\n",
                  "+1:8: parameter_group[0].name", "must be made of letters"},
        Malformed{"not a list", "[[parameter_group]]\nname = \"g\"\nparameters = \"a.arrest\"\n",
                  "+2:14: parameter_group[0].parameters", "array"},
        Malformed{"empty", "[[parameter_group]]\nname = \"g\"\nparameters = []\n",
                  "+2:14: parameter_group[0].parameters",
                  "must name at least 1 uncertain parameter, not 0"},
        Malformed{"unknown parameter",
                  "[[parameter_group]]\nname = \"g\"\nparameters = [\"a.offence_rte\"]\n",
                  "+2:15: parameter_group[0].parameters[0]",
                  "unknown parameter 'a.offence_rte'; did you mean 'a.offence_rate'?"},
        Malformed{"fixed parameter",
                  "[[parameter_group]]\nname = \"g\"\nparameters = [\"a.offence_rate\", "
                  "\"a.arrest\"]\n",
                  "+2:33: parameter_group[0].parameters[1]", "'a.arrest' has one value (line"},
        Malformed{"repeated parameter",
                  "[[parameter_group]]\nname = \"g\"\nparameters = [\"a.offence_rate\", "
                  "\"a.offence_rate\"]\n",
                  "+2:33: parameter_group[0].parameters[1]", "listed twice"},
        Malformed{"duplicate name",
                  "[[parameter_group]]\nname = \"g\"\nparameters = [\"a.offence_rate\"]\n"
                  "[[parameter_group]]\nname = \"g\"\nparameters = [\"x.onset.half_spend\"]\n",
                  "+3:1: parameter_group[1].name", "duplicate parameter group name 'g'"}));

}  // namespace
}  // namespace fundsim
