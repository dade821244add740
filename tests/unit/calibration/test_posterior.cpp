// The posterior step against a closed form. Simulator: y_j = 100 u_j + N(0, 3^2) for two
// parameters; observations z_j ~ N(y_j, 4^2). With the uniform prior the exact posterior of u_j
// is N(z_j / 100, 0.05^2) truncated to (0,1), independently for j = 0, 1. z_0 = 40 puts the
// mode inside; z_1 = 2 puts it at 0.02, so the truncation at 0 shapes the posterior. The
// likelihood is only available through the noisy replicate average, so this also checks the
// pseudo-marginal construction.
//
// Tolerances: 2,000 particles after MCMC moves count as at least N/4 = 500 independent draws.
// Posterior mean: 5 se = 5 * sd / sqrt(500). Quantile q_p: 5 se = 5 sqrt(p(1-p)/500) / f(q_p).
// Posterior sd: within 10% (its relative se is about 1/sqrt(2 * 500) = 3%).
#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <numeric>

#include "calibration/calibration.hpp"
#include "calibration/tempering.hpp"
#include "random/stream.hpp"

namespace fundsim::calibration {
namespace {

struct TruncatedNormal {
  double mu, sigma;  // of the untruncated normal; truncated to (0,1)
  boost::math::normal n{0, 1};
  double lo() const { return cdf(n, -mu / sigma); }
  double hi() const { return cdf(n, (1 - mu) / sigma); }
  double quantile_at(double p) const { return mu + sigma * quantile(n, lo() + p * (hi() - lo())); }
  double density(double x) const { return pdf(n, (x - mu) / sigma) / sigma / (hi() - lo()); }
  double mean() const {
    return mu + sigma * (pdf(n, -mu / sigma) - pdf(n, (1 - mu) / sigma)) / (hi() - lo());
  }
  double sd() const {
    const double a = -mu / sigma, b = (1 - mu) / sigma, z = hi() - lo();
    const double r = (pdf(n, a) - pdf(n, b)) / z;
    return sigma * std::sqrt(1 + (a * pdf(n, a) - b * pdf(n, b)) / z - r * r);
  }
};

std::vector<Target> targets_for(const double (&z)[2]) {
  std::vector<Target> targets(2);
  for (std::size_t j = 0; j < 2; ++j) {
    targets[j].label = "z" + std::to_string(j);
    targets[j].value = z[j];
    targets[j].sd = 4;
  }
  return targets;
}

CalibrationSettings settings_for(std::size_t max_moves) {
  CalibrationSettings s;
  s.seed = 77;
  s.dimensions = 2;
  s.replicates = 4;
  s.history.kth = 1;
  s.history.first_wave_points = 600;
  s.history.wave_points = 600;
  s.posterior.particles = 2000;
  s.posterior.max_moves = max_moves;
  return s;
}

void simulate(const SimulationBatch& b, std::span<double> out) {
  const boost::math::normal standard;
  for (std::size_t i = 0; i < b.size(); ++i)
    for (std::size_t r = 0; r < b.replicates; ++r) {
      Stream st(StreamKey{5, b.first_stream[i] + r}, Domain::model, 0);
      for (std::size_t j = 0; j < 2; ++j)
        out[b.output_index(i, r, j)] = 100 * b.point(i)[j] + 3 * quantile(standard, st.uniform());
    }
}

void expect_exact_posterior(const CalibrationState& state, const double (&z)[2]) {
  const PosteriorSample post = posterior_sample(state);
  ASSERT_EQ(post.size, 2000u);
  for (const StepRecord& step : state.steps)
    std::printf("step: temperature %.4f ESS %.0f acceptance %.2f moves %llu simulations %llu\n",
                step.temperature, step.ess, step.acceptance,
                static_cast<unsigned long long>(step.moves),
                static_cast<unsigned long long>(step.simulations));
  const double n_eff = 500;
  for (std::size_t j = 0; j < 2; ++j) {
    const TruncatedNormal exact{z[j] / 100, std::sqrt(3.0 * 3 + 4 * 4) / 100};
    const std::vector<double> u = post.coordinate(j);
    const double mean = std::accumulate(u.begin(), u.end(), 0.0) / static_cast<double>(u.size());
    double ss = 0;
    for (const double v : u) ss += (v - mean) * (v - mean);
    const double sd = std::sqrt(ss / static_cast<double>(u.size() - 1));
    std::printf("u%zu: mean %.4f (exact %.4f), sd %.4f (exact %.4f)\n", j, mean, exact.mean(), sd,
                exact.sd());
    EXPECT_NEAR(mean, exact.mean(), 5 * exact.sd() / std::sqrt(n_eff));
    EXPECT_NEAR(sd, exact.sd(), 0.1 * exact.sd());
    for (const double p : {0.05, 0.25, 0.5, 0.75, 0.95}) {
      const double q = exact.quantile_at(p);
      const double tol = 5 * std::sqrt(p * (1 - p) / n_eff) / exact.density(q);
      EXPECT_NEAR(sample_quantile(u, p), q, tol) << "u" << j << " quantile " << p;
    }
  }
  EXPECT_EQ(state.steps.back().temperature, 1.0);
  for (std::size_t k = 1; k < state.steps.size(); ++k) {
    EXPECT_GE(state.steps[k].ess, 0.5 * 2000 - 1e-6);  // the adaptive step keeps half the ESS
    EXPECT_GT(state.steps[k].acceptance, 0.05);
  }
}

constexpr double kData[2] = {40, 2};

// max_moves = 1 leaves little mixing after each reweighting, so the result rests on the
// tempering weights and the Metropolis–Hastings target being right at every step (with many
// moves, the final step's MCMC at temperature 1 would hide an error made earlier).
class Posterior : public ::testing::TestWithParam<std::size_t> {};

TEST_P(Posterior, MatchesTheTruncatedNormalPosterior) {
  const Calibration calibration(settings_for(GetParam()), targets_for(kData));
  expect_exact_posterior(calibration.run(simulate), kData);
}

// The posterior step alone, from a region deliberately unlike the posterior: a "last wave" whose
// points crowd towards u0 = 0.3 and spread thinly up to 0.55, so the initial proposal q falls
// steeply across the posterior (u0 ~ 0.40 +- 0.05). The bridge q^(1-b) (prior L)^b must remove
// q exactly; ignoring q in the weights or in the moves biases the result.
TEST(Posterior, RemovesASkewedInitialProposalExactly) {
  const Calibration calibration(settings_for(1), targets_for(kData));
  CalibrationState state = calibration.start();
  WaveRecord wave;
  Stream s(StreamKey{31, 0}, Domain::model, 0);
  const std::size_t n = 400;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = s.uniform();
    wave.points.push_back(0.25 + 0.3 * v * v * v);
    wave.points.push_back(0.15 * s.uniform());
  }
  wave.outputs.assign(n * 4 * 2, 0.0);  // not used by the posterior step
  wave.log_proposal_density.assign(n, 0.0);
  wave.implausibility.assign(n * 2, 0.0);
  wave.kth_implausibility.assign(n, 0.0);
  wave.cutoff = 3;
  wave.kept = n;
  state.waves.push_back(wave);
  state.phase = Phase::posterior;
  state.history_stop = HistoryStop::converged;
  expect_exact_posterior(calibration.resume(state, simulate), kData);
}

INSTANTIATE_TEST_SUITE_P(MaxMoves, Posterior, ::testing::Values(1, 30));

}  // namespace
}  // namespace fundsim::calibration
