// Partial rank correlation coefficients (engine/sensitivity/prcc).
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <vector>

#include "errors.hpp"
#include "random/stream.hpp"
#include "sensitivity/prcc.hpp"
#include "test_functions.hpp"

namespace fundsim::sensitivity {
namespace {

// Independent N(0,1) draws from Philox.
Eigen::MatrixXd normals(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  Eigen::MatrixXd x(rows, cols);
  const boost::math::normal standard;
  for (Eigen::Index j = 0; j < cols; ++j) {
    Stream s(StreamKey{seed, static_cast<std::uint64_t>(j)}, Domain::model, 1);
    for (Eigen::Index i = 0; i < rows; ++i) x(i, j) = boost::math::quantile(standard, s.uniform());
  }
  return x;
}

// Partial correlations of the last variable with each other one, from the inverse of a
// correlation matrix: -P_jy / sqrt(P_jj P_yy).
Eigen::VectorXd partial_from_inverse(const Eigen::MatrixXd& correlation) {
  const Eigen::MatrixXd p = correlation.inverse();
  const Eigen::Index y = correlation.rows() - 1;
  Eigen::VectorXd out(y);
  for (Eigen::Index j = 0; j < y; ++j) out(j) = -p(j, y) / std::sqrt(p(j, j) * p(y, y));
  return out;
}

Eigen::MatrixXd rank_correlation(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  Eigen::MatrixXd ranks(x.rows(), x.cols() + 1);
  for (Eigen::Index j = 0; j < x.cols(); ++j) ranks.col(j) = average_ranks(x.col(j));
  ranks.col(x.cols()) = average_ranks(y);
  const Eigen::MatrixXd centred = ranks.rowwise() - ranks.colwise().mean();
  const Eigen::MatrixXd cov = centred.transpose() * centred;
  const Eigen::VectorXd sd = cov.diagonal().cwiseSqrt();
  return cov.cwiseQuotient(sd * sd.transpose());
}

TEST(Prcc, AverageRanksOfTies) {
  Eigen::VectorXd v(6);
  v << 10, 20, 20, 5, 20, -1;
  Eigen::VectorXd expected(6);
  // Sorted: -1 (1), 5 (2), 10 (3), 20 20 20 (4, 5, 6 -> 5).
  expected << 3, 5, 5, 2, 5, 1;
  EXPECT_EQ(average_ranks(v), expected);
}

// y = sum beta_j x_j + eps, x_j and eps independent N(0,1). The population PRCC is the partial
// correlation computed from the population rank (grade) correlation matrix; for jointly normal
// variables the rank correlation is (6/pi) asin(rho/2) (Pearson 1907, Kruskal 1958), with
// rho(x_j, x_k) = 0 and rho(x_j, y) = beta_j / sd(y). (The Pearson partial correlation
// beta_j / sqrt(beta_j^2 + 1) is the plain-value analogue; it differs by up to 0.05 here,
// several times the tolerance, so the conversion matters.)
TEST(Prcc, LinearGaussianModelMatchesPopulationValue) {
  const Eigen::Index n = 2000;
  const std::vector<double> beta{2.0, -1.0, 0.5, 0.0};
  const Eigen::Index d = 4;
  const Eigen::MatrixXd x = normals(n, d, 11);
  const Eigen::VectorXd eps = normals(n, 1, 12).col(0);
  Eigen::VectorXd y = eps;
  double var_y = 1;
  for (Eigen::Index j = 0; j < d; ++j) {
    y += beta[j] * x.col(j);
    var_y += beta[j] * beta[j];
  }
  Eigen::MatrixXd spearman = Eigen::MatrixXd::Identity(d + 1, d + 1);
  for (Eigen::Index j = 0; j < d; ++j) {
    const double rho = beta[j] / std::sqrt(var_y);
    spearman(j, d) = spearman(d, j) = 6 / testing::kPi * std::asin(rho / 2);
  }
  const Eigen::VectorXd population = partial_from_inverse(spearman);

  const std::vector<PrccResult> r = prcc(x, y);
  ASSERT_EQ(r.size(), 4u);
  const double df = static_cast<double>(n - 2 - (d - 1));
  for (Eigen::Index j = 0; j < d; ++j) {
    const PrccResult& res = r[j];
    // Standard error of a partial correlation of order k = d - 1: (1 - rho^2) / sqrt(n - k - 3),
    // times sqrt(1.1) for ranks (Fieller, Hartley & Pearson 1957 give 1.06 for Spearman's
    // rho). Tolerance 4 se.
    const double rho = population(j);
    const double se = (1 - rho * rho) * std::sqrt(1.1 / static_cast<double>(n - (d - 1) - 3));
    EXPECT_NEAR(res.prcc, rho, 4 * se) << "parameter " << j;
    EXPECT_EQ(res.degrees_of_freedom, df);
    // The Fisher-z interval at 95% covers the population value (fixed seed; ~0.95^4 a priori).
    EXPECT_LE(res.interval.lower, rho) << j;
    EXPECT_GE(res.interval.upper, rho) << j;
    EXPECT_NEAR(std::atanh(res.interval.upper) - std::atanh(res.prcc),
                1.959963985 / std::sqrt(static_cast<double>(n - 3 - (d - 1))), 1e-9);
    // p-value: the same tail probability through the regularised incomplete beta function,
    // P(|T| > t) = I_{df / (df + t^2)}(df/2, 1/2).
    const double t = res.prcc * std::sqrt(df / (1 - res.prcc * res.prcc));
    EXPECT_NEAR(res.p_value, boost::math::ibeta(df / 2, 0.5, df / (df + t * t)),
                1e-12 + 1e-9 * res.p_value);
  }
  EXPECT_LT(r[2].p_value, 1e-50);
  EXPECT_GT(r[3].p_value, 0.001);  // the null parameter (fixed seed)
}

TEST(Prcc, EqualsInverseRankCorrelationFormula) {
  const Eigen::Index n = 300, d = 5;
  const Eigen::MatrixXd x = normals(n, d, 21);
  Eigen::VectorXd y(n);
  // A monotone non-linear model with ties in the output (rounded), and a tied parameter column.
  Eigen::MatrixXd xt = x;
  xt.col(4) = x.col(4).array().round();
  for (Eigen::Index i = 0; i < n; ++i) {
    y(i) = std::round(4 * std::exp(xt(i, 0)) - 3 * xt(i, 1) + std::pow(xt(i, 2), 3) + xt(i, 4) +
                      normals(1, 1, 1000 + static_cast<std::uint64_t>(i))(0, 0));
  }
  const std::vector<PrccResult> r = prcc(xt, y);
  const Eigen::VectorXd second = partial_from_inverse(rank_correlation(xt, y));
  for (Eigen::Index j = 0; j < d; ++j) EXPECT_NEAR(r[j].prcc, second(j), 1e-10) << j;
}

TEST(Prcc, ConstantColumnsAreNaNAndLeftOut) {
  const Eigen::Index n = 200;
  const Eigen::MatrixXd x = normals(n, 3, 31);
  const Eigen::VectorXd y = x.col(0) - 0.5 * x.col(2) + normals(n, 1, 32).col(0);
  Eigen::MatrixXd with_fixed(n, 4);
  with_fixed << x.col(0), Eigen::VectorXd::Constant(n, 2.5), x.col(1), x.col(2);
  const std::vector<PrccResult> a = prcc(x, y);
  const std::vector<PrccResult> b = prcc(with_fixed, y);
  EXPECT_TRUE(std::isnan(b[1].prcc));
  EXPECT_TRUE(std::isnan(b[1].p_value));
  for (const auto& [i, k] : {std::pair{0, 0}, {1, 2}, {2, 3}}) {
    EXPECT_NEAR(a[i].prcc, b[k].prcc, 1e-12);
    EXPECT_EQ(a[i].degrees_of_freedom, b[k].degrees_of_freedom);
  }
  // Constant output: everything NaN.
  for (const PrccResult& res : prcc(x, Eigen::VectorXd::Constant(n, 1.0))) {
    EXPECT_TRUE(std::isnan(res.prcc));
  }
}

TEST(Prcc, NullPValuesAreCalibrated) {
  // 300 datasets of 30 rows x 4 independent parameters, output unrelated: 1200 p-values.
  // Fraction below 0.05 is 0.05 +- 0.0063 (binomial se); tolerance 4 se.
  int below = 0, total = 0;
  for (std::uint64_t s = 0; s < 300; ++s) {
    const Eigen::MatrixXd x = normals(30, 5, 5000 + s);
    for (const PrccResult& res : prcc(x.leftCols(4), x.col(4))) {
      below += res.p_value < 0.05;
      ++total;
    }
  }
  EXPECT_NEAR(static_cast<double>(below) / total, 0.05, 0.025);
}

TEST(Prcc, IsDeterministicAndChecksInput) {
  const Eigen::MatrixXd x = normals(50, 3, 41);
  const Eigen::VectorXd y = x.col(0) + x.col(1);
  const auto a = prcc(x, y), b = prcc(x, y);
  for (std::size_t j = 0; j < 3; ++j) {
    EXPECT_EQ(a[j].prcc, b[j].prcc);
    EXPECT_EQ(a[j].p_value, b[j].p_value);
  }
  EXPECT_THROW(prcc(x, Eigen::VectorXd::Zero(49)), InputError);
  EXPECT_THROW(prcc(x.topRows(4), y.head(4)), InputError);  // 4 rows, 3 parameters
  EXPECT_NO_THROW(prcc(x.topRows(6), y.head(6)));
  Eigen::MatrixXd bad = x;
  bad(3, 1) = std::nan("");
  EXPECT_THROW(prcc(bad, y), InputError);
  EXPECT_THROW(prcc(x, y, 0.0), InputError);
}

}  // namespace
}  // namespace fundsim::sensitivity
