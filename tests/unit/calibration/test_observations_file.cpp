// The observations reader: RFC 4180 tokenising with positions, periods, a valid file, and one
// malformed file per kind of error (tests/data/observations/malformed/, expectations in its
// expected.txt: the message must start with "PATH:LINE:COLUMN: " and contain the text).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "calibration/csv.hpp"
#include "calibration/observations.hpp"
#include "calibration/period.hpp"
#include "errors.hpp"
#include "toy_model.hpp"

namespace fundsim::calibration {
namespace {

ObservationVocabulary vocabulary() {
  return {{"referrals", "identified", "arrests"},
          {"noncontact", "groomer", "prolific"},
          Period{Month::of(2012, 1), Month::of(2018, 9)}};
}

TEST(Csv, QuotingLineBreaksAndPositions) {
  const std::string text =
      "\xEF\xBB\xBF"
      "a,b,c\r\n"
      "1, \"x, \"\"y\"\"\" ,3\r\n"
      "\n"
      "\"multi\nline\",,  z  \n";
  const std::vector<CsvRow> rows = parse_csv(text, "f.csv");
  ASSERT_EQ(rows.size(), 3u);  // the empty line is skipped
  ASSERT_EQ(rows[1].fields.size(), 3u);
  EXPECT_EQ(rows[1].fields[1].text, "x, \"y\"");
  EXPECT_TRUE(rows[1].fields[1].quoted);
  EXPECT_EQ(rows[1].fields[1].line, 2u);
  EXPECT_EQ(rows[1].fields[1].column, 4u);  // the opening quote, after "1, "
  EXPECT_EQ(rows[1].fields[2].column, 16u);
  EXPECT_EQ(rows[2].line, 4u);
  EXPECT_EQ(rows[2].fields[0].text, "multi\nline");
  EXPECT_EQ(rows[2].fields[1].text, "");
  EXPECT_EQ(rows[2].fields[2].text, "z");  // unquoted fields are trimmed
  EXPECT_EQ(rows[2].fields[2].line, 5u);   // the line break inside the quotes counts
  EXPECT_EQ(rows[2].fields[2].column, 10u);
}

TEST(Period, ParsesYearsMonthsAndRanges) {
  const auto year = parse_period("2017");
  ASSERT_TRUE(year.period);
  EXPECT_EQ(year.period->first, Month::of(2017, 1));
  EXPECT_EQ(year.period->last, Month::of(2017, 12));
  EXPECT_EQ(year.period->months(), 12);
  EXPECT_EQ(year.period->to_string(), "2017");
  const auto month = parse_period("2018-08");
  ASSERT_TRUE(month.period);
  EXPECT_EQ(month.period->months(), 1);
  EXPECT_EQ(month.period->to_string(), "2018-08");
  const auto range = parse_period("2017-04..2018-03");
  ASSERT_TRUE(range.period);
  EXPECT_EQ(range.period->months(), 12);
  EXPECT_EQ(range.period->to_string(), "2017-04..2018-03");
  EXPECT_EQ(parse_period("2017-01..2017-12").period->to_string(), "2017");
  for (const char* bad : {"2017-13", "2017-1", "17", "2018..2019", "2018-03..2018-02", "",
                          "2017-00", "2017-01..", "abcd"})
    EXPECT_FALSE(parse_period(bad).period) << bad;
}

TEST(Observations, ReadsTheToyFile) {
  const auto obs = read_observations(toy::data_path("toy.csv"), toy::vocabulary());
  ASSERT_EQ(obs.size(), 6u);
  EXPECT_EQ(obs[0].series, "referrals");
  EXPECT_EQ(obs[0].label(), "referrals 2012");
  EXPECT_EQ(obs[0].model, ObservationModel::poisson);
  EXPECT_EQ(obs[0].source,
            "NPCC/NCA press release, 6 Sep 2018 (about 10,300: 82,109 was up 700% on 2012)");
  EXPECT_EQ(obs[1].model, ObservationModel::negative_binomial);
  EXPECT_EQ(obs[1].dispersion, 50);
  EXPECT_EQ(obs[1].aggregate, Aggregate::mean_per_month);
  EXPECT_EQ(obs[2].sd, 200);
  EXPECT_EQ(obs[3].value, 82109);
  EXPECT_EQ(obs[3].aggregate, Aggregate::sum);
  EXPECT_EQ(obs[5].line, 7u);

  const std::vector<Target> targets =
      make_targets(obs, DiscrepancySpec{0.1, {{"identified", 0.3}}});
  EXPECT_EQ(targets[0].scale, 1);   // a count summed over its period
  EXPECT_EQ(targets[1].scale, 12);  // a monthly mean of a count: modelled on the year's total
  EXPECT_EQ(targets[2].scale, 1);   // normal: the sd is in the value's own units
  EXPECT_DOUBLE_EQ(targets[3].discrepancy_sd, 8210.9);
  EXPECT_DOUBLE_EQ(targets[5].discrepancy_sd, 3000);  // the per-series override
}

TEST(Observations, SimulatedValueSumsOrAveragesThePeriod) {
  Observation o;
  o.series = "s";
  o.period = *parse_period("2012-02..2012-04").period;
  std::vector<double> monthly = {1, 2, 3, 4, 5};
  EXPECT_EQ(simulated_value(o, Month::of(2012, 1), monthly), 2 + 3 + 4);
  o.aggregate = Aggregate::mean_per_month;
  EXPECT_EQ(simulated_value(o, Month::of(2012, 1), monthly), 3);
  EXPECT_THROW(simulated_value(o, Month::of(2012, 3), monthly), Error);
  o.period = *parse_period("2012-04..2012-06").period;
  EXPECT_THROW(simulated_value(o, Month::of(2012, 1), monthly), Error);
}

struct Expectation {
  std::string file, location, text;
};

std::vector<Expectation> expectations() {
  std::ifstream in(toy::data_path("malformed/expected.txt"));
  std::vector<Expectation> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    Expectation e;
    fields >> e.file >> e.location;
    std::getline(fields >> std::ws, e.text);
    out.push_back(e);
  }
  return out;
}

TEST(MalformedObservations, EveryFileHasAnExpectationAndViceVersa) {
  std::set<std::string> files, expected;
  for (const auto& entry : std::filesystem::directory_iterator(toy::data_path("malformed")))
    if (entry.path().extension() == ".csv") files.insert(entry.path().filename().string());
  for (const Expectation& e : expectations()) expected.insert(e.file);
  EXPECT_EQ(files, expected);
  EXPECT_GE(files.size(), 25u);
}

class MalformedObservations : public ::testing::TestWithParam<Expectation> {};

TEST_P(MalformedObservations, IsRejectedWithItsLocation) {
  const Expectation& e = GetParam();
  const std::string path = toy::data_path("malformed/" + e.file);
  try {
    read_observations(path, vocabulary());
    FAIL() << path << " was accepted";
  } catch (const InputError& error) {
    const std::string msg = error.what();
    const std::string prefix = path + (e.location == "-" ? "" : ":" + e.location) + ": ";
    EXPECT_EQ(msg.rfind(prefix, 0), 0u) << "expected prefix: " << prefix << "\nmessage: " << msg;
    EXPECT_NE(msg.find(e.text), std::string::npos)
        << "expected: " << e.text << "\nmessage: " << msg;
  }
}

std::string name_of(const ::testing::TestParamInfo<Expectation>& info) {
  std::string name = info.param.file.substr(0, info.param.file.size() - 4);
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Files, MalformedObservations, ::testing::ValuesIn(expectations()),
                         name_of);

TEST(MalformedObservations, TheBriefsExampleMessageVerbatim) {
  const std::string path = toy::data_path("malformed/unknown-metric.csv");
  try {
    read_observations(path, vocabulary());
    FAIL();
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              path +
                  ":3:6: column 'metric': unknown metric 'refferals' (did you mean "
                  "'referrals'?)");
  }
}

TEST(MalformedObservations, MissingFileIsAnInputError) {
  EXPECT_THROW(read_observations(toy::data_path("no-such-file.csv"), vocabulary()), InputError);
}

}  // namespace
}  // namespace fundsim::calibration
