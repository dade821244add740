// Rank correlations imposed by Iman-Conover on blocks of replicates
// (engine/uncertainty/correlation).
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numbers>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "doubles.hpp"
#include "make_distribution.hpp"
#include "random/stream.hpp"
#include "rank_statistics.hpp"
#include "uncertainty/correlation.hpp"
#include "uncertainty/parameter_decl.hpp"
#include "uncertainty/sampler.hpp"

namespace fundsim {
namespace {

constexpr std::size_t kRows = 4096;

RankMatrix matrix(std::size_t size, std::initializer_list<double> entries) {
  return RankMatrix{size, std::vector<double>(entries)};
}

// Targets of the accuracy tests: positive, negative, 3x3 and 5x5 with mixed signs.
RankMatrix positive() {
  return matrix(2, {1, 0.7, 0.7, 1});
}
RankMatrix negative() {
  return matrix(2, {1, -0.5, -0.5, 1});
}
RankMatrix three() {
  return matrix(3, {1, 0.8, -0.4, 0.8, 1, -0.3, -0.4, -0.3, 1});
}
RankMatrix five() {
  return matrix(5, {1, 0.6,  -0.3, 0.2, 0, 0.6, 1,   -0.5, 0.1, 0.3,  -0.3, -0.5, 1,
                    0, -0.2, 0.2,  0.1, 0, 1,   0.4, 0,    0.3, -0.2, 0.4,  1});
}

using test::spearman;

std::span<const double> column(const std::vector<double>& block, std::size_t rows, std::size_t j) {
  return std::span<const double>(block).subspan(j * rows, rows);
}

// `k` uniform(0,1) parameters, so that the sampler's values are its uniforms.
std::vector<ParameterDecl> uniform_decls(std::size_t k) {
  std::vector<ParameterDecl> decls;
  for (std::size_t j = 0; j < k; ++j) {
    decls.push_back({"p" + std::to_string(j), test::make(DistKind::uniform, 0.0, 1.0),
                     ValidRange{0.0, 1.0, false, false, false}});
  }
  return decls;
}

// The uniforms u(r, p) of replicates [first, first + rows), column by column, as the engine
// draws them (Monte Carlo or a Latin hypercube over `replicates`).
std::vector<double> engine_block(Design design, std::uint64_t seed, std::uint64_t replicates,
                                 std::uint64_t first, std::size_t rows, std::size_t k) {
  const auto decls = uniform_decls(k);
  const ParameterSampler sampler(decls, seed, replicates, design, false);
  std::vector<double> block(rows * k);
  for (std::size_t j = 0; j < k; ++j)
    for (std::size_t i = 0; i < rows; ++i) block[j * rows + i] = sampler.uniform(first + i, j);
  return block;
}

std::vector<double> mc_block(std::uint64_t seed, std::size_t rows, std::size_t k) {
  return engine_block(Design::monte_carlo, seed, rows, 0, rows, k);
}

using test::bitwise_equal;

// ---------------------------------------------------------------------------------------------
// The Spearman -> normal-score conversion.

TEST(NormalScoreCorrelation, KnownValues) {
  EXPECT_EQ(normal_score_correlation(0.0), 0.0);
  EXPECT_NEAR(normal_score_correlation(1.0), 1.0, 1e-15);
  EXPECT_NEAR(normal_score_correlation(-1.0), -1.0, 1e-15);
  // sin(pi/12) = (sqrt(6) - sqrt(2)) / 4.
  EXPECT_NEAR(normal_score_correlation(0.5), (std::sqrt(6.0) - std::sqrt(2.0)) / 2.0, 1e-15);
  // Inverse: Spearman's rho of a bivariate normal is (6/pi) asin(r/2) (Pearson 1907).
  for (double rho : {-0.9, -0.3, 0.2, 0.7})
    EXPECT_NEAR(6.0 / std::numbers::pi * std::asin(normal_score_correlation(rho) / 2.0), rho,
                1e-14);
}

TEST(NormalScoreCorrelation, GivesTheRankCorrelationOfABivariateNormal) {
  // Brute force: n pairs of a bivariate normal with correlation r = normal_score_correlation
  // (0.6), from the parameter streams. The sample Spearman rho has sd about
  // (1 - rho^2)/sqrt(n) = 0.0045 here; tolerance 0.018 = 4 sd. Using 0.6 itself as the normal
  // correlation would give a Spearman rho of 0.582.
  const std::size_t n = 20000;
  const double r = normal_score_correlation(0.6);
  const boost::math::normal_distribution<double> normal;
  std::vector<double> a(n), b(n);
  for (std::size_t i = 0; i < n; ++i) {
    Stream stream(StreamKey{5, i}, Domain::parameters, 0);
    const double z1 = boost::math::quantile(normal, stream.uniform());
    const double z2 = boost::math::quantile(normal, stream.uniform());
    a[i] = z1;
    b[i] = r * z1 + std::sqrt(1.0 - r * r) * z2;
  }
  EXPECT_NEAR(spearman(a, b), 0.6, 0.018);
}

// ---------------------------------------------------------------------------------------------
// Validation of a target.

TEST(CheckRankMatrix, AcceptsValidTargets) {
  for (const RankMatrix& m :
       {RankMatrix::identity(1), RankMatrix::identity(4), positive(), negative(), three(), five()})
    EXPECT_TRUE(check_rank_matrix(m).ok()) << check_rank_matrix(m).describe();
  EXPECT_TRUE(check_rank_matrix(RankMatrix{}).ok());  // an empty group
}

TEST(CheckRankMatrix, ReportsWrongShape) {
  EXPECT_EQ(check_rank_matrix(RankMatrix{2, {1, 0, 0}}).fault, RankMatrixFault::wrong_shape);
}

TEST(CheckRankMatrix, ReportsAnEntryOutsideMinusOneOne) {
  const RankMatrixCheck check = check_rank_matrix(matrix(3, {1, 0, 0, 0, 1, 1.3, 0, 1.3, 1}));
  EXPECT_EQ(check.fault, RankMatrixFault::out_of_range);
  EXPECT_EQ(check.row, 1u);
  EXPECT_EQ(check.column, 2u);
  EXPECT_EQ(check.value, 1.3);
  const std::vector<std::string> names = {"A", "B", "C"};
  EXPECT_NE(check.describe(names).find("B and C is 1.3, outside [-1, 1]"), std::string::npos)
      << check.describe(names);
  EXPECT_NE(check.describe().find("row 2, column 3"), std::string::npos) << check.describe();
  EXPECT_EQ(check_rank_matrix(matrix(2, {1, -1.0001, -1.0001, 1})).fault,
            RankMatrixFault::out_of_range);
}

TEST(CheckRankMatrix, ReportsAsymmetry) {
  const RankMatrixCheck check = check_rank_matrix(matrix(3, {1, 0.2, 0, 0.3, 1, 0, 0, 0, 1}));
  EXPECT_EQ(check.fault, RankMatrixFault::asymmetric);
  EXPECT_EQ(check.row, 1u);
  EXPECT_EQ(check.column, 0u);
  EXPECT_EQ(check.value, 0.3);
  EXPECT_NE(check.describe().find("not symmetric"), std::string::npos);
}

TEST(CheckRankMatrix, ReportsADiagonalOtherThanOne) {
  const RankMatrixCheck check = check_rank_matrix(matrix(2, {1, 0.5, 0.5, 0.9}));
  EXPECT_EQ(check.fault, RankMatrixFault::diagonal_not_one);
  EXPECT_EQ(check.row, 1u);
  EXPECT_EQ(check.column, 1u);
  EXPECT_EQ(check.value, 0.9);
}

TEST(CheckRankMatrix, ReportsANonFiniteEntry) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const RankMatrixCheck check = check_rank_matrix(matrix(2, {1, nan, nan, 1}));
  EXPECT_EQ(check.fault, RankMatrixFault::not_finite);
  EXPECT_EQ(check.row, 0u);
  EXPECT_EQ(check.column, 1u);
}

TEST(CheckRankMatrix, ReportsNotPositiveDefiniteWithTheSmallestEigenvalue) {
  // Equicorrelation: every off-diagonal rank correlation rho. The normal-score matrix has
  // off-diagonals r = 2 sin(pi rho / 6) and eigenvalues 1 + 2r (once) and 1 - r (twice).
  // rho = -0.6: r = -2 sin(pi/10) = -(sqrt(5) - 1)/2, so the smallest is 2 - sqrt(5).
  const RankMatrixCheck check =
      check_rank_matrix(matrix(3, {1, -0.6, -0.6, -0.6, 1, -0.6, -0.6, -0.6, 1}));
  EXPECT_EQ(check.fault, RankMatrixFault::not_positive_definite);
  EXPECT_NEAR(check.value, 2.0 - std::sqrt(5.0), 1e-12);
  EXPECT_NE(check.describe().find("not positive definite"), std::string::npos);
  // A mixed-sign 3x3 that cannot hold: A~B and A~C strongly positive, B~C strongly negative.
  EXPECT_EQ(check_rank_matrix(matrix(3, {1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1})).fault,
            RankMatrixFault::not_positive_definite);
  // A rank correlation of exactly 1 makes the matrix singular.
  EXPECT_EQ(check_rank_matrix(matrix(2, {1, 1, 1, 1})).fault,
            RankMatrixFault::not_positive_definite);
}

TEST(CheckRankMatrix, ChecksPositiveDefinitenessAfterTheNormalScoreConversion) {
  // rho = -0.49: the rank matrix itself is positive definite (1 + 2 rho = 0.02), but the
  // normal-score matrix is not (1 + 4 sin(-0.49 pi / 6) = -0.0150).
  const RankMatrixCheck check =
      check_rank_matrix(matrix(3, {1, -0.49, -0.49, -0.49, 1, -0.49, -0.49, -0.49, 1}));
  EXPECT_EQ(check.fault, RankMatrixFault::not_positive_definite);
  EXPECT_NEAR(check.value, 1.0 + 4.0 * std::sin(-0.49 * std::numbers::pi / 6.0), 1e-12);
  EXPECT_TRUE(
      check_rank_matrix(matrix(3, {1, -0.47, -0.47, -0.47, 1, -0.47, -0.47, -0.47, 1})).ok());
}

// ---------------------------------------------------------------------------------------------
// Building a target from pairwise declarations.

const std::vector<std::string> kNames = {"onset_growth", "base_capacity", "groomer.contact",
                                         "groomer.detect", "noncontact.detect"};

TEST(RankGroupFromPairs, BuildsTheGroupInParameterOrder) {
  const std::vector<RankPair> pairs = {{"noncontact.detect", "groomer.contact", 0.7},
                                       {"onset_growth", "groomer.contact", -0.2}};
  const RankGroup group = rank_group_from_pairs(kNames, pairs);
  ASSERT_TRUE(group.ok());
  EXPECT_EQ(group.members, (std::vector<std::size_t>{0, 2, 4}));
  // Rows: onset_growth, groomer.contact, noncontact.detect; the undeclared pair is 0.
  EXPECT_EQ(group.target.size, 3u);
  EXPECT_EQ(group.target.entries, (std::vector<double>{1, -0.2, 0, -0.2, 1, 0.7, 0, 0.7, 1}));
  EXPECT_TRUE(check_rank_matrix(group.target).ok());
}

TEST(RankGroupFromPairs, ReportsTheFaultyDeclaration) {
  {
    const std::vector<RankPair> pairs = {{"onset_growth", "base_capacity", 0.1},
                                         {"groomer.detect", "groomer.contct", 0.2}};
    const RankGroup group = rank_group_from_pairs(kNames, pairs);
    EXPECT_EQ(group.fault, RankPairFault::unknown_parameter);
    EXPECT_EQ(group.pair, 1u);
    EXPECT_EQ(group.name, "groomer.contct");
  }
  {
    const std::vector<RankPair> pairs = {{"base_capacity", "base_capacity", 0.1}};
    const RankGroup group = rank_group_from_pairs(kNames, pairs);
    EXPECT_EQ(group.fault, RankPairFault::same_parameter);
    EXPECT_EQ(group.pair, 0u);
  }
  {
    const std::vector<RankPair> pairs = {{"onset_growth", "base_capacity", 0.1},
                                         {"groomer.detect", "groomer.contact", 0.2},
                                         {"base_capacity", "onset_growth", 0.1}};
    const RankGroup group = rank_group_from_pairs(kNames, pairs);
    EXPECT_EQ(group.fault, RankPairFault::repeated_pair);
    EXPECT_EQ(group.pair, 2u);
    EXPECT_EQ(group.earlier, 0u);
  }
  for (double bad : {1.2, -1.5, std::numeric_limits<double>::quiet_NaN()}) {
    const std::vector<RankPair> pairs = {{"onset_growth", "base_capacity", 0.1},
                                         {"groomer.detect", "groomer.contact", bad}};
    const RankGroup group = rank_group_from_pairs(kNames, pairs);
    EXPECT_EQ(group.fault, RankPairFault::out_of_range);
    EXPECT_EQ(group.pair, 1u);
  }
}

// ---------------------------------------------------------------------------------------------
// The checked target.

TEST(RankCorrelationTarget, CholeskyFactorOfTheNormalScoreMatrix) {
  const RankMatrix rank = five();
  const RankCorrelationTarget target(rank);
  const std::vector<double>& p = target.cholesky();
  for (std::size_t i = 0; i < 5; ++i) {
    for (std::size_t j = 0; j < 5; ++j) {
      if (j > i) {
        EXPECT_EQ(p[i * 5 + j], 0.0);
      }
      double product = 0.0;
      for (std::size_t m = 0; m < 5; ++m) product += p[i * 5 + m] * p[j * 5 + m];
      EXPECT_NEAR(product, i == j ? 1.0 : normal_score_correlation(rank(i, j)), 1e-14);
    }
  }
}

TEST(RankCorrelationTarget, RejectsAnInvalidMatrix) {
  EXPECT_THROW(RankCorrelationTarget(matrix(2, {1, 1.5, 1.5, 1})), std::invalid_argument);
  EXPECT_THROW(RankCorrelationTarget(matrix(2, {1, 1, 1, 1})), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// The block transform: accuracy.

// Largest |sample Spearman - target| over the pairs of one transformed block.
double worst_error(const std::vector<double>& out, std::size_t rows, const RankMatrix& rank) {
  double worst = 0.0;
  for (std::size_t a = 0; a < rank.size; ++a)
    for (std::size_t b = 0; b < a; ++b)
      worst = std::max(worst,
                       std::abs(spearman(column(out, rows, a), column(out, rows, b)) - rank(a, b)));
  return worst;
}

TEST(ImposeRankCorrelation, MatchesTheTargetInOneBlock) {
  // Over 200 seeds, the sample Spearman rho of a 4,096-row block had sd 0.0026-0.0049 around
  // its target for every pair of these targets (and |mean error| < 0.0006): smaller than the
  // (1 - rho^2)/sqrt(n) = 0.008-0.016 of an independent sample, because the scores'
  // correlation is made exact. Tolerance 0.02 = 4 sd.
  std::uint64_t seed = 11;
  for (const RankMatrix& rank : {positive(), negative(), three(), five()}) {
    const RankCorrelationTarget target(rank);
    const auto in = mc_block(seed, kRows, rank.size);
    const auto out = impose_rank_correlation(in, kRows, target, seed, 0);
    EXPECT_LT(worst_error(out, kRows, rank), 0.02) << "target of size " << rank.size;
    // Without the transform the columns are independent.
    EXPECT_GT(worst_error(in, kRows, rank), 0.2);
    ++seed;
  }
}

TEST(ImposeRankCorrelation, IsUnbiasedAndTightOverBlocks) {
  // 16 blocks of the same run. Per pair: the mean error has sd <= 0.0049/4 = 0.0012, tolerance
  // 0.005 = 4 sd (imposing 0.7 and -0.5 as normal-score correlations without the
  // 2 sin(pi rho/6) conversion is off by 0.018 and 0.017); the root mean square error estimates
  // the sd (measured <= 0.0049; the estimate from 16 blocks has relative sd ~18%, so 0.0075 is
  // 3 such sd above). Without the correction for the scores' own sample correlation the sd is
  // about 1/sqrt(n) = 0.016.
  const std::size_t blocks = 16;
  for (const RankMatrix& rank : {positive(), negative(), three()}) {
    const RankCorrelationTarget target(rank);
    const std::size_t k = rank.size;
    std::vector<double> sum(k * k, 0.0), sum_squares(k * k, 0.0);
    for (std::uint64_t b = 0; b < blocks; ++b) {
      const auto in = engine_block(Design::monte_carlo, 2024, blocks * kRows, b * kRows, kRows, k);
      const auto out = impose_rank_correlation(in, kRows, target, 2024, b);
      for (std::size_t i = 0; i < k; ++i) {
        for (std::size_t j = 0; j < i; ++j) {
          const double error = spearman(column(out, kRows, i), column(out, kRows, j)) - rank(i, j);
          sum[i * k + j] += error;
          sum_squares[i * k + j] += error * error;
        }
      }
    }
    for (std::size_t i = 0; i < k; ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        EXPECT_LT(std::abs(sum[i * k + j] / blocks), 0.005) << "pair " << i << "," << j;
        EXPECT_LT(std::sqrt(sum_squares[i * k + j] / blocks), 0.0075) << "pair " << i << "," << j;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The block transform: marginals kept exactly.

void expect_columns_permuted(const std::vector<double>& in, const std::vector<double>& out,
                             std::size_t rows, std::size_t k) {
  ASSERT_EQ(out.size(), in.size());
  for (std::size_t j = 0; j < k; ++j) {
    std::vector<double> a(column(in, rows, j).begin(), column(in, rows, j).end());
    std::vector<double> b(column(out, rows, j).begin(), column(out, rows, j).end());
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    EXPECT_TRUE(bitwise_equal(a, b)) << "column " << j;
  }
}

TEST(ImposeRankCorrelation, KeepsEveryColumnsValuesMonteCarlo) {
  const RankCorrelationTarget target(five());
  const auto in = mc_block(3, kRows, 5);
  const auto out = impose_rank_correlation(in, kRows, target, 3, 0);
  expect_columns_permuted(in, out, kRows, 5);
  EXPECT_FALSE(bitwise_equal(in, out));
}

TEST(ImposeRankCorrelation, KeepsTheLatinHypercubeStrata) {
  // A Latin hypercube over 3 blocks: 4,096 + 4,096 + (4,096 + 100) replicates (the remainder
  // joins the last block). After the transform, each column still uses every stratum
  // [s/N, (s+1)/N) exactly once over the run.
  const std::uint64_t n = 3 * kRows + 100;
  const RankCorrelationTarget target(three());
  std::vector<std::vector<bool>> used(3, std::vector<bool>(n, false));
  for (std::uint64_t r = 0; r < n;) {
    const ReplicateBlock block = correlation_block(r, n);
    const auto in = engine_block(Design::latin_hypercube, 77, n, block.first, block.count, 3);
    const auto out = impose_rank_correlation(in, block.count, target, 77, block.index);
    expect_columns_permuted(in, out, block.count, 3);
    for (std::size_t j = 0; j < 3; ++j) {
      for (double u : column(out, block.count, j)) {
        const auto stratum = static_cast<std::uint64_t>(u * static_cast<double>(n));
        ASSERT_LT(stratum, n);
        EXPECT_FALSE(used[j][stratum]) << "column " << j << " stratum " << stratum;
        used[j][stratum] = true;
      }
    }
    r = block.first + block.count;
  }
  for (std::size_t j = 0; j < 3; ++j)
    EXPECT_EQ(std::count(used[j].begin(), used[j].end(), true), static_cast<long>(n));
}

TEST(ImposeRankCorrelation, CommutesWithIncreasingQuantileFunctions) {
  // The result depends on each column only through its ranks, so transforming the uniforms
  // and then applying the quantile function gives bitwise the values obtained by transforming
  // the values themselves.
  const RankCorrelationTarget target(three());
  const auto u = mc_block(8, kRows, 3);
  const Distribution dists[3] = {test::make(DistKind::lognormal, 800.0, 1.25),
                                 test::make(DistKind::beta, 2.0, 5.0),
                                 test::make(DistKind::normal, 2.0, 1.0)};
  auto values = [&](const std::vector<double>& uniforms) {
    std::vector<double> x(uniforms.size());
    for (std::size_t j = 0; j < 3; ++j)
      for (std::size_t i = 0; i < kRows; ++i)
        x[j * kRows + i] = dists[j].quantile(uniforms[j * kRows + i]);
    return x;
  };
  EXPECT_TRUE(bitwise_equal(values(impose_rank_correlation(u, kRows, target, 8, 4)),
                            impose_rank_correlation(values(u), kRows, target, 8, 4)));
}

// ---------------------------------------------------------------------------------------------
// The block transform: determinism.

// Rows where two orderings of the same column agree; for independent random orderings of
// 4,096 distinct values this is ~Poisson(1).
int agreements(const std::vector<double>& a, const std::vector<double>& b) {
  int same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  return same;
}

TEST(ImposeRankCorrelation, IsDeterministicAndKeyedByBlockAndSeed) {
  const RankCorrelationTarget target(five());
  const auto in = mc_block(21, kRows, 5);
  const auto out = impose_rank_correlation(in, kRows, target, 21, 6);
  EXPECT_TRUE(bitwise_equal(out, impose_rank_correlation(in, kRows, target, 21, 6)));
  // Another block index or seed reorders every column afresh: at most 8 agreements per
  // column of 4,096 (P(Poisson(1) > 8) ~ 1e-6).
  for (const auto& other : {impose_rank_correlation(in, kRows, target, 21, 7),
                            impose_rank_correlation(in, kRows, target, 22, 6)}) {
    for (std::size_t j = 0; j < 5; ++j) {
      const std::vector<double> a(column(out, kRows, j).begin(), column(out, kRows, j).end());
      const std::vector<double> b(column(other, kRows, j).begin(), column(other, kRows, j).end());
      EXPECT_LE(agreements(a, b), 8) << "column " << j;
    }
  }
}

TEST(ImposeRankCorrelation, DependsOnlyOnEachColumnsValuesNotTheirOrder) {
  // Reversing the input rows (as if the replicates had been gathered in another order) gives
  // bitwise the same output.
  const RankCorrelationTarget target(three());
  const auto in = mc_block(5, kRows, 3);
  std::vector<double> reversed(in.size());
  for (std::size_t j = 0; j < 3; ++j)
    std::reverse_copy(column(in, kRows, j).begin(), column(in, kRows, j).end(),
                      reversed.begin() + static_cast<long>(j * kRows));
  EXPECT_TRUE(bitwise_equal(impose_rank_correlation(in, kRows, target, 5, 1),
                            impose_rank_correlation(reversed, kRows, target, 5, 1)));
}

TEST(ImposeRankCorrelation, SameResultFromConcurrentThreads) {
  // Four blocks computed serially and by two threads at once are bitwise equal: no hidden
  // shared state.
  const RankCorrelationTarget target(positive());
  std::vector<std::vector<double>> inputs, serial, parallel(4);
  for (std::uint64_t b = 0; b < 4; ++b) {
    inputs.push_back(engine_block(Design::monte_carlo, 9, 4 * kRows, b * kRows, kRows, 2));
    serial.push_back(impose_rank_correlation(inputs[b], kRows, target, 9, b));
  }
  auto work = [&](std::uint64_t first) {
    for (std::uint64_t b = first; b < 4; b += 2)
      parallel[b] = impose_rank_correlation(inputs[b], kRows, target, 9, b);
  };
  std::thread other(work, 1);
  work(0);
  other.join();
  for (std::size_t b = 0; b < 4; ++b) EXPECT_TRUE(bitwise_equal(serial[b], parallel[b]));
}

// ---------------------------------------------------------------------------------------------
// The block transform: small blocks and bad input.

TEST(ImposeRankCorrelation, EmptyAndSingleRowBlocksAreUnchanged) {
  const RankCorrelationTarget target(three());
  EXPECT_TRUE(impose_rank_correlation(std::vector<double>{}, 0, target, 1, 0).empty());
  const std::vector<double> one = {0.1, 0.5, 0.9};
  EXPECT_TRUE(bitwise_equal(impose_rank_correlation(one, 1, target, 1, 0), one));
}

TEST(ImposeRankCorrelation, TwoRowsGivePlusOrMinusOne) {
  // With two rows every rank correlation is +1 or -1; the transform must still return a
  // permutation of each column (the scores' correlation is singular: the fallback path).
  const RankCorrelationTarget target(positive());
  for (std::uint64_t b = 0; b < 8; ++b) {
    const std::vector<double> in = {0.2, 0.6, 0.3, 0.9};
    const auto out = impose_rank_correlation(in, 2, target, 1, b);
    expect_columns_permuted(in, out, 2, 2);
    EXPECT_NEAR(std::abs(spearman(column(out, 2, 0), column(out, 2, 1))), 1.0, 1e-15);
  }
}

TEST(ImposeRankCorrelation, FewerRowsThanColumnsKeepsTheMarginals) {
  // n <= k: the scores' sample correlation is singular (fallback); n = k + 1: it is not.
  const RankCorrelationTarget target(five());
  for (std::size_t rows : {3u, 5u, 6u, 7u}) {
    const auto in = mc_block(rows, rows, 5);
    const auto out = impose_rank_correlation(in, rows, target, 2, 0);
    expect_columns_permuted(in, out, rows, 5);
  }
}

TEST(ImposeRankCorrelation, RejectsABlockOfTheWrongShapeOrWithNaN) {
  const RankCorrelationTarget target(positive());
  EXPECT_THROW((void)impose_rank_correlation(std::vector<double>(7, 0.5), 4, target, 1, 0),
               std::invalid_argument);
  std::vector<double> in = mc_block(1, 8, 2);
  in[3] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW((void)impose_rank_correlation(in, 8, target, 1, 0), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// Blocks of replicates.

TEST(CorrelationBlock, CutsTheRunIntoBlocksWithTheRemainderInTheLast) {
  EXPECT_EQ(correlation_block(0, 10000).count, 4096u);
  const ReplicateBlock last = correlation_block(9999, 10000);
  EXPECT_EQ(last.index, 1u);
  EXPECT_EQ(last.first, 4096u);
  EXPECT_EQ(last.count, 10000u - 4096u);
  EXPECT_EQ(correlation_block(8191, 8192).index, 1u);
  EXPECT_EQ(correlation_block(8191, 8192).count, 4096u);
  EXPECT_EQ(correlation_block(99, 100).count, 100u);  // fewer replicates than a block
  // Brute force: the blocks tile [0, n), each replicate lies in its block, and every block
  // but a lone short one holds between block_rows and 2 block_rows - 1 replicates.
  const std::uint64_t rows = 7;
  for (std::uint64_t n = 1; n <= 40; ++n) {
    std::uint64_t next = 0, index = 0;
    for (std::uint64_t r = 0; r < n; ++r) {
      const ReplicateBlock block = correlation_block(r, n, rows);
      EXPECT_LE(block.first, r);
      EXPECT_LT(r, block.first + block.count);
      if (block.first == r) {
        EXPECT_EQ(block.first, next) << "n=" << n;
        EXPECT_EQ(block.index, index);
        next += block.count;
        ++index;
        if (n >= rows) {
          EXPECT_GE(block.count, rows);
          EXPECT_LT(block.count, 2 * rows);
        }
      }
    }
    EXPECT_EQ(next, n);
  }
  EXPECT_THROW((void)correlation_block(5, 5), std::invalid_argument);
  EXPECT_THROW((void)correlation_block(0, 5, 0), std::invalid_argument);
}

}  // namespace
}  // namespace fundsim
