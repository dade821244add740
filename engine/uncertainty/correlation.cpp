// Iman-Conover rank correlation on blocks of replicates (Iman & Conover 1982).
#include "uncertainty/correlation.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <charconv>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

#include "random/stream.hpp"

namespace fundsim {
namespace {

__extension__ using uint128 = unsigned __int128;  // GCC/Clang extension: Lemire's product

// Shortest decimal form that reads back to the same double.
std::string number(double v) {
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, result.ptr);
}

std::string entry_name(std::span<const std::string> names, std::size_t row, std::size_t column) {
  if (row < names.size() && column < names.size()) return names[row] + " and " + names[column];
  return "row " + std::to_string(row + 1) + ", column " + std::to_string(column + 1);
}

// The normal-score correlation matrix of a (shape-checked) target.
Eigen::MatrixXd normal_scores(const RankMatrix& rank) {
  Eigen::MatrixXd c(rank.size, rank.size);
  for (std::size_t i = 0; i < rank.size; ++i)
    for (std::size_t j = 0; j < rank.size; ++j)
      c(i, j) = i == j ? 1.0 : normal_score_correlation(rank(i, j));
  return c;
}

// Uniform integer in [0, bound) without modulo bias (Lemire 2019, ACM TOMACS 29:3).
std::uint64_t below(Stream& stream, std::uint64_t bound) {
  uint128 product = static_cast<uint128>(stream.bits()) * bound;
  auto low = static_cast<std::uint64_t>(product);
  if (low < bound) {
    const std::uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      product = static_cast<uint128>(stream.bits()) * bound;
      low = static_cast<std::uint64_t>(product);
    }
  }
  return static_cast<std::uint64_t>(product >> 64);
}

// van der Waerden scores Phi^-1(i / (n + 1)), i = 1..n, ascending. The upper half is the
// negated lower half, so the scores are exactly symmetric about 0 and their mean is exactly 0.
std::vector<double> van_der_waerden_scores(std::size_t n) {
  const boost::math::normal_distribution<double> normal;
  std::vector<double> scores(n, 0.0);
  const double denominator = static_cast<double>(n) + 1.0;
  for (std::size_t i = 0; i < n / 2; ++i) {
    scores[i] = boost::math::quantile(normal, static_cast<double>(i + 1) / denominator);
    scores[n - 1 - i] = -scores[i];
  }
  return scores;
}

// Row order of a column by (value, row): a strict total order, so the result is unique.
// Sorting (value, row) pairs in place is about twice as fast as sorting row numbers through
// an indirect comparison.
std::vector<std::pair<double, std::size_t>> order_of(std::span<const double> column) {
  std::vector<std::pair<double, std::size_t>> order(column.size());
  for (std::size_t i = 0; i < column.size(); ++i) order[i] = {column[i], i};
  std::sort(order.begin(), order.end());
  return order;
}

// Conditional standard deviation below which the scores' correlation counts as singular.
constexpr double kMinScorePivot = 1e-6;

}  // namespace

RankMatrix RankMatrix::identity(std::size_t size) {
  RankMatrix m{size, std::vector<double>(size * size, 0.0)};
  for (std::size_t i = 0; i < size; ++i) m(i, i) = 1.0;
  return m;
}

double normal_score_correlation(double rank) {
  return 2.0 * std::sin(std::numbers::pi * rank / 6.0);
}

std::string RankMatrixCheck::describe(std::span<const std::string> names) const {
  switch (fault) {
    case RankMatrixFault::none:
      return "the rank correlation matrix is valid";
    case RankMatrixFault::wrong_shape:
      return "the rank correlation matrix is not square";
    case RankMatrixFault::not_finite:
      return "the rank correlation of " + entry_name(names, row, column) + " is not a number";
    case RankMatrixFault::diagonal_not_one:
      return "the rank correlation of " + entry_name(names, row, column) + " is " + number(value) +
             ", but a parameter's correlation with itself must be 1";
    case RankMatrixFault::out_of_range:
      return "the rank correlation of " + entry_name(names, row, column) + " is " + number(value) +
             ", outside [-1, 1]";
    case RankMatrixFault::asymmetric:
      return "the rank correlation matrix is not symmetric: " + entry_name(names, row, column) +
             " have " + number(value) + " in one place and a different value in the other";
    case RankMatrixFault::not_positive_definite:
      return "the rank correlation matrix is not positive definite (the smallest eigenvalue of "
             "its normal-score correlations 2 sin(pi r / 6) is " +
             number(value) +
             "): these correlations cannot hold together; weaken some of them (a rank "
             "correlation of exactly 1 or -1 is not allowed either)";
  }
  return "the rank correlation matrix is invalid";
}

RankMatrixCheck check_rank_matrix(const RankMatrix& rank) {
  const std::size_t n = rank.size;
  if (rank.entries.size() != n * n) return {RankMatrixFault::wrong_shape};
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const double v = rank(i, j);
      if (!std::isfinite(v)) return {RankMatrixFault::not_finite, i, j, v};
      if (i == j && v != 1.0) return {RankMatrixFault::diagonal_not_one, i, j, v};
      if (i != j && !(v >= -1.0 && v <= 1.0)) return {RankMatrixFault::out_of_range, i, j, v};
      if (j < i && v != rank(j, i)) return {RankMatrixFault::asymmetric, i, j, v};
    }
  }
  if (n == 0) return {};
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(normal_scores(rank),
                                                              Eigen::EigenvaluesOnly);
  const double smallest = solver.eigenvalues().minCoeff();  // NaN-free: entries are finite
  if (!(smallest > kMinNormalScoreEigenvalue))
    return {RankMatrixFault::not_positive_definite, 0, 0, smallest};
  return {};
}

RankGroup rank_group_from_pairs(std::span<const std::string> parameters,
                                std::span<const RankPair> pairs) {
  RankGroup group;
  auto index_of = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(parameters.begin(), parameters.end(), name) -
                                    parameters.begin());
  };
  std::vector<std::pair<std::size_t, std::size_t>> resolved;  // (lower, higher) index
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const RankPair& pair = pairs[k];
    const std::size_t a = index_of(pair.first), b = index_of(pair.second);
    if (a == parameters.size() || b == parameters.size()) {
      group.fault = RankPairFault::unknown_parameter;
      group.pair = k;
      group.name = a == parameters.size() ? pair.first : pair.second;
      return group;
    }
    if (a == b) {
      group.fault = RankPairFault::same_parameter;
      group.pair = k;
      return group;
    }
    const std::pair<std::size_t, std::size_t> key{std::min(a, b), std::max(a, b)};
    const auto seen = std::find(resolved.begin(), resolved.end(), key);
    if (seen != resolved.end()) {
      group.fault = RankPairFault::repeated_pair;
      group.pair = k;
      group.earlier = static_cast<std::size_t>(seen - resolved.begin());
      return group;
    }
    if (!(pair.rank >= -1.0 && pair.rank <= 1.0)) {
      group.fault = RankPairFault::out_of_range;
      group.pair = k;
      return group;
    }
    resolved.push_back(key);
  }
  for (const auto& [a, b] : resolved) {
    group.members.push_back(a);
    group.members.push_back(b);
  }
  std::sort(group.members.begin(), group.members.end());
  group.members.erase(std::unique(group.members.begin(), group.members.end()), group.members.end());
  group.target = RankMatrix::identity(group.members.size());
  auto row_of = [&](std::size_t parameter) {
    return static_cast<std::size_t>(
        std::lower_bound(group.members.begin(), group.members.end(), parameter) -
        group.members.begin());
  };
  for (std::size_t k = 0; k < resolved.size(); ++k) {
    const std::size_t i = row_of(resolved[k].first), j = row_of(resolved[k].second);
    group.target(i, j) = group.target(j, i) = pairs[k].rank;
  }
  return group;
}

RankCorrelationTarget::RankCorrelationTarget(const RankMatrix& rank) : rank_(rank) {
  const RankMatrixCheck check = check_rank_matrix(rank_);
  if (!check.ok()) throw std::invalid_argument("RankCorrelationTarget: " + check.describe());
  const std::size_t k = rank_.size;
  const Eigen::LLT<Eigen::MatrixXd> llt(normal_scores(rank_));
  if (llt.info() != Eigen::Success)  // cannot happen after the eigenvalue check
    throw std::invalid_argument("RankCorrelationTarget: Cholesky factorisation failed");
  const Eigen::MatrixXd p = llt.matrixL();
  cholesky_.assign(k * k, 0.0);
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j <= i; ++j)
      cholesky_[i * k + j] = p(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
}

std::vector<double> impose_rank_correlation(std::span<const double> block, std::size_t rows,
                                            const RankCorrelationTarget& target, std::uint64_t seed,
                                            std::uint64_t block_index) {
  const std::size_t k = target.size();
  if (block.size() != rows * k) {
    throw std::invalid_argument("impose_rank_correlation: the block has " +
                                std::to_string(block.size()) + " values, not " +
                                std::to_string(rows) + " rows x " + std::to_string(k) + " columns");
  }
  if (std::any_of(block.begin(), block.end(), [](double v) { return std::isnan(v); }))
    throw std::invalid_argument("impose_rank_correlation: the block holds a NaN");
  std::vector<double> out(block.begin(), block.end());
  if (rows < 2 || k == 0) return out;
  const std::size_t n = rows;

  // 1-2. Each column of X is an independent random permutation of the scores.
  const std::vector<double> scores = van_der_waerden_scores(n);
  std::vector<double> x(n * k);
  for (std::size_t j = 0; j < k; ++j) {
    double* column = x.data() + j * n;
    std::copy(scores.begin(), scores.end(), column);
    Stream stream(StreamKey{seed, block_index}, Domain::parameters, kRankCorrelationSite + j);
    for (std::size_t i = n - 1; i > 0; --i)  // Fisher-Yates
      std::swap(column[i], column[below(stream, i + 1)]);
  }

  // 3. The scores' sample correlation E (their mean is exactly 0 and every column has the
  // same sum of squares), summed row by row in a fixed order. Small products are written out
  // rather than left to Eigen so that no summation order depends on a blocking heuristic.
  double sum_squares = 0.0;
  for (double a : scores) sum_squares += a * a;
  Eigen::MatrixXd e =
      Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k));
  for (std::size_t j = 0; j < k; ++j) {
    for (std::size_t l = 0; l < j; ++l) {
      double dot = 0.0;
      for (std::size_t i = 0; i < n; ++i) dot += x[j * n + i] * x[l * n + i];
      e(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(l)) = dot / sum_squares;
    }
  }
  // S = P Q^-1 (lower triangular), or S = P when E is singular (see the header).
  const std::vector<double>& p = target.cholesky();
  std::vector<double> s = p;
  const Eigen::LLT<Eigen::MatrixXd, Eigen::Lower> llt(e);
  if (llt.info() == Eigen::Success && llt.matrixLLT().diagonal().minCoeff() > kMinScorePivot) {
    const Eigen::MatrixXd q = llt.matrixL();
    const Eigen::MatrixXd q_inverse =
        q.triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(q.rows(), q.cols()));
    for (std::size_t j = 0; j < k; ++j) {
      for (std::size_t l = 0; l <= j; ++l) {
        double sum = 0.0;
        for (std::size_t m = l; m <= j; ++m)
          sum +=
              p[j * k + m] * q_inverse(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(l));
        s[j * k + l] = sum;
      }
    }
  }

  // T = X S^T, then 4: rank matching, column by column.
  std::vector<double> t(n);
  for (std::size_t j = 0; j < k; ++j) {
    std::fill(t.begin(), t.end(), 0.0);
    for (std::size_t l = 0; l <= j; ++l) {
      const double weight = s[j * k + l];
      const double* column = x.data() + l * n;
      for (std::size_t i = 0; i < n; ++i) t[i] += weight * column[i];
    }
    const std::span<const double> input = block.subspan(j * n, n);
    std::vector<double> sorted(input.begin(), input.end());
    std::sort(sorted.begin(), sorted.end());
    const auto order = order_of(t);
    for (std::size_t r = 0; r < n; ++r) out[j * n + order[r].second] = sorted[r];
  }
  return out;
}

ReplicateBlock correlation_block(std::uint64_t replicate, std::uint64_t replicates,
                                 std::uint64_t block_rows) {
  if (block_rows == 0 || replicate >= replicates) {
    throw std::invalid_argument("correlation_block: replicate " + std::to_string(replicate) +
                                " of " + std::to_string(replicates) + " with blocks of " +
                                std::to_string(block_rows));
  }
  const std::uint64_t blocks = std::max<std::uint64_t>(1, replicates / block_rows);
  const std::uint64_t index = std::min(replicate / block_rows, blocks - 1);
  const std::uint64_t first = index * block_rows;
  const std::uint64_t end = index + 1 == blocks ? replicates : first + block_rows;
  return {index, first, end - first};
}

}  // namespace fundsim
