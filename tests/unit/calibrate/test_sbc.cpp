// Simulation-based calibration on the engine (Talts et al. 2018): 20 data sets simulated by the
// engine from known parameters of the small study of calibrate_fixture.hpp (3 calibrated
// parameters), each fitted by `fundsim calibrate`'s job. The truth is drawn from the prior and
// the data from the calibration's own generative model (one fresh replicate of the study at the
// truth, then the observation model: Poisson counts, normal arrests with sd 1), so the posterior
// 90% intervals must cover the truth at about 90%, and the truth must be non-implausible.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "calibrate/calibrate_job.hpp"
#include "calibrate/calibrated_parameters.hpp"
#include "calibrate/calibration_data.hpp"
#include "calibrate/predictive.hpp"
#include "calibrate/study_simulator.hpp"
#include "calibrate_fixture.hpp"
#include "calibration/calibration.hpp"
#include "calibration/implausibility.hpp"
#include "calibration/tempering.hpp"
#include "random/stream.hpp"

namespace fundsim {
namespace {

using test::calibration_study_text;
using test::TempDir;

constexpr std::size_t kDataSets = 20;
constexpr std::size_t kDimensions = 3;  // offence_rate, detect_trend, arrest

// Observed series: (series, metric, period, model, sd, aggregate).
struct SeriesRow {
  const char* series;
  const char* metric;
  const char* period;
  const char* model;
  const char* sd;
  const char* aggregate;
};
const std::vector<SeriesRow> kSeries = {
    {"referrals", "referrals", "2016", "poisson", "", "sum"},
    {"referrals", "referrals", "2017", "poisson", "", "sum"},
    {"referrals", "referrals", "2018-01..2018-09", "poisson", "", "sum"},
    {"identified", "identified", "2017", "poisson", "", "sum"},
    {"arrests", "arrests", "2017", "normal", "1", "mean_per_month"},
};

std::string observations_csv(const std::vector<double>& values) {
  std::string text = "series,metric,class,period,value,model,sd,dispersion,aggregate,source\n";
  for (std::size_t j = 0; j < kSeries.size(); ++j) {
    char value[64];
    std::snprintf(value, sizeof value, "%.6g", values[j]);
    const SeriesRow& r = kSeries[j];
    text += std::string(r.series) + "," + r.metric + ",," + r.period + "," + value + "," + r.model +
            "," + r.sd + ",," + r.aggregate + ",synthetic (SBC)\n";
  }
  return text;
}

// A negligible discrepancy: the data are generated without one.
const std::string kCalibration = "discrepancy = 0.001\n";

TEST(CalibrateSbc, NinetyPercentIntervalsCoverTheTruthAtTheNominalRate) {
  TempDir dir;
  dir.write("observed.csv", observations_csv(std::vector<double>(kSeries.size(), 1.0)));
  const Study generator =
      parse_study(calibration_study_text("observed.csv", kCalibration), dir.file("toy.toml"));
  const CalibrationData placeholder = load_calibration_data(generator, "", std::nullopt);
  const StudySimulator simulate(generator, placeholder, split_parameters(generator, 1), 1, 2);
  ASSERT_EQ(simulate.dimensions(), kDimensions);
  int covered = 0, intervals = 0;
  for (std::size_t set = 0; set < kDataSets; ++set) {
    // The truth, uniform over the prior (u), and one replicate at it on a stream no calibration
    // uses.
    Stream truth_stream(StreamKey{2012, set}, Domain::parameters, 900);
    std::vector<double> truth(kDimensions);
    for (double& u : truth) u = truth_stream.uniform();
    calibration::SimulationBatch one;
    one.dimensions = kDimensions;
    one.replicates = 1;
    one.observations = kSeries.size();
    one.points = truth;
    one.first_stream = {(std::uint64_t{1} << 50) + set};
    std::vector<double> y(kSeries.size());
    simulate(one, y);
    Stream noise(StreamKey{2012, set}, Domain::model, 901);
    std::vector<double> z(kSeries.size());
    for (std::size_t j = 0; j < kSeries.size(); ++j)
      z[j] = draw_observed(placeholder.targets[j], y[j], noise);
    dir.write("observed.csv", observations_csv(z));
    const Study study =
        parse_study(calibration_study_text("observed.csv", kCalibration), dir.file("toy.toml"));
    const CalibrationData data = load_calibration_data(study, "", std::nullopt);

    // The truth's implausibility from 4 fresh replicates (streams no calibration uses).
    calibration::SimulationBatch at_truth = one;
    at_truth.replicates = 4;
    at_truth.first_stream = {(std::uint64_t{1} << 51) + 4 * set};
    std::vector<double> outputs(4 * kSeries.size());
    StudySimulator(study, data, split_parameters(study, 1), 1, 2)(at_truth, outputs);
    std::vector<double> per_observation(kSeries.size());
    const double kth = calibration::implausibility(data.targets, outputs, 4, 2, per_observation);
    EXPECT_LE(kth, 3.0) << "data set " << set;

    CalibratePlan plan;
    plan.output_path = dir.file("posterior-" + std::to_string(set) + ".h5");
    plan.threads = 2;
    plan.settings.seed = 100 + set;
    plan.settings.replicates = 3;
    plan.settings.history.first_wave_points = 300;
    plan.settings.history.wave_points = 300;
    plan.settings.history.min_nonimplausible = 60;
    plan.settings.history.max_waves = 4;
    plan.settings.posterior.particles = 200;
    plan.command_line = "test";
    const CalibrateResult result = run_calibration(study, plan, nullptr, {});
    const calibration::PosteriorSample posterior =
        calibration::posterior_sample(result.outcome.state);
    for (std::size_t c = 0; c < kDimensions; ++c) {
      const std::vector<double> coordinate = posterior.coordinate(c);
      const double lo = calibration::sample_quantile(coordinate, 0.05);
      const double hi = calibration::sample_quantile(coordinate, 0.95);
      covered += lo <= truth[c] && truth[c] <= hi;
      ++intervals;
    }
    std::printf("set %2zu: I_truth %.2f, %zu waves, %zu steps\n", set, kth,
                result.outcome.state.waves.size(), result.outcome.state.steps.size());
  }
  std::printf("SBC: 90%% intervals cover the truth %d/%d\n", covered, intervals);
  // 60 intervals at 90%: binomial sd sqrt(60 * 0.9 * 0.1) = 2.3; 54 +- 3 sd ~ [47, 60]. The three
  // intervals of one data set are correlated, so the count varies more than binomially: the
  // band is wide on purpose, and a posterior that ignored the data (90% of the prior) or
  // collapsed onto the best point would still fail it only through the lower bound, so the
  // lower bound (47) is the sharp side; 59 excludes a posterior that always covers.
  EXPECT_GE(covered, 47);
  EXPECT_LE(covered, 59);
}

}  // namespace
}  // namespace fundsim
