// The output file written by a run (output/hdf5_writer.hpp and the variable table,
// output/variables.hpp) read back through ResultsFile (output/results_file.hpp): what the run
// held in memory comes back bitwise, the two writer paths for per-replicate values agree, every
// variable of the table is readable and described, and bad files are refused naming the file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <bit>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "analysis/objective_summary.hpp"
#include "analysis/replicate_totals.hpp"
#include "analysis/scenario_summary.hpp"
#include "errors.hpp"
#include "output/h5.hpp"
#include "output/results_file.hpp"
#include "output/variables.hpp"
#include "run/job.hpp"
#include "small_study.hpp"
#include "study/study.hpp"

namespace fundsim {
namespace {

namespace fs = std::filesystem;

// The small study: 3 classes, 4 levers, 4 named scenarios and 3 sweep points (which keep no
// per-replicate arrays), 24 months; 50 replicates keep every run well under a second.
constexpr std::uint64_t kReplicates = 50;
constexpr std::uint64_t kSeed = 20181;

using test::small_study;

RunSpec spec_of(bool summary_only) {
  RunSpec spec;
  spec.replicates = kReplicates;
  spec.seed = kSeed;
  spec.summary_only = summary_only;
  return spec;
}

JobResult run_to(const Study& study, const RunSpec& spec, unsigned threads,
                 const std::string& path) {
  RunPlan plan;
  plan.spec = spec;
  plan.execution.threads = threads;
  plan.output_path = path;
  plan.checkpoint_seconds = 0;
  plan.command_line = "test_results_file_round_trip";
  return run_job(study, plan, {}, nullptr);
}

// The file stores doubles: compare bit patterns (NaN fill values included).
std::uint64_t bits(double x) {
  return std::bit_cast<std::uint64_t>(x);
}

void expect_bitwise(const std::vector<double>& got, const std::vector<double>& want,
                    const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (bits(got[i]) != bits(want[i])) {
      ADD_FAILURE() << what << ": element " << i << " is " << got[i] << ", expected " << want[i];
      return;  // the first difference says enough
    }
  }
}

// Every variable of the table for `study`, per-replicate ones included.
std::vector<Variable> variable_table(const Study& study) {
  std::vector<Variable> all = layout_variables(study, true, false);
  for (Variable& v : summary_variables(study.currency)) all.push_back(std::move(v));
  return all;
}

// Number of values of a variable, from the study's sizes (written out here, apart from the
// reader's own shape check).
std::size_t value_count(const Variable& v, const Study& study, std::uint64_t replicates) {
  const std::map<std::string, std::size_t> sizes = {
      {"scenario", study.scenarios.size()},
      {"replicate", replicates},
      {"month", static_cast<std::size_t>(study.run.simulated_months())},
      {"class", study.classes.size()},
      {"lever", study.levers.size()},
      {"parameter", study.parameters.size()},
      {"quantile", kSummaryQuantiles.size()},
      {"year", years_of(static_cast<std::size_t>(study.run.months))},
      {"objective", study.objectives.size()},
      {"choice_set", choice_sets(study).size()}};
  std::size_t n = 1;
  for (const std::string& d : v.dims) n *= sizes.at(d);
  return n;
}

// Names of the objects in the file's root group, but a shard's internal group.
std::set<std::string> root_objects(const std::string& path) {
  const h5::Handle file = h5::open_file_read(path);
  std::set<std::string> names;
  const auto visit = [](hid_t, const char* name, const H5L_info_t*, void* out) -> herr_t {
    static_cast<std::set<std::string>*>(out)->insert(name);
    return 0;
  };
  hsize_t at = 0;
  EXPECT_GE(H5Literate(file.id(), H5_INDEX_NAME, H5_ITER_NATIVE, &at, visit, &names), 0);
  names.erase("fundsim_internal");
  return names;
}

// The small study run three ways into a temporary folder, once for all the tests (each run
// takes a few tenths of a second; the tests only read the files).
struct Runs {
  fs::path folder;
  Study study;
  JobResult full;  // one thread, per-replicate arrays
  JobResult summary_only;
  JobResult two_threads;
  std::string path_of(const std::string& name) const { return (folder / name).string(); }
};

class ResultsFileRoundTrip : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto runs = std::make_unique<Runs>();
    runs->folder = fs::temp_directory_path() / ("fundsim-round-trip-" + std::to_string(::getpid()));
    fs::remove_all(runs->folder);
    fs::create_directories(runs->folder);
    runs->study = small_study();
    runs->full = run_to(runs->study, spec_of(false), 1, runs->path_of("full.nc"));
    runs->summary_only = run_to(runs->study, spec_of(true), 1, runs->path_of("summary-only.nc"));
    runs->two_threads = run_to(runs->study, spec_of(false), 2, runs->path_of("two-threads.nc"));
    runs_ = std::move(runs);
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    if (runs_) fs::remove_all(runs_->folder, ec);
    runs_.reset();
  }
  void SetUp() override { ASSERT_TRUE(runs_) << "the runs failed"; }
  static std::string path_of(const std::string& name) { return runs_->path_of(name); }

  static inline std::unique_ptr<const Runs> runs_;
};

TEST_F(ResultsFileRoundTrip, StudyRunSpecAndScenariosComeBack) {
  const Study& study = runs_->study;
  const ResultsFile file(path_of("full.nc"));
  EXPECT_EQ(file.study().name, "small");
  EXPECT_EQ(file.study().text, study.text);
  EXPECT_EQ(file.baseline(), "baseline");
  EXPECT_EQ(file.baseline(), study.scenarios[study.baseline].name);
  const RunSpec spec = file.spec();
  EXPECT_EQ(spec.replicates, kReplicates);
  EXPECT_EQ(spec.seed, kSeed);
  EXPECT_FALSE(spec.summary_only);
  EXPECT_EQ(spec, spec_of(false));
  EXPECT_TRUE(ResultsFile(path_of("summary-only.nc")).spec().summary_only);

  std::vector<std::string> names;
  for (const Scenario& s : study.scenarios) names.push_back(s.name);
  ASSERT_EQ(names.size(), 7u);  // 4 named scenarios and 3 sweep points, in file order
  EXPECT_EQ(file.read_strings("scenario"), names);
  std::vector<std::string> stored_names;
  for (const Scenario& s : file.study().scenarios) stored_names.push_back(s.name);
  EXPECT_EQ(stored_names, names);
}

TEST_F(ResultsFileRoundTrip, SummariesEqualTheRunsResultsBitwise) {
  const Study& study = runs_->study;
  const RunResults& results = runs_->full.results;
  const ResultsFile file(path_of("full.nc"));
  const std::size_t S = study.scenarios.size();
  const auto T = static_cast<std::size_t>(study.run.simulated_months());
  const std::size_t K = study.classes.size();
  ASSERT_EQ(results.summaries.size(), S);
  ASSERT_EQ(results.differences.size(), S);
  EXPECT_EQ(results.completed, ReplicateRanges(ReplicateRange{0, kReplicates}));

  // Two flows and a stock: horizon mean and sd, paired-difference mean and se, monthly means.
  for (const Metric m : {Metric::contact_abuse, Metric::arrests, Metric::active}) {
    const std::string name = metric_name(m);
    std::vector<double> mean(S), sd(S), diff_mean(S), diff_se(S);
    std::vector<double> monthly(S * T * K);
    for (std::size_t s = 0; s < S; ++s) {
      mean[s] = results.summaries[s].horizon(m).moments.mean();
      sd[s] = results.summaries[s].horizon(m).moments.sd();
      diff_mean[s] = results.differences[s].horizon(m).mean();
      diff_se[s] = results.differences[s].horizon(m).standard_error();
      for (std::size_t t = 0; t < T; ++t)
        for (std::size_t k = 0; k < K; ++k) {
          monthly[(s * T + t) * K + k] = results.summaries[s].monthly()
                                             ? results.summaries[s].cell(m, t, k).moments.mean()
                                             : std::numeric_limits<double>::quiet_NaN();
        }
    }
    expect_bitwise(file.read(name + "_horizon_mean"), mean, name + "_horizon_mean");
    expect_bitwise(file.read(name + "_horizon_sd"), sd, name + "_horizon_sd");
    expect_bitwise(file.read(name + "_diff_horizon_mean"), diff_mean, name + "_diff_horizon_mean");
    expect_bitwise(file.read(name + "_diff_horizon_se"), diff_se, name + "_diff_horizon_se");
    expect_bitwise(file.read(name + "_mean"), monthly, name + "_mean");
  }
  // A level: summarised in fixed point, stored in its own units.
  std::vector<double> capacity(S * T);
  for (std::size_t s = 0; s < S; ++s)
    for (std::size_t t = 0; t < T; ++t)
      capacity[s * T + t] =
          results.summaries[s].monthly()
              ? results.summaries[s].cell(Metric::capacity, t).moments.mean() / kLevelScale
              : std::numeric_limits<double>::quiet_NaN();
  expect_bitwise(file.read("capacity_mean"), capacity, "capacity_mean");
  // The differences are from the baseline: zero there, not elsewhere (the study funds the
  // other named scenarios, so a swap of scenarios would show).
  const std::vector<double> diff = file.read("contact_abuse_diff_horizon_mean");
  EXPECT_EQ(diff[study.baseline], 0.0);
  EXPECT_NE(diff[1], 0.0);
}

TEST_F(ResultsFileRoundTrip, HorizonTotalsAreSumsOfTheStoredMonths) {
  // Per-replicate totals (written from the runner's block totals) against the per-replicate
  // monthly arrays (written from the trajectories): two writer paths, one file.
  const Study& study = runs_->study;
  const ResultsFile file(path_of("full.nc"));
  const std::size_t S = study.scenarios.size();
  const std::size_t R = kReplicates;
  const auto T = static_cast<std::size_t>(study.run.simulated_months());
  const auto H = static_cast<std::size_t>(study.run.history_months);
  const std::size_t K = study.classes.size();
  const std::size_t Y = years_of(T - H);
  const std::vector<double> stored = file.read("replicates_stored");
  std::size_t stored_scenarios = 0;
  for (const Metric m : {Metric::contact_abuse, Metric::arrests, Metric::active}) {
    const std::string name = metric_name(m);
    const bool stock = metric_info(m).aggregation == Aggregation::stock;
    const std::vector<double> months = file.read(name);  // (scenario, replicate, month, class)
    const std::vector<double> horizon = file.read(name + "_horizon_total");
    const std::vector<double> year = file.read(name + "_year_total");
    const std::vector<double> horizon_mean = file.read(name + "_horizon_mean");
    stored_scenarios = 0;
    for (std::size_t s = 0; s < S; ++s) {
      // Every scenario has totals; the mean over replicates is the stored summary (exact
      // integer sums both ways; only the rounding of the division may differ: 4 ulps).
      double sum = 0;
      for (std::size_t r = 0; r < R; ++r) sum += horizon[s * R + r];
      EXPECT_DOUBLE_EQ(sum / static_cast<double>(R), horizon_mean[s]) << name << " " << s;
      if (stored[s] == 0) continue;
      ++stored_scenarios;
      for (std::size_t r = 0; r < R; ++r) {
        const auto in_month = [&](std::size_t t) {
          double all = 0;
          for (std::size_t k = 0; k < K; ++k) all += months[((s * R + r) * T + t) * K + k];
          return all;
        };
        double total = 0;
        std::vector<double> years(Y, 0.0);
        for (std::size_t t = H; t < T; ++t) {
          const std::size_t y = (t - H) / 12;
          if (stock) {
            years[y] = in_month(t);  // the last month of the year wins
          } else {
            years[y] += in_month(t);
          }
          total = stock ? in_month(t) : total + in_month(t);
        }
        ASSERT_EQ(horizon[s * R + r], total) << name << " scenario " << s << " replicate " << r;
        for (std::size_t y = 0; y < Y; ++y)
          ASSERT_EQ(year[(s * R + r) * Y + y], years[y])
              << name << " scenario " << s << " replicate " << r << " year " << y;
      }
    }
  }
  EXPECT_EQ(stored_scenarios, 4u);  // the named scenarios; sweep points keep totals only
}

TEST_F(ResultsFileRoundTrip, EveryVariableIsReadableAndDescribed) {
  const Study& study = runs_->study;
  const std::string path = path_of("full.nc");
  const ResultsFile file(path);
  const h5::Handle raw = h5::open_file_read(path);
  std::set<std::string> in_table;
  for (const Variable& v : variable_table(study)) {
    in_table.insert(v.name);
    SCOPED_TRACE(v.name);
    ASSERT_TRUE(file.has(v.name));  // a full run of a study with levers writes the whole table
    const std::size_t n = value_count(v, study, kReplicates);
    if (v.type == ValueType::text) {
      EXPECT_EQ(file.read_strings(v.name).size(), n);
    } else {
      std::vector<double> values;
      EXPECT_NO_THROW(values = file.read(v.name));
      EXPECT_EQ(values.size(), n);
    }
    const h5::Handle dataset = h5::open_dataset(raw.id(), v.name);
    ASSERT_TRUE(h5::has_attribute(dataset.id(), "long_name"));
    const std::string long_name = h5::read_text_attribute(dataset.id(), "long_name");
    EXPECT_EQ(long_name, v.long_name);
    EXPECT_FALSE(long_name.empty());
    EXPECT_NE(long_name, "?");
    // Variables of a metric, money or a share have units; labels, indices, parameter draws
    // (of mixed units) and objectives (objective_units) have none.
    const bool needs_units =
        v.content == Content::summary || v.content == Content::difference ||
        v.content == Content::offender_years || v.content == Content::cost ||
        (v.content == Content::replicates && v.name != "objective_value" && v.name != "parameters");
    if (needs_units) {
      EXPECT_FALSE(v.units.empty());
    }
    EXPECT_EQ(h5::has_attribute(dataset.id(), "units"), !v.units.empty());
    if (!v.units.empty()) {
      const std::string units = h5::read_text_attribute(dataset.id(), "units");
      EXPECT_EQ(units, v.units);
      EXPECT_NE(units, "?");
    }
  }
  // Nothing in the file outside the table.
  for (const std::string& name : root_objects(path))
    EXPECT_TRUE(in_table.count(name)) << name << " is not in the variable table";
}

TEST_F(ResultsFileRoundTrip, SummaryOnlyWritesNoReplicatesAndTheSameSummaries) {
  const Study& study = runs_->study;
  const ResultsFile full(path_of("full.nc"));
  const ResultsFile summary_only(path_of("summary-only.nc"));
  std::size_t compared = 0;
  for (const Variable& v : variable_table(study)) {
    SCOPED_TRACE(v.name);
    if (v.content == Content::replicates || v.name == "replicate") {
      EXPECT_FALSE(summary_only.has(v.name));
      continue;
    }
    ASSERT_TRUE(summary_only.has(v.name));
    if (v.type == ValueType::text) {
      EXPECT_EQ(summary_only.read_strings(v.name), full.read_strings(v.name));
    } else if (v.name == "replicates_stored") {
      expect_bitwise(summary_only.read(v.name), std::vector<double>(study.scenarios.size(), 0.0),
                     v.name);
    } else {
      expect_bitwise(summary_only.read(v.name), full.read(v.name), v.name);
      if (v.content != Content::scenario && v.content != Content::coordinate) ++compared;
    }
  }
  EXPECT_GT(compared, 100u);  // the summary table, not a handful of variables
}

TEST_F(ResultsFileRoundTrip, TwoThreadsWriteTheSameFileAsOne) {
  const Study& study = runs_->study;
  const ResultsFile one(path_of("full.nc"));
  const ResultsFile two(path_of("two-threads.nc"));
  for (const Variable& v : variable_table(study)) {
    if (v.type == ValueType::text) continue;
    expect_bitwise(two.read(v.name), one.read(v.name), v.name);
  }
}

// `what` must throw InputError naming `path`.
template <class F>
void expect_input_error_naming(const std::string& path, F what) {
  try {
    what();
    ADD_FAILURE() << "no error for " << path;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST_F(ResultsFileRoundTrip, BadFilesAreInputErrorsNamingTheFile) {
  const std::string missing = path_of("missing.nc");
  expect_input_error_naming(missing, [&] { ResultsFile f(missing); });

  const std::string text = path_of("text.nc");
  std::ofstream(text) << "not an HDF5 file\n";
  expect_input_error_naming(text, [&] { ResultsFile f(text); });

  // A valid HDF5 file with a dataset and an attribute, but no stored study.
  const std::string other = path_of("other.h5");
  {
    h5::Handle f = h5::create_file(other);
    h5::DatasetSpec spec;
    spec.name = "scenario";
    spec.dims = {3};
    h5::Handle d = h5::create_dataset(f.id(), spec);
    const double values[3] = {1, 2, 3};
    h5::write_all(d.id(), H5T_NATIVE_DOUBLE, values, "scenario");
    h5::set_attribute(f.id(), "title", std::string("some other program's output"));
    d.close(other);
    f.close(other);
  }
  expect_input_error_naming(other, [&] { ResultsFile f(other); });

  // A fundsim file asked for a variable it does not have (a summary-only file's trajectories).
  const std::string summary_only = path_of("summary-only.nc");
  const ResultsFile f(summary_only);
  expect_input_error_naming(summary_only, [&] { f.read("contact_abuse"); });
}

}  // namespace
}  // namespace fundsim
