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

#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/normal.hpp>
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

// Targets of toy.csv, without the relative discrepancy; two carry an absolute one instead, so
// that synthetic data can be generated from exactly the model the likelihood assumes.
std::vector<Target> toy_targets(const std::vector<Observation>& observations) {
  std::vector<Target> targets = make_targets(observations, DiscrepancySpec{0.0, {}});
  for (Target& t : targets) {
    if (t.label == "referrals 2017") t.discrepancy_sd = 3000;
    if (t.label == "identified 2014") t.discrepancy_sd = 100;
  }
  return targets;
}

// z given y from the target's model, discrepancy included (see observation_model.hpp).
double draw_observation(const Target& t, double y, Stream& s) {
  const boost::math::normal standard;
  if (t.model == ObservationModel::normal)
    return y + std::sqrt(t.sd * t.sd + t.discrepancy_sd * t.discrepancy_sd) *
                   quantile(standard, s.uniform());
  const double mu = y * t.scale, disc = t.discrepancy_sd * t.scale;
  double extra = disc * disc;
  if (t.model == ObservationModel::negative_binomial) extra += mu * mu / t.dispersion;
  double rate = mu;
  if (extra > 0 && mu > 0) {  // gamma mixing factor with mean 1 and variance extra / mu^2
    const double shape = mu * mu / extra;
    rate *= quantile(boost::math::gamma_distribution<>(shape, 1 / shape), s.uniform());
  }
  return static_cast<double>(sample_poisson(rate, s)) / t.scale;
}

struct SyntheticData {
  std::vector<double> truth;
  std::vector<Target> targets;
};

SyntheticData synthetic(std::size_t set, const std::vector<Observation>& observations) {
  SyntheticData d;
  Stream s(StreamKey{7000 + set, 0}, Domain::model, 0);
  for (int j = 0; j < 3; ++j) d.truth.push_back(s.uniform());
  const toy::Trajectory t = toy::simulate_one(d.truth, (std::uint64_t{1} << 62) + set);
  d.targets = toy_targets(observations);
  for (std::size_t j = 0; j < observations.size(); ++j)
    d.targets[j].value = draw_observation(d.targets[j], toy::observe(observations[j], t), s);
  return d;
}

TEST(ToyCalibration, TruthIsNonImplausibleAndIntervalsCoverAtNominalRates) {
  const auto observations = read_observations(toy::data_path("toy.csv"), toy::vocabulary());
  const BatchSimulator simulate = toy::simulator(observations);
  int covered90 = 0, covered50 = 0, intervals = 0;
  for (std::size_t set = 0; set < kDataSets; ++set) {
    const SyntheticData data = synthetic(set, observations);
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

}  // namespace
}  // namespace fundsim::calibration
