// [[correlation]] tables (engine/study/correlations.cpp): what a valid study gives the sampler,
// and every malformed case rejected with the file, line, column and key path of the culprit.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

#include "errors.hpp"
#include "study/keys.hpp"
#include "study/study.hpp"
#include "study_text.hpp"

namespace fundsim {
namespace {

const std::string kFile = "corr.toml";

// Uncertain: onset_growth (0), base_capacity (1), deterrence_elasticity (3), y.onset.max_effect
// and y.onset.half_spend. Fixed: arrests_ref (2), deterrence_lag (4), the class's parameters.
// A point mass: x.onset.max_effect (uniform with min = max).
std::string study(const std::string& correlations) {
  return "schema_version = 1\nname = \"t\"\n" + test::run_section() +
         "[parameters]\n"
         "onset_growth = { dist = \"uniform\", min = 0.0, max = 0.1 }\n"
         "base_capacity = { dist = \"lognormal\", median = 800, gsd = 1.25 }\n"
         "arrests_ref = 400\n"
         "deterrence_elasticity = { dist = \"uniform\", min = 0.0, max = 0.2 }\n"
         "deterrence_lag = 6\n" +
         test::class_section("a") +
         "[[lever]]\nname = \"x\"\nlag = 0\n[[lever.effect]]\ntarget = \"onset\"\n"
         "curve = \"saturating\"\nmax_effect = { dist = \"uniform\", min = 0.3, max = 0.3 }\n"
         "half_spend = 1e6\n"
         "[[lever]]\nname = \"y\"\nlag = 0\n[[lever.effect]]\ntarget = \"onset\"\n"
         "curve = \"saturating\"\nmax_effect = { dist = \"uniform\", min = 0.1, max = 0.5 }\n"
         "half_spend = { dist = \"lognormal\", median = 1e6, gsd = 2 }\n"
         "[[scenario]]\nname = \"base\"\nbudget = 0\n" +
         correlations;
}

std::size_t index_of(const Study& s, const std::string& name) {
  for (std::size_t i = 0; i < s.parameters.size(); ++i)
    if (s.parameters[i].name == name) return i;
  ADD_FAILURE() << "no parameter " << name;
  return 0;
}

// The line (from 1) of the `occurrence`-th line holding `line_text`, and that line.
std::pair<int, std::string> find_line(const std::string& text, const std::string& line_text,
                                      int occurrence = 1) {
  std::size_t start = 0;
  int line = 1, seen = 0;
  for (;;) {
    const std::size_t end = text.find('\n', start);
    const std::string current = text.substr(start, end - start);
    if (current.find(line_text) != std::string::npos && ++seen == occurrence)
      return {line, current};
    if (end == std::string::npos) break;
    start = end + 1;
    ++line;
  }
  ADD_FAILURE() << "no line holds " << line_text;
  return {0, ""};
}

// "corr.toml:LINE:COLUMN: " where LINE is that of the `occurrence`-th line holding `line_text`
// and COLUMN that of `at` within it.
std::string location(const std::string& text, const std::string& line_text, const std::string& at,
                     int occurrence = 1) {
  const auto [line, current] = find_line(text, line_text, occurrence);
  const std::size_t column = current.find(at);
  EXPECT_NE(column, std::string::npos) << at << " not in " << current;
  return kFile + ":" + std::to_string(line) + ":" + std::to_string(column + 1) + ": ";
}

// "line N" of the first [[correlation]] table or of a parameter's declaration.
std::string line_in_study(const std::string& line_text) {
  return "line " + std::to_string(find_line(study(""), line_text).first);
}
std::string first_table_line() {
  return "line " + std::to_string(find_line(study("[[correlation]]"), "[[correlation]]").first);
}

// The study with `correlations` is refused with a message that starts with the location of `at`
// on the line holding `line_text`, then `path`, and contains `fragment`.
void expect_refused(const std::string& correlations, const std::string& line_text,
                    const std::string& at, const std::string& path, const std::string& fragment,
                    int occurrence = 1) {
  const std::string text = study(correlations);
  const std::string message = test::error_of(text, kFile);
  const std::string prefix = location(text, line_text, at, occurrence) + path + ": ";
  EXPECT_EQ(message.rfind(prefix, 0), 0u)
      << "expected prefix: " << prefix << "\nmessage: " << message;
  EXPECT_NE(message.find(fragment), std::string::npos)
      << "expected: " << fragment << "\nmessage: " << message;
}

// ---------------------------------------------------------------------------------------------
// Valid declarations.

TEST(Correlations, AStudyWithoutAnyHasNone) {
  EXPECT_TRUE(parse_study(study(""), kFile).correlation.empty());
}

TEST(Correlations, APairGivesATwoByTwoTargetInParameterOrder) {
  const Study s = parse_study(study("[[correlation]]\n"
                                    "parameters = [\"base_capacity\", \"onset_growth\"]\n"
                                    "rank = -0.4\n"),
                              kFile);
  EXPECT_EQ(s.correlation.parameters, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(s.correlation.rank.entries, (std::vector<double>{1, -0.4, -0.4, 1}));
}

TEST(Correlations, MatricesAndPairsCombineIntoOneTargetWithZerosBetweenGroups) {
  const Study s = parse_study(
      study("[[correlation]]\n"
            "parameters = [\"y.onset.max_effect\", \"onset_growth\", \"base_capacity\"]\n"
            "matrix = [[1, 0.5, 0.2], [0.5, 1, 0.1], [0.2, 0.1, 1]]\n"
            "[[correlation]]\n"
            "parameters = [\"deterrence_elasticity\", \"y.onset.half_spend\"]\n"
            "rank = 0.3\n"),
      kFile);
  const std::size_t max_effect = index_of(s, "y.onset.max_effect");
  const std::size_t half_spend = index_of(s, "y.onset.half_spend");
  ASSERT_LT(max_effect, half_spend);
  // Rows: onset_growth, base_capacity, deterrence_elasticity, y.onset.max_effect, half_spend.
  EXPECT_EQ(s.correlation.parameters, (std::vector<std::size_t>{0, 1, 3, max_effect, half_spend}));
  EXPECT_EQ(s.correlation.rank.entries, (std::vector<double>{1,   0.1, 0,   0.5, 0,    //
                                                             0.1, 1,   0,   0.2, 0,    //
                                                             0,   0,   1,   0,   0.3,  //
                                                             0.5, 0.2, 0,   1,   0,    //
                                                             0,   0,   0.3, 0,   1}));
  EXPECT_TRUE(check_rank_matrix(s.correlation.rank).ok());
}

TEST(Correlations, PairsSharingAParameterFormAGroupCheckedAsAWhole) {
  // 0.9, 0.9 and 0.8: valid together (each pair alone is valid too).
  const Study s = parse_study(study("[[correlation]]\n"
                                    "parameters = [\"onset_growth\", \"base_capacity\"]\n"
                                    "rank = 0.9\n"
                                    "[[correlation]]\n"
                                    "parameters = [\"base_capacity\", \"deterrence_elasticity\"]\n"
                                    "rank = 0.9\n"
                                    "[[correlation]]\n"
                                    "parameters = [\"deterrence_elasticity\", \"onset_growth\"]\n"
                                    "rank = 0.8\n"),
                              kFile);
  EXPECT_EQ(s.correlation.rank.entries,
            (std::vector<double>{1, 0.9, 0.8, 0.9, 1, 0.9, 0.8, 0.9, 1}));
}

TEST(Correlations, AreAKnownSection) {
  EXPECT_EQ(section_keys("correlation"),
            (std::vector<std::string>{"parameters", "rank", "matrix"}));
}

// ---------------------------------------------------------------------------------------------
// Names.

TEST(Correlations, RefusesAnUnknownNameWithASuggestion) {
  expect_refused("[[correlation]]\nparameters = [\"onset_growth\", \"base_capacty\"]\nrank = 0.5\n",
                 "base_capacty", "\"base_capacty\"", "correlation[0].parameters[1]",
                 "unknown parameter 'base_capacty'; did you mean 'base_capacity'? uncertain "
                 "parameters: onset_growth, base_capacity, deterrence_elasticity, "
                 "y.onset.max_effect, y.onset.half_spend");
}

TEST(Correlations, RefusesAFixedParameter) {
  expect_refused("[[correlation]]\nparameters = [\"arrests_ref\", \"onset_growth\"]\nrank = 0.5\n",
                 "\"arrests_ref\", ", "\"arrests_ref\"", "correlation[0].parameters[0]",
                 "parameter 'arrests_ref' has one value (" + line_in_study("arrests_ref") +
                     "); only parameters with a distribution can be correlated");
  // A class parameter, by its CLASS.NAME.
  expect_refused("[[correlation]]\nparameters = [\"onset_growth\", \"a.onset\"]\nrank = 0.5\n",
                 "\"a.onset\"", "\"a.onset\"", "correlation[0].parameters[1]",
                 "parameter 'a.onset' has one value");
}

TEST(Correlations, RefusesAPointMass) {
  expect_refused(
      "[[correlation]]\nparameters = [\"x.onset.max_effect\", \"onset_growth\"]\nrank = 0.5\n",
      "\"x.onset.max_effect\", ", "\"x.onset.max_effect\"", "correlation[0].parameters[0]",
      "has one value");
}

TEST(Correlations, RefusesANameListedTwiceOrFewerThanTwo) {
  expect_refused("[[correlation]]\nparameters = [\"onset_growth\", \"onset_growth\"]\nrank = 0.5\n",
                 "parameters = [", "\"onset_growth\"]", "correlation[0].parameters[1]",
                 "parameter 'onset_growth' is listed twice");
  expect_refused("[[correlation]]\nparameters = [\"onset_growth\"]\nrank = 0.5\n", "parameters = [",
                 "[", "correlation[0].parameters",
                 "must name at least 2 uncertain parameters, not 1");
  expect_refused("[[correlation]]\nparameters = [\"onset_growth\", 3]\nrank = 0.5\n",
                 "parameters = [", "3", "correlation[0].parameters[1]", "must be a string");
}

// ---------------------------------------------------------------------------------------------
// rank.

TEST(Correlations, RefusesARankOutsideMinusOneOne) {
  expect_refused(
      "[[correlation]]\nparameters = [\"onset_growth\", \"base_capacity\"]\nrank = 1.3\n",
      "rank = 1.3", "1.3", "correlation[0].rank", "must be in [-1, 1], not 1.3");
  expect_refused(
      "[[correlation]]\nparameters = [\"onset_growth\", \"base_capacity\"]\nrank = -1.01\n",
      "rank = -1.01", "-1.01", "correlation[0].rank", "not -1.01");
  expect_refused(
      "[[correlation]]\nparameters = [\"onset_growth\", \"base_capacity\"]\nrank = nan\n",
      "rank = nan", "nan", "correlation[0].rank", "must be a finite number");
}

TEST(Correlations, RefusesARankOfExactlyOne) {
  expect_refused("[[correlation]]\nparameters = [\"onset_growth\", \"base_capacity\"]\nrank = -1\n",
                 "rank = -1", "-1", "correlation[0].rank",
                 "a rank correlation of exactly -1 would make one parameter a function of the "
                 "other");
}

TEST(Correlations, RefusesRankForMoreThanTwoParameters) {
  expect_refused(
      "[[correlation]]\n"
      "parameters = [\"onset_growth\", \"base_capacity\", \"deterrence_elasticity\"]\n"
      "rank = 0.5\n",
      "rank = 0.5", "0.5", "correlation[0].rank",
      "rank correlates exactly two parameters, not 3; for more, give a matrix");
}

TEST(Correlations, RefusesBothOrNeitherTarget) {
  expect_refused(
      "[[correlation]]\nparameters = [\"onset_growth\", \"base_capacity\"]\n"
      "rank = 0.5\nmatrix = [[1, 0.5], [0.5, 1]]\n",
      "matrix = ", "[[", "correlation[0].matrix", "either rank");
  expect_refused("[[correlation]]\nparameters = [\"onset_growth\", \"base_capacity\"]\n",
                 "[[correlation]]", "[[correlation]]", "correlation[0].rank",
                 "missing the target: rank = r for two parameters, or matrix");
}

TEST(Correlations, RefusesAnUnknownKey) {
  expect_refused(
      "[[correlation]]\nparameters = [\"onset_growth\", \"base_capacity\"]\nranks = 0.5\n",
      "ranks = 0.5", "0.5", "correlation[0].ranks",
      "unknown key 'ranks'; did you mean 'rank'? allowed keys: parameters, rank, matrix");
}

// ---------------------------------------------------------------------------------------------
// matrix.

const std::string kThree =
    "[[correlation]]\nparameters = [\"onset_growth\", \"base_capacity\", "
    "\"deterrence_elasticity\"]\n";

TEST(Correlations, RefusesAMatrixThatIsNotSquare) {
  expect_refused(kThree + "matrix = [[1, 0.5, 0.2], [0.5, 1, 0.1]]\n", "matrix = ", "[[",
                 "correlation[0].matrix", "has 2 rows for 3 parameters");
  expect_refused(kThree + "matrix = [[1, 0.5, 0.2], [0.5, 1], [0.2, 0.1, 1]]\n",
                 "matrix = ", "[0.5, 1]", "correlation[0].matrix[1]",
                 "has 2 entries for 3 parameters");
  expect_refused(kThree + "matrix = [1, 0.5, 0.2]\n", "matrix = ", "1,", "correlation[0].matrix[0]",
                 "must be an array");
  expect_refused(kThree + "matrix = [[1, 0.5, 0.2], [0.5, 1, \"x\"], [0.2, 0.1, 1]]\n",
                 "matrix = ", "\"x\"", "correlation[0].matrix[1][2]", "must be a number");
}

TEST(Correlations, RefusesAMatrixThatIsNotSymmetric) {
  expect_refused(kThree + "matrix = [[1, 0.5, 0.2], [0.5, 1, 0.1], [0.2, 0.15, 1]]\n",
                 "matrix = ", "0.15", "correlation[0].matrix[2][1]",
                 "not symmetric: deterrence_elasticity and base_capacity have 0.15");
}

TEST(Correlations, RefusesADiagonalOtherThanOne) {
  expect_refused(kThree + "matrix = [[1, 0.5, 0.2], [0.5, 0.9, 0.1], [0.2, 0.1, 1]]\n",
                 "matrix = ", "0.9", "correlation[0].matrix[1][1]",
                 "base_capacity and base_capacity is 0.9, but a parameter's correlation with "
                 "itself must be 1");
}

TEST(Correlations, RefusesAnEntryOutsideMinusOneOne) {
  expect_refused(kThree + "matrix = [[1, 1.5, 0.2], [1.5, 1, 0.1], [0.2, 0.1, 1]]\n",
                 "matrix = ", "1.5", "correlation[0].matrix[0][1]",
                 "onset_growth and base_capacity is 1.5, outside [-1, 1]");
}

TEST(Correlations, RefusesAMatrixThatIsNotPositiveDefiniteWithItsSmallestEigenvalue) {
  // Equicorrelation -0.6: the normal-score matrix has off-diagonals r = 2 sin(-pi 0.6 / 6)
  // and smallest eigenvalue 1 + 2r = 2 - sqrt(5) = -0.2360679...
  expect_refused(kThree + "matrix = [[1, -0.6, -0.6], [-0.6, 1, -0.6], [-0.6, -0.6, 1]]\n",
                 "matrix = ", "[[", "correlation[0].matrix",
                 "not positive definite (the smallest eigenvalue of its normal-score "
                 "correlations 2 sin(pi r / 6) is -0.236067977");
  // Each pair is valid on its own; together they cannot hold.
  expect_refused(kThree + "matrix = [[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]]\n",
                 "matrix = ", "[[", "correlation[0].matrix", "not positive definite");
}

// ---------------------------------------------------------------------------------------------
// Several declarations.

TEST(Correlations, RefusesAPairDeclaredTwice) {
  expect_refused(
      "[[correlation]]\nparameters = [\"onset_growth\", \"base_capacity\"]\nrank = 0.5\n"
      "[[correlation]]\nparameters = [\"base_capacity\", \"onset_growth\"]\nrank = 0.5\n",
      "parameters = [\"base_capacity\", \"onset_growth\"]", "[", "correlation[1].parameters",
      "the correlation of base_capacity and onset_growth is already declared in "
      "correlation[0] (" +
          first_table_line() + ")");
  // A pair already inside a matrix.
  expect_refused(kThree +
                     "matrix = [[1, 0.5, 0.2], [0.5, 1, 0.1], [0.2, 0.1, 1]]\n"
                     "[[correlation]]\n"
                     "parameters = [\"deterrence_elasticity\", \"onset_growth\"]\nrank = 0.5\n",
                 "parameters = [\"deterrence_elasticity\"", "[", "correlation[1].parameters",
                 "the correlation of deterrence_elasticity and onset_growth is already declared");
}

TEST(Correlations, RefusesAParameterInTwoGroups) {
  // A matrix and a pair sharing one parameter.
  expect_refused(kThree +
                     "matrix = [[1, 0.5, 0.2], [0.5, 1, 0.1], [0.2, 0.1, 1]]\n"
                     "[[correlation]]\n"
                     "parameters = [\"y.onset.max_effect\", \"base_capacity\"]\nrank = 0.5\n",
                 "parameters = [\"y.onset.max_effect\"", "[", "correlation[1].parameters",
                 "parameter 'base_capacity' is already in the matrix of correlation[0] (" +
                     first_table_line() + "); a parameter can be in one group only");
  // A pair, then a matrix holding one of its parameters.
  expect_refused(
      "[[correlation]]\nparameters = [\"y.onset.max_effect\", \"base_capacity\"]\n"
      "rank = 0.5\n" +
          kThree + "matrix = [[1, 0.5, 0.2], [0.5, 1, 0.1], [0.2, 0.1, 1]]\n",
      "parameters = [\"onset_growth\"", "[", "correlation[1].parameters",
      "parameter 'base_capacity' is already in correlation[0] (" + first_table_line() + ")");
}

TEST(Correlations, RefusesPairsThatCannotHoldTogether) {
  // A~B 0.9 and B~C 0.9 with A~C undeclared (0): each pair is valid, the group is not; the error
  // is at the group's last pair and names the smallest eigenvalue, 1 - sqrt(2) r with
  // r = 2 sin(0.9 pi / 6).
  const double r = 2.0 * std::sin(0.9 * std::numbers::pi / 6.0);
  const std::string eigenvalue = std::to_string(1.0 - std::sqrt(2.0) * r).substr(0, 8);
  expect_refused(
      "[[correlation]]\nparameters = [\"onset_growth\", \"base_capacity\"]\n"
      "rank = 0.9\n"
      "[[correlation]]\nparameters = [\"base_capacity\", \"deterrence_elasticity\"]\n"
      "rank = 0.9\n",
      "rank = 0.9", "0.9", "correlation[1].rank",
      "the pairs correlation[0], correlation[1] correlate onset_growth, "
      "base_capacity, deterrence_elasticity (pairs not declared count as 0): the rank "
      "correlation matrix is not positive definite (the smallest eigenvalue of its "
      "normal-score correlations 2 sin(pi r / 6) is " +
          eigenvalue,
      2);
}

}  // namespace
}  // namespace fundsim
