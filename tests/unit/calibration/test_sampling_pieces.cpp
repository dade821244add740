// The sampling building blocks: weights and systematic resampling, the Latin hypercube, the
// mixture proposal, and the history-matching volume estimate on a region of known area.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "calibration/algorithm_stream.hpp"
#include "calibration/calibration.hpp"
#include "calibration/design.hpp"
#include "calibration/mixture_proposal.hpp"
#include "calibration/tempering.hpp"
#include "calibration/weights.hpp"

namespace fundsim::calibration {
namespace {

TEST(Weights, LogSumExpAndEffectiveSampleSize) {
  EXPECT_NEAR(log_sum_exp(std::vector<double>{1000, 1000}), 1000 + std::log(2.0), 1e-12);
  EXPECT_NEAR(log_sum_exp(std::vector<double>{-INFINITY, 0}), 0, 1e-15);
  EXPECT_EQ(log_sum_exp(std::vector<double>{-INFINITY, -INFINITY}), -INFINITY);
  EXPECT_NEAR(effective_sample_size(std::vector<double>(8, 0.125)), 8, 1e-12);
  EXPECT_NEAR(effective_sample_size(std::vector<double>{0, 1, 0}), 1, 1e-12);
  EXPECT_NEAR(effective_sample_size(std::vector<double>{0.5, 0.25, 0.25}), 1 / 0.375, 1e-12);
  EXPECT_THROW(normalised_weights(std::vector<double>{-INFINITY}), std::invalid_argument);
}

// Systematic resampling gives index i floor(N w_i) or ceil(N w_i) copies (Douc & Cappé 2005),
// never picks a zero weight, and is exactly proportional on average over u.
TEST(Weights, SystematicResamplingCountsAreFloorOrCeil) {
  Stream s(StreamKey{5, 0}, Domain::model, 1);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<double> w(17);
    for (double& x : w) x = s.uniform() < 0.2 ? 0.0 : s.uniform();
    w.back() = 0;  // a trailing zero weight must never be picked despite rounding
    const double total = std::accumulate(w.begin(), w.end(), 0.0);
    if (total == 0) continue;
    for (double& x : w) x /= total;
    const std::size_t n = 50;
    const auto picks = systematic_resample(w, n, s.uniform());
    ASSERT_EQ(picks.size(), n);
    EXPECT_TRUE(std::is_sorted(picks.begin(), picks.end()));
    for (std::size_t i = 0; i < w.size(); ++i) {
      const auto copies = static_cast<double>(std::count(picks.begin(), picks.end(), i));
      EXPECT_GE(copies, std::floor(n * w[i]) - 1e-9);
      EXPECT_LE(copies, std::ceil(n * w[i]) + 1e-9);
      if (w[i] == 0) {
        EXPECT_EQ(copies, 0);
      }
    }
  }
  // u close to 1 with weights whose sum rounds below 1.
  const std::vector<double> w = {0.1, 0.2, 0.7 - 1e-16, 0};
  const auto picks = systematic_resample(w, 10, 1 - 0x1.0p-52);
  EXPECT_EQ(picks.back(), 2u);
}

TEST(Design, LatinHypercubeUsesEveryStratumOnce) {
  const std::size_t n = 97, d = 4;
  const std::vector<double> x = latin_hypercube(11, n, d);
  ASSERT_EQ(x.size(), n * d);
  for (std::size_t j = 0; j < d; ++j) {
    std::vector<int> hits(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const double v = x[i * d + j];
      ASSERT_GT(v, 0);
      ASSERT_LT(v, 1);
      ++hits[static_cast<std::size_t>(v * n)];
    }
    for (const int h : hits) EXPECT_EQ(h, 1);
  }
  EXPECT_EQ(latin_hypercube(11, n, d), x);
  EXPECT_NE(latin_hypercube(12, n, d), x);
}

// Mixture proposal: the normalised density, integrated over the cube on a fine grid, equals
// its mass inside the cube, which sampling estimates by accepted / drawn. Grid error is below
// 1e-3 (smooth density, 400^2 midpoints); the sampling estimate from 40,000 points has se
// sqrt(Z(1-Z)/draws) < 0.003; accept 0.01.
TEST(MixtureProposal, DensityMassMatchesTheSamplersAcceptanceRate) {
  const std::vector<double> points = {0.05, 0.5, 0.3, 0.9, 0.95, 0.1, 0.6, 0.6};
  const std::vector<double> weights = {1, 2, 0.5, 1.5};
  const MixtureProposal q(points, weights, 2, 1.0, 1000, 3, 1);
  double mass = 0;
  const int g = 400;
  for (int a = 0; a < g; ++a)
    for (int b = 0; b < g; ++b) {
      const std::vector<double> x = {(a + 0.5) / g, (b + 0.5) / g};
      mass += std::exp(q.log_density(x)) / (g * g);
    }
  Stream s = algorithm_stream(3, Purpose::wave_proposal, 9);
  std::uint64_t draws = 0;
  const std::vector<double> sample = q.sample(40000, s, draws);
  ASSERT_EQ(sample.size(), 80000u);
  for (const double v : sample) {
    ASSERT_GT(v, 0);
    ASSERT_LT(v, 1);
  }
  EXPECT_GT(draws, 40000u);  // centres near the edges lose mass outside
  EXPECT_NEAR(mass, 40000.0 / static_cast<double>(draws), 0.01);
}

TEST(MixtureProposal, ThinsToMaxCentresDeterministically) {
  const std::vector<double> x = latin_hypercube(4, 300, 2);
  const std::vector<double> w(300, 1.0);
  const MixtureProposal a(x, w, 2, 1.0, 50, 8, 2), b(x, w, 2, 1.0, 50, 8, 2);
  EXPECT_LE(a.centres(), 50u);
  const std::vector<double> at = {0.3, 0.7};
  EXPECT_EQ(a.log_density(at), b.log_density(at));
}

// History matching on a deterministic simulator whose non-implausible region is known: one
// normal observation z = 1 (sd 0.1) of y = u0 + u1, no discrepancy, identical replicates, k = 1.
// I = |u0 + u1 - 1| / 0.1 <= 3 is the band |u0 + u1 - 1| <= 0.3, of area 1 - 0.7^2 = 0.51.
// Every wave's importance-sampling volume estimate must agree within 4 standard errors (the
// waves after the first sample from a mixture, so this checks the 1/q weights and the
// estimate of the mixture's mass in the cube).
TEST(HistoryMatching, VolumeEstimatesMatchAKnownArea) {
  Target t;
  t.label = "sum";
  t.value = 1;
  t.sd = 0.1;
  CalibrationSettings s;
  s.seed = 21;
  s.dimensions = 2;
  s.replicates = 2;
  s.history.kth = 1;
  s.history.first_wave_points = 800;
  s.history.wave_points = 800;
  s.history.min_nonimplausible = 100000;  // never "converged": run to the wave limit
  s.history.max_waves = 5;
  s.posterior.particles = 100;
  const Calibration calibration(s, {t});
  const BatchSimulator simulate = [](const SimulationBatch& b, std::span<double> out) {
    for (std::size_t i = 0; i < b.size(); ++i)
      for (std::size_t r = 0; r < b.replicates; ++r)
        out[b.output_index(i, r, 0)] = b.point(i)[0] + b.point(i)[1];
  };
  CalibrationState state = calibration.start();
  while (state.phase == Phase::history_matching) calibration.advance(state, simulate);
  ASSERT_EQ(state.waves.size(), 5u);
  EXPECT_EQ(state.history_stop, HistoryStop::max_waves);
  for (const WaveRecord& w : state.waves) {
    std::printf("volume %.4f +- %.4f (kept %llu of 800, %llu draws)\n", w.volume, w.volume_se,
                static_cast<unsigned long long>(w.kept),
                static_cast<unsigned long long>(w.proposal_draws));
    EXPECT_EQ(w.cutoff, 3.0);
    EXPECT_NEAR(w.volume, 0.51, 4 * w.volume_se) << "se " << w.volume_se;
    EXPECT_LT(w.volume_se, 0.03);
  }
  // Later waves concentrate on the band: most of their points are non-implausible.
  EXPECT_GT(static_cast<double>(state.waves.back().kept) / 800, 0.75);
}

TEST(Tempering, NextTemperatureKeepsTheRequestedEss) {
  Stream s(StreamKey{8, 0}, Domain::model, 2);
  std::vector<double> g(500);
  for (double& v : g) v = -200 * s.uniform();
  g[3] = -INFINITY;  // zero likelihood: not counted among the particles
  const double beta = next_temperature(g, 0.2, 0.5);
  ASSERT_GT(beta, 0.2);
  ASSERT_LT(beta, 1.0);
  std::vector<double> log_w(g.size());
  for (std::size_t i = 0; i < g.size(); ++i) log_w[i] = (beta - 0.2) * g[i];
  EXPECT_NEAR(effective_sample_size(normalised_weights(log_w)), 0.5 * 499, 1e-6);
  // Flat increments: straight to 1.
  EXPECT_EQ(next_temperature(std::vector<double>(10, -3.0), 0.4, 0.5), 1.0);
}

TEST(Tempering, SampleQuantileIsType7) {
  EXPECT_EQ(sample_quantile({4, 1, 3, 2}, 0), 1);
  EXPECT_EQ(sample_quantile({4, 1, 3, 2}, 1), 4);
  EXPECT_DOUBLE_EQ(sample_quantile({4, 1, 3, 2}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(sample_quantile({10, 20}, 0.25), 12.5);
}

}  // namespace
}  // namespace fundsim::calibration
