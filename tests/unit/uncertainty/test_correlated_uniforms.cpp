// The study's design with rank correlations imposed on blocks of replicates
// (engine/uncertainty/correlated_uniforms): accuracy, exact marginals, independence from which
// replicates are computed and in which order, the cache bound.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "doubles.hpp"
#include "make_distribution.hpp"
#include "rank_statistics.hpp"
#include "uncertainty/correlated_uniforms.hpp"
#include "uncertainty/sampler.hpp"

namespace fundsim {
namespace {

using test::spearman;

// Six parameters: four correlated (0, 2, 4, 5) with different shapes, one independent (1) and
// one fixed (3).
std::vector<ParameterDecl> correlated_decls() {
  const ValidRange any{-1e300, 1e300, false, false, false};
  return {{"u", test::make(DistKind::uniform, 0.0, 1.0), any},
          {"free", test::make(DistKind::lognormal, 50.0, 1.5), any},
          {"b", test::make(DistKind::beta, 2.0, 5.0), any},
          {"fixed", Distribution::fixed_value(3.0), any},
          {"n", test::make(DistKind::normal, 2.0, 1.0), any},
          {"g", test::make(DistKind::gamma, 2.0, 3.0), any}};
}

InputCorrelation correlation() {
  return {
      {0, 2, 4, 5},
      RankMatrix{4, {1, 0.7, -0.4, 0.2, 0.7, 1, -0.3, 0.1, -0.4, -0.3, 1, 0.5, 0.2, 0.1, 0.5, 1}}};
}

std::shared_ptr<const DesignUniforms> design(std::uint64_t seed, std::uint64_t n, Design kind) {
  return std::make_shared<DesignUniforms>(seed, n, kind);
}

std::shared_ptr<const CorrelatedUniforms> correlated(std::uint64_t seed, std::uint64_t n,
                                                     Design kind,
                                                     std::uint64_t rows = kCorrelationBlockRows) {
  return std::make_shared<CorrelatedUniforms>(design(seed, n, kind), correlation(), seed, n, rows);
}

// Uniforms of every parameter for replicates [first, last), [parameter][replicate - first].
std::vector<std::vector<double>> uniforms(const UniformSource& source, std::uint64_t first,
                                          std::uint64_t last) {
  std::vector<std::vector<double>> out(correlated_decls().size());
  for (std::size_t p = 0; p < out.size(); ++p)
    for (std::uint64_t r = first; r < last; ++r) out[p].push_back(source.uniform(r, p));
  return out;
}

// Parameter values of replicates [0, n) through the sampler, [parameter][replicate].
std::vector<std::vector<double>> values(std::shared_ptr<const UniformSource> source,
                                        std::uint64_t n) {
  const auto d = correlated_decls();
  const ParameterSampler sampler(d, std::move(source), false);
  std::vector<std::vector<double>> out(d.size(), std::vector<double>(n));
  std::vector<double> row(d.size());
  for (std::uint64_t r = 0; r < n; ++r) {
    sampler.sample(r, row);
    for (std::size_t p = 0; p < d.size(); ++p) out[p][r] = row[p];
  }
  return out;
}

using test::bitwise_equal;

std::vector<double> sorted(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<double> slice(const std::vector<double>& v, std::uint64_t first, std::uint64_t last) {
  return {v.begin() + static_cast<long>(first), v.begin() + static_cast<long>(last)};
}

// Two blocks: 4,096 and 4,096 + 500 replicates (the remainder joins the last block).
constexpr std::uint64_t kReplicates = 2 * kCorrelationBlockRows + 500;

class BothDesigns : public ::testing::TestWithParam<Design> {};

TEST_P(BothDesigns, SampleRankCorrelationsMatchTheTarget) {
  // The values through each parameter's quantile function (monotone: ranks are those of the
  // uniforms). Per block of 4,096 the sample Spearman rho of the Iman-Conover transform has sd
  // <= 0.0049 around its target (measured over 200 seeds, test_correlation.cpp); tolerance
  // 0.02 = 4 sd per block, and the same for the whole run (two blocks: sd <= 0.0035). The
  // uncorrelated parameter is independent of the others: sd 1/sqrt(n) = 0.0107 over the run,
  // 0.0156 over a block; tolerance 4 sd.
  const auto v = values(correlated(2024, kReplicates, GetParam()), kReplicates);
  const InputCorrelation c = correlation();
  const std::uint64_t blocks[3][2] = {
      {0, kCorrelationBlockRows}, {kCorrelationBlockRows, kReplicates}, {0, kReplicates}};
  for (const auto& [first, last] : blocks) {
    const double n = static_cast<double>(last - first);
    for (std::size_t i = 0; i < 4; ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        const double rho = spearman(slice(v[c.parameters[i]], first, last),
                                    slice(v[c.parameters[j]], first, last));
        EXPECT_NEAR(rho, c.rank(i, j), 0.02)
            << "parameters " << c.parameters[i] << ", " << c.parameters[j] << " in [" << first
            << ", " << last << ")";
      }
      const double free =
          spearman(slice(v[1], first, last), slice(v[c.parameters[i]], first, last));
      EXPECT_LT(std::abs(free), 4.0 / std::sqrt(n)) << "independent parameter";
    }
  }
  for (double x : v[3]) EXPECT_EQ(x, 3.0);  // the fixed parameter
}

TEST_P(BothDesigns, EachBlockKeepsTheDesignsValuesExactly) {
  // Every correlated column is a permutation, within its block, of the design's column (sorted:
  // bitwise equal); the uncorrelated parameters are the design's, replicate by replicate.
  const Design kind = GetParam();
  const auto plain = uniforms(*design(7, kReplicates, kind), 0, kReplicates);
  const auto with = uniforms(*correlated(7, kReplicates, kind), 0, kReplicates);
  for (const std::uint64_t first : {std::uint64_t{0}, kCorrelationBlockRows}) {
    const std::uint64_t last = first == 0 ? kCorrelationBlockRows : kReplicates;
    for (const std::size_t p : correlation().parameters) {
      EXPECT_TRUE(
          bitwise_equal(sorted(slice(plain[p], first, last)), sorted(slice(with[p], first, last))))
          << "parameter " << p << " block at " << first;
      EXPECT_FALSE(bitwise_equal(slice(plain[p], first, last), slice(with[p], first, last)))
          << "parameter " << p << " was not reordered";
    }
  }
  for (const std::size_t p : {std::size_t{1}, std::size_t{3}})
    EXPECT_TRUE(bitwise_equal(plain[p], with[p])) << "parameter " << p;
}

TEST_P(BothDesigns, AnySubRangeInAnyOrderGivesTheSameNumbers) {
  // What a shard, an MPI rank or a resumed run sees: a fresh source asked only for replicates
  // that cut both blocks (4,000..4,200), backwards; one asked for the last replicate first; one
  // shared by two threads taking alternate replicates. All bitwise equal to one sequential
  // sweep over the whole run.
  const Design kind = GetParam();
  const auto reference = uniforms(*correlated(99, kReplicates, kind), 0, kReplicates);
  const std::size_t P = correlated_decls().size();
  {
    const auto source = correlated(99, kReplicates, kind);
    for (std::uint64_t r = 4200; r-- > 4000;)
      for (std::size_t p = 0; p < P; ++p)
        ASSERT_EQ(source->uniform(r, p), reference[p][r])
            << "replicate " << r << " parameter " << p;
  }
  {
    const auto source = correlated(99, kReplicates, kind);
    for (const std::uint64_t r : {kReplicates - 1, std::uint64_t{0}, std::uint64_t{4096}})
      for (std::size_t p = 0; p < P; ++p) ASSERT_EQ(source->uniform(r, p), reference[p][r]);
  }
  {
    const auto source = correlated(99, kReplicates, kind);
    std::vector<std::vector<double>> got(P, std::vector<double>(kReplicates));
    auto work = [&](std::uint64_t start) {
      for (std::uint64_t r = start; r < kReplicates; r += 2)
        for (std::size_t p = 0; p < P; ++p) got[p][r] = source->uniform(r, p);
    };
    std::thread other(work, 1);
    work(0);
    other.join();
    for (std::size_t p = 0; p < P; ++p) EXPECT_TRUE(bitwise_equal(got[p], reference[p]));
  }
}

std::string design_name(const ::testing::TestParamInfo<Design>& param) {
  return param.param == Design::monte_carlo ? "mc" : "lhs";
}

INSTANTIATE_TEST_SUITE_P(Designs, BothDesigns,
                         ::testing::Values(Design::monte_carlo, Design::latin_hypercube),
                         design_name);

TEST(CorrelatedUniforms, LatinHypercubeStrataAreKeptOverTheRun) {
  // Each correlated parameter still uses every stratum [s/n, (s+1)/n) exactly once.
  const auto u = uniforms(*correlated(5, kReplicates, Design::latin_hypercube), 0, kReplicates);
  for (const std::size_t p : correlation().parameters) {
    std::vector<bool> used(kReplicates, false);
    for (const double x : u[p]) {
      const auto stratum = static_cast<std::uint64_t>(x * static_cast<double>(kReplicates));
      ASSERT_LT(stratum, kReplicates);
      EXPECT_FALSE(used[stratum]) << "parameter " << p << " stratum " << stratum;
      used[stratum] = true;
    }
  }
}

TEST(CorrelatedUniforms, SmallRunsKeepTheirValues) {
  // Fewer replicates than a block: one block of them all, still only reordered.
  for (const std::uint64_t n : {1u, 2u, 5u, 100u}) {
    for (const Design kind : {Design::monte_carlo, Design::latin_hypercube}) {
      const auto plain = uniforms(*design(3, n, kind), 0, n);
      const auto with = uniforms(*correlated(3, n, kind), 0, n);
      for (std::size_t p = 0; p < plain.size(); ++p)
        EXPECT_TRUE(bitwise_equal(sorted(plain[p]), sorted(with[p]))) << "n=" << n;
    }
  }
}

TEST(CorrelatedUniforms, CacheStaysBoundedAndASweepComputesEachBlockOnce) {
  // 40 blocks of 64 replicates: a sequential sweep computes each block exactly once and never
  // holds more than kCorrelationCacheBlocks; going back to the first block recomputes it.
  const std::uint64_t rows = 64, n = 40 * rows;
  const auto source = correlated(11, n, Design::monte_carlo, rows);
  const auto first = source->uniform(0, 0);
  for (std::uint64_t r = 0; r < n; ++r) {
    for (std::size_t p = 0; p < correlated_decls().size(); ++p) (void)source->uniform(r, p);
    ASSERT_LE(source->cached_blocks(), kCorrelationCacheBlocks);
  }
  EXPECT_EQ(source->computed_blocks(), 40u);
  EXPECT_EQ(source->uniform(0, 0), first);
  EXPECT_EQ(source->computed_blocks(), 41u);
  // Uncorrelated parameters never compute a block.
  const auto other = correlated(11, n, Design::monte_carlo, rows);
  for (std::uint64_t r = 0; r < n; ++r) (void)other->uniform(r, 1);
  EXPECT_EQ(other->computed_blocks(), 0u);
}

TEST(CorrelatedUniforms, BlocksAreKeyedBySeedAndLayoutByTheReplicateCount) {
  const auto a = uniforms(*correlated(1, kReplicates, Design::monte_carlo), 0, 64);
  const auto b = uniforms(*correlated(2, kReplicates, Design::monte_carlo), 0, 64);
  EXPECT_FALSE(bitwise_equal(a[0], b[0]));
  // With 4,096 replicates replicate 0's block holds 0..4095; with 12,287 it holds the same rows
  // (the remainder joins block 1), so the numbers agree; with 4,097 the block holds 0..4096.
  const auto exact = uniforms(*correlated(1, 4096, Design::monte_carlo), 0, 64);
  const auto longer = uniforms(*correlated(1, 12287, Design::monte_carlo), 0, 64);
  const auto one_more = uniforms(*correlated(1, 4097, Design::monte_carlo), 0, 64);
  EXPECT_TRUE(bitwise_equal(exact[0], longer[0]));
  EXPECT_FALSE(bitwise_equal(exact[0], one_more[0]));
}

TEST(CorrelatedUniforms, RejectsWhatTheStudyReaderRulesOut) {
  const auto d = design(1, 10, Design::monte_carlo);
  InputCorrelation unsorted = correlation();
  std::swap(unsorted.parameters[0], unsorted.parameters[1]);
  EXPECT_THROW(CorrelatedUniforms(d, unsorted, 1, 10), std::invalid_argument);
  InputCorrelation wrong_size = correlation();
  wrong_size.parameters.pop_back();
  EXPECT_THROW(CorrelatedUniforms(d, wrong_size, 1, 10), std::invalid_argument);
  const InputCorrelation singular{{0, 1}, RankMatrix{2, {1, 1, 1, 1}}};
  EXPECT_THROW(CorrelatedUniforms(d, singular, 1, 10), std::invalid_argument);
  EXPECT_THROW(CorrelatedUniforms(d, correlation(), 1, 0), std::invalid_argument);
  EXPECT_THROW(CorrelatedUniforms(nullptr, correlation(), 1, 10), std::invalid_argument);
  const CorrelatedUniforms ok(d, correlation(), 1, 10);
  EXPECT_THROW((void)ok.uniform(10, 0), std::invalid_argument);  // beyond the run
}

}  // namespace
}  // namespace fundsim
