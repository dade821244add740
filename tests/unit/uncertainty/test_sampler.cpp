// Per-replicate parameter values (engine/uncertainty/sampler): MC and Latin hypercube.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <vector>

#include "doubles.hpp"
#include "errors.hpp"
#include "make_distribution.hpp"
#include "random/stream.hpp"
#include "uncertainty/parameter_decl.hpp"
#include "uncertainty/sampler.hpp"

namespace fundsim {
namespace {

using test::kInf;

using test::make;

const ValidRange kProbability{0.0, 1.0, false, false, false};
const ValidRange kNonNegative{0.0, kInf, false, true, false};
const ValidRange kCount{0.0, kInf, false, true, true};
const ValidRange kPositive{0.0, kInf, true, true, false};
const ValidRange kAnyReal{-kInf, kInf, true, true, false};

// A small declaration list shaped like the default study's.
std::vector<ParameterDecl> decls() {
  return {
      {"onset_growth", make(DistKind::uniform, 0.0, 0.1),
       ValidRange{-1.0, kInf, true, true, false}},
      {"base_capacity", make(DistKind::lognormal, 800.0, 1.25), kNonNegative},
      {"arrests_ref", Distribution::fixed_value(400.0), kPositive},
      {"noncontact.initial_active", make(DistKind::lognormal, 60000.0, 1.5), kCount},
      {"noncontact.detect", make(DistKind::uniform, 0.04, 0.10), kProbability},
      {"groomer.priority", make(DistKind::normal, 2.0, 1.0), kAnyReal},
      {"x.beta", make(DistKind::beta, 2.0, 5.0), kProbability},
      {"x.gamma", make(DistKind::gamma, 2.0, 3.0), kNonNegative},
      {"x.tri", make(DistKind::triangular, 0.0, 1.0, 4.0), kNonNegative},
      {"x.pert", make(DistKind::pert, 0.0, 1.0, 10.0), kNonNegative},
  };
}

std::vector<double> sample(const ParameterSampler& s, std::uint64_t r) {
  std::vector<double> out(s.size());
  s.sample(r, out);
  return out;
}

TEST(ParameterSampler, MonteCarloUniformIsTheParameterStream) {
  const auto d = decls();
  const ParameterSampler s(d, 77, 100, Design::monte_carlo, false);
  for (std::uint64_t r : {0u, 5u, 99u, 12345u}) {  // MC does not need r < replicates
    for (std::size_t p = 0; p < d.size(); ++p) {
      Stream stream(StreamKey{77, r}, Domain::parameters, p);
      EXPECT_EQ(s.uniform(r, p), stream.uniform());
    }
  }
}

TEST(ParameterSampler, LatinHypercubeHitsEveryStratumOnce) {
  const auto d = decls();
  const std::uint64_t n = 1000;
  const ParameterSampler s(d, 20180903, n, Design::latin_hypercube, false);
  for (std::size_t p = 0; p < d.size(); ++p) {
    std::vector<int> hits(n, 0);
    for (std::uint64_t r = 0; r < n; ++r) {
      const double u = s.uniform(r, p);
      ASSERT_GT(u, 0.0);
      ASSERT_LT(u, 1.0);
      ++hits[static_cast<std::size_t>(std::floor(u * static_cast<double>(n)))];
    }
    for (std::uint64_t k = 0; k < n; ++k)
      ASSERT_EQ(hits[k], 1) << "parameter " << p << " stratum " << k;
  }
}

TEST(ParameterSampler, LatinHypercubeSingleReplicate) {
  const auto d = decls();
  const ParameterSampler s(d, 3, 1, Design::latin_hypercube, false);
  for (std::size_t p = 0; p < d.size(); ++p) {
    const double u = s.uniform(0, p);
    EXPECT_GT(u, 0.0);
    EXPECT_LT(u, 1.0);
  }
  EXPECT_NO_THROW((void)sample(s, 0));
  EXPECT_THROW((void)s.uniform(1, 0), std::invalid_argument);  // replicate >= replicates
  EXPECT_THROW((void)ParameterSampler(d, 3, 0, Design::latin_hypercube, false),
               std::invalid_argument);
}

// Variance reduction: the mean of a uniform(0,1) parameter over n = 1000 replicates.
// MC error sd = 1/sqrt(12 n) ~ 9e-3; one-dimensional LHS error sd = 1/sqrt(12 n^3) ~ 9e-6.
TEST(ParameterSampler, LatinHypercubeReducesVarianceOfTheMean) {
  const std::vector<ParameterDecl> d = {{"u", make(DistKind::uniform, 0.0, 1.0), kProbability},
                                        {"v", make(DistKind::uniform, 0.0, 1.0), kProbability}};
  const std::uint64_t n = 1000;
  double mc_sq = 0.0, lhs_sq = 0.0, lhs_max = 0.0;
  int trials = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const ParameterSampler mc(d, seed, n, Design::monte_carlo, false);
    const ParameterSampler lhs(d, seed, n, Design::latin_hypercube, false);
    for (std::size_t p = 0; p < d.size(); ++p) {
      double mc_sum = 0.0, lhs_sum = 0.0;
      for (std::uint64_t r = 0; r < n; ++r) {
        mc_sum += sample(mc, r)[p];
        lhs_sum += sample(lhs, r)[p];
      }
      const double mc_err = mc_sum / n - 0.5, lhs_err = lhs_sum / n - 0.5;
      mc_sq += mc_err * mc_err;
      lhs_sq += lhs_err * lhs_err;
      lhs_max = std::max(lhs_max, std::abs(lhs_err));
      ++trials;
    }
  }
  const double mc_rms = std::sqrt(mc_sq / trials), lhs_rms = std::sqrt(lhs_sq / trials);
  EXPECT_LT(lhs_max, 5e-5);  // ~5 sd of the LHS error
  EXPECT_GT(mc_rms, 4e-3);   // MC really is noisier (expected 9e-3)
  EXPECT_GT(mc_rms / lhs_rms, 100.0) << "mc " << mc_rms << " lhs " << lhs_rms;
}

TEST(ParameterSampler, ValuesAreWithinTheirDistributionsAndRanges) {
  const auto d = decls();
  for (Design design : {Design::monte_carlo, Design::latin_hypercube}) {
    const ParameterSampler s(d, 11, 500, design, false);
    for (std::uint64_t r = 0; r < 500; ++r) {
      const auto v = sample(s, r);
      for (std::size_t p = 0; p < d.size(); ++p) {
        EXPECT_GE(v[p], d[p].dist.support_min()) << d[p].name;
        EXPECT_LE(v[p], d[p].dist.support_max()) << d[p].name;
        EXPECT_TRUE(d[p].range.contains(v[p])) << d[p].name;
      }
      EXPECT_EQ(v[2], 400.0);             // fixed
      EXPECT_EQ(v[3], std::round(v[3]));  // integer count
    }
  }
}

TEST(ParameterSampler, Determinism) {
  const auto d = decls();
  for (Design design : {Design::monte_carlo, Design::latin_hypercube}) {
    const ParameterSampler a(d, 20180903, 64, design, false);
    const ParameterSampler b(d, 20180903, 64, design, false);
    std::vector<std::vector<double>> forward;
    for (std::uint64_t r = 0; r < 64; ++r) forward.push_back(sample(a, r));
    // Same inputs, reverse order, a fresh sampler: identical bits.
    for (std::uint64_t r = 64; r-- > 0;) EXPECT_EQ(sample(b, r), forward[r]) << r;
    // Replicate 37 alone, first thing on a new sampler.
    const ParameterSampler c(d, 20180903, 64, design, false);
    EXPECT_EQ(sample(c, 37), forward[37]);
    // Another seed changes every uncertain value.
    const ParameterSampler other(d, 20180904, 64, design, false);
    const auto v = sample(other, 37);
    for (std::size_t p = 0; p < d.size(); ++p) {
      if (!d[p].dist.is_fixed()) {
        EXPECT_NE(v[p], forward[37][p]) << d[p].name;
      }
    }
  }
}

TEST(ParameterSampler, McValuesDoNotDependOnReplicateCount) {
  const auto d = decls();
  const ParameterSampler a(d, 5, 10, Design::monte_carlo, false);
  const ParameterSampler b(d, 5, 10000, Design::monte_carlo, false);
  EXPECT_EQ(sample(a, 3), sample(b, 3));
}

TEST(ParameterSampler, ParameterValueDependsOnItsIndexNotOnOthers) {
  // Changing one declaration leaves the other parameters' draws unchanged.
  auto d = decls();
  const ParameterSampler a(d, 9, 100, Design::latin_hypercube, false);
  d[1].dist = make(DistKind::gamma, 5.0, 1.0);
  const ParameterSampler b(d, 9, 100, Design::latin_hypercube, false);
  for (std::uint64_t r = 0; r < 100; ++r) {
    const auto va = sample(a, r), vb = sample(b, r);
    for (std::size_t p = 0; p < d.size(); ++p) {
      if (p != 1) {
        EXPECT_EQ(va[p], vb[p]) << d[p].name;
      }
    }
  }
}

TEST(ParameterSampler, CentralUsesMedians) {
  const auto d = decls();
  const ParameterSampler s(d, 1, 10, Design::latin_hypercube, true);
  const auto v0 = sample(s, 0);
  EXPECT_EQ(sample(s, 9), v0);
  EXPECT_NEAR(v0[0], 0.05, 1e-15);
  EXPECT_EQ(v0[1], 800.0);
  EXPECT_EQ(v0[2], 400.0);
  EXPECT_EQ(v0[3], 60000.0);
  EXPECT_NEAR(v0[4], 0.07, 1e-15);
  EXPECT_EQ(v0[5], 2.0);
  for (std::size_t p = 0; p < d.size(); ++p)
    EXPECT_EQ(v0[p], ParameterSampler::value(d[p].dist, d[p].range, 0.5)) << d[p].name;
}

TEST(ParameterSampler, ValueClampsAndRounds) {
  Distribution n = make(DistKind::normal, 0.5, 1.0);
  // Without clamp, out-of-range draws come through (validation rejects such studies).
  EXPECT_LT(ParameterSampler::value(n, kProbability, 0.01), 0.0);
  n.clamp = true;
  EXPECT_EQ(ParameterSampler::value(n, kProbability, 0.01), 0.0);
  EXPECT_EQ(ParameterSampler::value(n, kProbability, 0.99), 1.0);
  EXPECT_EQ(ParameterSampler::value(n, kProbability, 0.5), 0.5);
  // Open bound: the nearest value strictly inside.
  const double v = ParameterSampler::value(n, kPositive, 0.01);
  EXPECT_GT(v, 0.0);
  EXPECT_TRUE(kPositive.contains(v));
  // Integer ranges round to nearest (half away from zero).
  const Distribution u = make(DistKind::uniform, 0.0, 10.0);
  EXPECT_EQ(ParameterSampler::value(u, kCount, 0.25), 3.0);  // 2.5 -> 3
  EXPECT_EQ(ParameterSampler::value(u, kCount, 0.24), 2.0);  // 2.4 -> 2
  // Clamped integer with an open lower bound: never rounds back onto the bound.
  Distribution neg = make(DistKind::uniform, -5.0, -1.0);
  neg.clamp = true;
  const ValidRange positive_count{0.0, kInf, true, true, true};
  EXPECT_EQ(ParameterSampler::value(neg, positive_count, 0.5), 1.0);
  // Fixed values pass through untouched.
  EXPECT_EQ(ParameterSampler::value(Distribution::fixed_value(2.7), kCount, 0.5), 2.7);
}

TEST(ValidRange, Clamp) {
  EXPECT_EQ(kProbability.clamp(-0.5), 0.0);
  EXPECT_EQ(kProbability.clamp(1.5), 1.0);
  EXPECT_EQ(kProbability.clamp(0.25), 0.25);
  EXPECT_EQ(kPositive.clamp(-1.0), std::nextafter(0.0, 1.0));
  EXPECT_EQ(kNonNegative.clamp(kInf), std::numeric_limits<double>::max());
  EXPECT_EQ(kAnyReal.clamp(-kInf), std::numeric_limits<double>::lowest());
  EXPECT_TRUE(std::isnan(kProbability.clamp(std::nan(""))));
}

TEST(ParameterSampler, Errors) {
  const auto d = decls();
  const ParameterSampler s(d, 1, 10, Design::monte_carlo, false);
  std::vector<double> wrong(d.size() + 1);
  EXPECT_THROW(s.sample(0, wrong), std::invalid_argument);
  EXPECT_THROW((void)s.uniform(0, d.size()), std::out_of_range);
  // A quantile failure names the parameter.
  const std::vector<ParameterDecl> bad = {
      {"huge", make(DistKind::lognormal, 1e300, 1e10), kNonNegative}};
  const ParameterSampler t(bad, 1, 1000, Design::latin_hypercube, false);
  bool threw = false;
  for (std::uint64_t r = 0; r < 1000 && !threw; ++r) {
    try {
      (void)sample(t, r);
    } catch (const NumericError& e) {
      threw = true;
      EXPECT_NE(std::string(e.what()).find("huge"), std::string::npos) << e.what();
    }
  }
  EXPECT_TRUE(threw);
}

}  // namespace
}  // namespace fundsim
