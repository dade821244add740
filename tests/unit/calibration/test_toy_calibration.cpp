// Simulation-based calibration (Cook, Gelman & Rubin 2006; Talts et al. 2018) of the whole
// pipeline on the toy simulator (toy_model.hpp): for synthetic data sets drawn from known
// parameters through the same observation models, (1) the true point is non-implausible, and
// (2) the posterior intervals cover the truth at their nominal rates.
//
// Tolerances. Over 20 data sets x 3 parameters = 60 intervals, a correct posterior covers the
// truth ~ Binomial(60, p) times if intervals were independent. 90% intervals: accept 47..59
// (P(X < 47) = 0.2%, P(X > 59) = 0.18%); 50% intervals: accept 18..42 (+-3.1 sd). Intervals of
// one data set are correlated (posterior correlation), which widens the true spread a little;
// the bounds keep a margin for that. Seeds are fixed, so the outcome is deterministic.
#include <gtest/gtest.h>

#include <cstdio>

#include "calibration/calibration.hpp"
#include "calibration/calibration_errors.hpp"
#include "calibration/implausibility.hpp"
#include "calibration/tempering.hpp"
#include "toy_model.hpp"

namespace fundsim::calibration {
namespace {

constexpr std::size_t kDataSets = 20;

CalibrationSettings toy_settings(std::uint64_t seed) {
  CalibrationSettings s;
  s.seed = seed;
  s.dimensions = 3;
  s.replicates = 4;
  s.history.first_wave_points = 500;
  s.history.wave_points = 500;
  s.history.min_nonimplausible = 150;
  s.posterior.particles = 400;
  s.posterior.max_moves = 20;
  return s;
}

TEST(ToyCalibration, TruthIsNonImplausibleAndIntervalsCoverAtNominalRates) {
  const auto observations = read_observations(toy::data_path("toy.csv"), toy::vocabulary());
  const BatchSimulator simulate = toy::simulator(observations);
  int covered90 = 0, covered50 = 0, intervals = 0;
  for (std::size_t set = 0; set < kDataSets; ++set) {
    const toy::SyntheticData data = toy::synthetic(set, observations);
    const Calibration calibration(toy_settings(100 + set), data.targets);

    // The true point, with m fresh replicates (stream ids no calibration uses).
    SimulationBatch at_truth;
    at_truth.dimensions = 3;
    at_truth.replicates = 4;
    at_truth.observations = observations.size();
    at_truth.points = data.truth;
    at_truth.first_stream = {(std::uint64_t{1} << 61) + 4 * set};
    const std::vector<double> y = run_batch(simulate, at_truth, data.targets);
    std::vector<double> per_obs(observations.size());
    const double kth = implausibility(data.targets, y, 4, 2, per_obs);
    EXPECT_LE(kth, 3.0) << "data set " << set;

    const CalibrationState state = calibration.run(simulate);
    const PosteriorSample post = posterior_sample(state);
    std::printf("set %2zu: waves", set);
    for (const WaveRecord& w : state.waves)
      std::printf(" %llu/%zu(c=%.3g)", static_cast<unsigned long long>(w.kept),
                  w.kth_implausibility.size(), w.cutoff);
    std::printf("; history %llu + posterior %llu simulations, %zu steps, I_truth %.2f\n",
                static_cast<unsigned long long>(state.history_simulations),
                static_cast<unsigned long long>(state.posterior_simulations), state.steps.size(),
                kth);
    for (std::size_t j = 0; j < 3; ++j) {
      const std::vector<double> u = post.coordinate(j);
      const double t = data.truth[j];
      covered90 += sample_quantile(u, 0.05) <= t && t <= sample_quantile(u, 0.95);
      covered50 += sample_quantile(u, 0.25) <= t && t <= sample_quantile(u, 0.75);
      ++intervals;
    }
  }
  std::printf("coverage: 90%% intervals %d/%d, 50%% intervals %d/%d\n", covered90, intervals,
              covered50, intervals);
  EXPECT_GE(covered90, 47);
  EXPECT_LE(covered90, 59);
  EXPECT_GE(covered50, 18);
  EXPECT_LE(covered50, 42);
}

// Data no parameter can produce: r0 >= 300 a month means at least ~3,600 referrals in 2012, yet
// the data say 50 (and 20 a month in 2015). Two observations are far off, so the 2nd-largest
// implausibility stays large everywhere: a NoPlausibleRegion naming them, with advice, and the
// best point near the lower edge of r0's prior (u0 < 0.05) — never a crash.
TEST(ToyCalibration, ContradictoryDataGiveTheTypedErrorWithAdvice) {
  auto observations = read_observations(toy::data_path("toy.csv"), toy::vocabulary());
  observations[0].value = 50;  // referrals 2012
  observations[1].value = 20;  // referrals 2015, a month
  const std::vector<Target> targets = make_targets(observations, DiscrepancySpec{});
  const Calibration calibration(toy_settings(3), targets);
  std::uint64_t calls = 0;
  try {
    calibration.run(toy::simulator(observations, false, &calls));
    FAIL() << "contradictory data were accepted";
  } catch (const NoPlausibleRegion& e) {
    const std::string msg = e.what();
    std::printf("%s\n(%llu simulator calls)\n", msg.c_str(),
                static_cast<unsigned long long>(calls));
    EXPECT_NE(msg.find("'referrals 2012'"), std::string::npos);
    EXPECT_NE(msg.find("'referrals 2015'"), std::string::npos);
    EXPECT_NE(msg.find("Advice: check those observations"), std::string::npos);
    EXPECT_NE(msg.find("widen the model discrepancy"), std::string::npos);
    EXPECT_NE(msg.find("edge of the prior in parameter(s) 0"), std::string::npos);
    const ImplausibilityDiagnostics& d = e.diagnostics();
    EXPECT_GT(d.best_kth_implausibility, 3);
    EXPECT_LT(d.best_point[0], 0.05);
    ASSERT_EQ(d.labels.size(), 6u);
    EXPECT_EQ(d.labels[0], "referrals 2012");
    EXPECT_GT(d.best_point_implausibility[0], 10);
    EXPECT_GT(d.best_point_implausibility[1], 3);
    EXPECT_LE(calls, 6u);  // the stall is detected after a handful of waves
  }
}

}  // namespace
}  // namespace fundsim::calibration
