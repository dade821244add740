// Morris elementary effects (engine/sensitivity/morris_design, morris_effects).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <vector>

#include "doubles.hpp"
#include "errors.hpp"
#include "sensitivity/morris_design.hpp"
#include "sensitivity/morris_effects.hpp"
#include "test_functions.hpp"

namespace fundsim::sensitivity {
namespace {

using testing::gaussian_noise;
using testing::GFunction;
using testing::quantise;

using Model = std::function<double(const DesignPoint&)>;

std::vector<std::int64_t> trajectory_outputs(const MorrisDesign& design, std::uint64_t t,
                                             const Model& model) {
  const MorrisTrajectory tr = design.trajectory(t);
  std::vector<std::int64_t> y;
  for (std::size_t k = 0; k <= design.parameters(); ++k) y.push_back(quantise(model(tr.point(k))));
  return y;
}

// Results in the model's units (outputs were quantised at testing::kScale).
MorrisResults in_model_units(MorrisResults r) {
  for (MorrisFactor& f : r.factors) {
    f.mu /= testing::kScale;
    f.mu_star /= testing::kScale;
    f.sigma /= testing::kScale;
    f.mu_star_interval.lower /= testing::kScale;
    f.mu_star_interval.upper /= testing::kScale;
  }
  return r;
}

MorrisEffects run_morris(const MorrisDesign& design, const Model& model) {
  MorrisEffects effects(design);
  for (std::uint64_t t = 0; t < design.trajectories(); ++t) {
    effects.add(t, trajectory_outputs(design, t, model));
  }
  return effects;
}

TEST(MorrisDesign, TrajectoriesMoveEachFactorOnceByHalf) {
  for (const int p : {2, 4, 6}) {
    const std::size_t d = 6;
    const MorrisDesign design(d, 300, 17, p);
    std::vector<int> level_count(static_cast<std::size_t>(p), 0);
    for (std::uint64_t t = 0; t < design.trajectories(); ++t) {
      const MorrisTrajectory tr = design.trajectory(t);
      std::vector<int> moved(d, 0);
      for (std::size_t k = 0; k <= d; ++k) {
        const DesignPoint x = tr.point(k);
        EXPECT_EQ(x.stream_id, t);  // one stream per trajectory
        for (const double u : x.u) {
          const double level = u * p - 0.5;  // u = (l + 1/2) / p
          ASSERT_EQ(level, std::round(level));
          ASSERT_GE(level, 0);
          ASSERT_LT(level, p);
        }
        if (k == 0) continue;
        const DesignPoint before = tr.point(k - 1);
        int changed = 0;
        for (std::size_t i = 0; i < d; ++i) {
          if (x.u[i] == before.u[i]) continue;
          ++changed;
          ++moved[i];
          EXPECT_EQ(i, tr.order[k - 1]);
          EXPECT_NEAR(x.u[i] - before.u[i], tr.direction(i) * MorrisDesign::delta(), 1e-15);
        }
        EXPECT_EQ(changed, 1);
      }
      for (std::size_t i = 0; i < d; ++i) EXPECT_EQ(moved[i], 1);
      for (const int l : tr.start_levels) ++level_count[static_cast<std::size_t>(l)];
    }
    // Start levels uniform on the p levels: 1800 draws, count sd <= 20; 5 sd tolerance.
    for (const int c : level_count) EXPECT_NEAR(c, 1800.0 / p, 100.0) << "p=" << p;
  }
}

TEST(MorrisDesign, FactorOrdersAreUniformPermutations) {
  // 3 factors, 1200 trajectories: each of the 6 orders 200 times, sd 12.9; 5 sd tolerance.
  const MorrisDesign design(3, 1200, 23);
  std::map<std::vector<std::size_t>, int> count;
  for (std::uint64_t t = 0; t < design.trajectories(); ++t) ++count[design.trajectory(t).order];
  EXPECT_EQ(count.size(), 6u);
  for (const auto& [order, c] : count) EXPECT_NEAR(c, 200, 65);
}

TEST(MorrisEffects, LinearModelGivesItsCoefficients) {
  // y = sum beta_i u_i: every elementary effect of factor i is exactly beta_i, so mu = beta_i,
  // mu* = |beta_i|, sigma = 0, up to the 1e-6 output quantisation (effect error <= 2e-6).
  const std::vector<double> beta{3.0, -2.0, 0.5, 0.0};
  const auto linear = [&](const DesignPoint& x) {
    double y = 0;
    for (std::size_t i = 0; i < beta.size(); ++i) y += beta[i] * x.u[i];
    return y;
  };
  const MorrisDesign design(4, 40, 3);
  const MorrisEffects effects = run_morris(design, linear);
  // The stored change is the output change of one grid step: |beta_i| x delta (x scale).
  for (const auto& [t, change] : effects.changes()) {
    for (std::size_t i = 0; i < 4; ++i) {
      EXPECT_NEAR(std::abs(static_cast<double>(change[i])),
                  std::abs(beta[i]) * MorrisDesign::delta() * testing::kScale, 1.0);
    }
  }
  const MorrisResults r = in_model_units(effects.results());
  EXPECT_EQ(r.trajectories, 40u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(r.factors[i].mu, beta[i], 2e-6);
    EXPECT_NEAR(r.factors[i].mu_star, std::abs(beta[i]), 2e-6);
    EXPECT_NEAR(r.factors[i].sigma, 0.0, 2e-6);
    EXPECT_NEAR(r.factors[i].mu_star_interval.lower, std::abs(beta[i]), 2e-6);
    EXPECT_NEAR(r.factors[i].mu_star_interval.upper, std::abs(beta[i]), 2e-6);
  }
  // The unused factor: exactly 0.
  EXPECT_EQ(r.factors[3].mu_star, 0.0);
  EXPECT_EQ(r.factors[3].mu_star_interval.lower, 0.0);
  EXPECT_EQ(r.factors[3].mu_star_interval.upper, 0.0);

  // With large noise drawn from the stream id: common random numbers along each trajectory
  // cancel it (to the quantisation), so the effects are unchanged.
  const auto noisy = [&](const DesignPoint& x) {
    return linear(x) + gaussian_noise(x.stream_id, 50.0);
  };
  const MorrisResults rn = in_model_units(run_morris(design, noisy).results());
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(rn.factors[i].mu_star, std::abs(beta[i]), 4e-6);
    EXPECT_NEAR(rn.factors[i].sigma, 0.0, 4e-6);
  }
}

// g-function on the p = 4 grid u in {1/8, 3/8, 5/8, 7/8}: |4u - 2| is 3/2 or 1/2 and a step of
// delta = 1/2 always swaps them, so factor i's effect is +-(2 / (1 + a_i)) prod_{k != i} g_k,
// each other g_k at a uniformly distributed grid level, independently, with mean 1 and second
// and fourth moments m2_k, m4_k. Hence mu*_i = 2 / (1 + a_i), mu_i = 0,
// sigma_i = (2 / (1 + a_i)) sqrt(prod m2_k).
TEST(MorrisEffects, GFunctionMatchesExactGridValues) {
  const GFunction g;
  const std::size_t d = g.a.size();
  const std::uint64_t r = 500;
  const MorrisDesign design(d, r, 2718);
  const MorrisResults res = in_model_units(
      run_morris(design, [&](const DesignPoint& x) { return g(x.u); }).results(0.99));
  const auto moment = [&](std::size_t k, int power) {
    const double a = g.a[k];
    return (std::pow(1.5 + a, power) + std::pow(0.5 + a, power)) / (2 * std::pow(1 + a, power));
  };
  for (std::size_t i = 0; i < d; ++i) {
    double m2 = 1, m4 = 1;
    for (std::size_t k = 0; k < d; ++k) {
      if (k == i) continue;
      m2 *= moment(k, 2);
      m4 *= moment(k, 4);
    }
    const double c = 2 / (1 + g.a[i]);
    const double sigma = c * std::sqrt(m2);
    // Standard errors over r trajectories: of mu* c sqrt(m2 - 1) / sqrt(r); of mu sigma /
    // sqrt(r); of the sample sd about sigma sqrt((kurtosis - 1) / (4 r)), kurtosis = m4 / m2^2.
    // Tolerances 4 se (+ 1e-5 for the quantisation).
    const double se_star = c * std::sqrt(m2 - 1) / std::sqrt(static_cast<double>(r));
    const double se_sigma = sigma * std::sqrt((m4 / (m2 * m2) - 1) / (4.0 * r));
    EXPECT_NEAR(res.factors[i].mu_star, c, 4 * se_star + 1e-5) << "a=" << g.a[i];
    EXPECT_NEAR(res.factors[i].mu, 0.0, 4 * sigma / std::sqrt(static_cast<double>(r))) << i;
    EXPECT_NEAR(res.factors[i].sigma, sigma, 4 * se_sigma + 1e-5) << "a=" << g.a[i];
    EXPECT_LE(res.factors[i].mu_star_interval.lower, c + 1e-5) << "a=" << g.a[i];
    EXPECT_GE(res.factors[i].mu_star_interval.upper, c - 1e-5) << "a=" << g.a[i];
  }
  // Screening order follows a.
  for (std::size_t i = 0; i + 1 < 4; ++i) {
    EXPECT_GT(res.factors[i].mu_star_interval.lower, res.factors[i + 1].mu_star_interval.upper);
  }
  EXPECT_GT(res.factors[3].mu_star, 5 * res.factors[4].mu_star);
}

TEST(MorrisEffects, SummariesOfHandMadeEffects) {
  // One factor, three trajectories whose outputs make the direction-adjusted changes -1, 2, 6,
  // i.e. elementary effects (change / delta) e = -2, 4, 12.
  const MorrisDesign design(1, 3, 4);
  MorrisEffects effects(design);
  const std::vector<std::int64_t> change{-1, 2, 6};
  for (std::uint64_t t = 0; t < 3; ++t) {
    const std::int64_t step = design.trajectory(t).direction(0) * change[t];
    effects.add(t, std::vector<std::int64_t>{100, 100 + step});
  }
  const MorrisResults r = effects.results();
  const std::vector<double> e{-2, 4, 12};
  const double mean = (e[0] + e[1] + e[2]) / 3;
  double ss = 0;
  for (const double x : e) ss += (x - mean) * (x - mean);
  EXPECT_DOUBLE_EQ(r.factors[0].mu, mean);
  EXPECT_DOUBLE_EQ(r.factors[0].mu_star, (2.0 + 4 + 12) / 3);
  EXPECT_DOUBLE_EQ(r.factors[0].sigma, std::sqrt(ss / 2));  // divisor n - 1
}

TEST(MorrisEffects, BootstrapResamplesAllTrajectories) {
  // Factor 0 has effect 1 on the trajectories t >= r/2 and 0 on the others, so |EE| is
  // Bernoulli(1/2): mu* = 1/2 exactly, and the bootstrap distribution of mu* is that of a
  // binomial proportion, se = sqrt(1/4 / r) = 0.025 for r = 400. The 95% percentile interval
  // is about 1/2 -+ 1.96 se; tolerance 20% of its half-width (bootstrap and discreteness).
  const std::uint64_t r = 400;
  const MorrisDesign design(2, r, 8);
  const auto model = [&](const DesignPoint& x) {
    return x.stream_id >= r / 2 ? x.u[0] : 0.0;  // stream id = trajectory
  };
  const MorrisResults res = in_model_units(run_morris(design, model).results(0.95, 2000));
  const double half_width = 1.959964 * std::sqrt(0.25 / r);
  EXPECT_NEAR(res.factors[0].mu_star, 0.5, 1e-5);
  EXPECT_NEAR(res.factors[0].mu_star_interval.lower, 0.5 - half_width, 0.2 * half_width);
  EXPECT_NEAR(res.factors[0].mu_star_interval.upper, 0.5 + half_width, 0.2 * half_width);
}

using test::same_bits;

TEST(MorrisEffects, MergingInAnyOrderIsBitwiseOnePass) {
  const GFunction g;
  const MorrisDesign design(6, 60, 5);
  const Model model = [&](const DesignPoint& x) {
    return g(x.u) + gaussian_noise(x.stream_id, 0.1);
  };
  const MorrisResults one_pass = run_morris(design, model).results();
  MorrisEffects first(design), second(design);
  for (std::uint64_t t = 30; t-- > 0;) first.add(t, trajectory_outputs(design, t, model));
  for (std::uint64_t t = 60; t-- > 30;) second.add(t, trajectory_outputs(design, t, model));
  second.merge(first);
  const MorrisResults merged = second.results();
  ASSERT_EQ(merged.trajectories, 60u);
  for (std::size_t i = 0; i < 6; ++i) {
    const MorrisFactor& a = one_pass.factors[i];
    const MorrisFactor& b = merged.factors[i];
    EXPECT_TRUE(same_bits(a.mu, b.mu) && same_bits(a.mu_star, b.mu_star) &&
                same_bits(a.sigma, b.sigma) &&
                same_bits(a.mu_star_interval.lower, b.mu_star_interval.lower) &&
                same_bits(a.mu_star_interval.upper, b.mu_star_interval.upper))
        << i;
  }
  EXPECT_THROW(second.merge(first), Error);  // the same trajectories again
  EXPECT_THROW(second.add(3, trajectory_outputs(design, 3, model)), Error);
  EXPECT_THROW(second.merge(MorrisEffects(MorrisDesign(6, 60, 6))), Error);
}

TEST(MorrisEffects, RejectsBadInput) {
  EXPECT_THROW(MorrisDesign(3, 10, 1, 3), InputError);  // odd number of levels
  EXPECT_THROW(MorrisDesign(3, 10, 1, 0), InputError);
  EXPECT_THROW(MorrisDesign(0, 10, 1), InputError);
  EXPECT_THROW(MorrisDesign(3, 0, 1), InputError);
  const MorrisDesign design(3, 10, 1);
  MorrisEffects effects(design);
  EXPECT_THROW(effects.add(0, std::vector<std::int64_t>{1, 2, 3}), Error);
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  EXPECT_THROW(effects.add(0, std::vector<std::int64_t>{-big, big, 0, 0}), NumericError);
  const MorrisResults empty = effects.results();
  EXPECT_TRUE(std::isnan(empty.factors[0].mu_star));
}

}  // namespace
}  // namespace fundsim::sensitivity
