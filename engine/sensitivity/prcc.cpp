#include "sensitivity/prcc.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "errors.hpp"

namespace fundsim::sensitivity {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool is_constant(const Eigen::Ref<const Eigen::VectorXd>& v) {
  return v.size() == 0 || (v.array() == v(0)).all();
}

// Residual of y after least squares on the columns of z (which include the intercept).
Eigen::VectorXd residual(const Eigen::ColPivHouseholderQR<Eigen::MatrixXd>& qr,
                         const Eigen::MatrixXd& z, const Eigen::VectorXd& y) {
  return y - z * qr.solve(y);
}

}  // namespace

Eigen::VectorXd average_ranks(const Eigen::Ref<const Eigen::VectorXd>& values) {
  const Eigen::Index n = values.size();
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return values(a) < values(b); });
  Eigen::VectorXd ranks(n);
  for (Eigen::Index i = 0; i < n;) {
    Eigen::Index j = i + 1;
    const auto value = [&](Eigen::Index k) { return values(order[static_cast<std::size_t>(k)]); };
    while (j < n && value(j) == value(i)) ++j;
    // Positions i..j-1 hold one tied value: ranks i+1..j, average (i + 1 + j) / 2.
    const double rank = static_cast<double>(i + 1 + j) / 2.0;
    for (Eigen::Index k = i; k < j; ++k) ranks(order[static_cast<std::size_t>(k)]) = rank;
    i = j;
  }
  return ranks;
}

std::vector<PrccResult> prcc(const Eigen::Ref<const Eigen::MatrixXd>& parameters,
                             const Eigen::Ref<const Eigen::VectorXd>& output, double confidence) {
  check_confidence(confidence);
  const Eigen::Index n = parameters.rows();
  const Eigen::Index d = parameters.cols();
  if (output.size() != n) {
    throw InputError("PRCC: " + std::to_string(n) + " parameter rows but " +
                     std::to_string(output.size()) + " outputs");
  }
  if (!parameters.allFinite() || !output.allFinite()) {
    throw InputError("PRCC: parameters and output must be finite");
  }
  std::vector<Eigen::Index> varying;
  for (Eigen::Index j = 0; j < d; ++j) {
    if (!is_constant(parameters.col(j))) varying.push_back(j);
  }
  const auto covariates = static_cast<Eigen::Index>(varying.size()) - 1;  // D' - 1
  const Eigen::Index fisher_n = n - 3 - covariates;
  if (varying.empty() || fisher_n < 1) {
    throw InputError("PRCC: " + std::to_string(n) + " rows are too few for " +
                     std::to_string(varying.size()) + " varying parameters (need at least " +
                     std::to_string(varying.size() + 3) + ")");
  }
  const double df = static_cast<double>(n - 2 - covariates);

  std::vector<PrccResult> out(static_cast<std::size_t>(d), PrccResult{kNaN, kNaN, {}, df});
  if (is_constant(output)) return out;

  Eigen::MatrixXd ranks(n, static_cast<Eigen::Index>(varying.size()));
  for (std::size_t c = 0; c < varying.size(); ++c) {
    ranks.col(static_cast<Eigen::Index>(c)) = average_ranks(parameters.col(varying[c]));
  }
  const Eigen::VectorXd output_ranks = average_ranks(output);

  const boost::math::students_t student(df);
  const double z = boost::math::quantile(boost::math::normal(), (1.0 + confidence) / 2.0);
  const double fisher_se = 1.0 / std::sqrt(static_cast<double>(fisher_n));
  for (std::size_t c = 0; c < varying.size(); ++c) {
    // Design matrix: intercept and the other varying parameters' ranks.
    Eigen::MatrixXd others(n, covariates + 1);
    others.col(0).setOnes();
    for (std::size_t k = 0, col = 1; k < varying.size(); ++k) {
      if (k != c)
        others.col(static_cast<Eigen::Index>(col++)) = ranks.col(static_cast<Eigen::Index>(k));
    }
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(others);
    const Eigen::VectorXd ex = residual(qr, others, ranks.col(static_cast<Eigen::Index>(c)));
    const Eigen::VectorXd ey = residual(qr, others, output_ranks);
    const double r =
        std::clamp(ex.dot(ey) / std::sqrt(ex.squaredNorm() * ey.squaredNorm()), -1.0, 1.0);
    PrccResult& res = out[static_cast<std::size_t>(varying[c])];
    res.prcc = r;
    if (std::abs(r) < 1.0) {
      const double t = r * std::sqrt(df / (1.0 - r * r));
      res.p_value = 2.0 * boost::math::cdf(boost::math::complement(student, std::abs(t)));
      const double centre = std::atanh(r);
      res.interval = {std::tanh(centre - z * fisher_se), std::tanh(centre + z * fisher_se)};
    } else {
      res.p_value = 0.0;
      res.interval = {r, r};
    }
  }
  return out;
}

}  // namespace fundsim::sensitivity
