#include "decision/smooth_terms.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <unsupported/Eigen/Splines>

#include "errors.hpp"

namespace fundsim::decision {
namespace {

using Cubic = Eigen::Spline<double, 1, 3>;

// A constrained margin in its penalty eigenbasis: columns, and the penalty's eigenvalues with
// the null space (first column) exactly zero.
struct Margin {
  Eigen::MatrixXd columns;
  Eigen::VectorXd eigenvalues;
};

// Clamped knot vector: 4 copies of min and max, interior knots at the j / (k - 3) quantiles
// (inverted CDF), duplicates and knots on the boundary dropped.
Cubic::KnotVectorType quantile_knots(const Eigen::VectorXd& values, int basis_size) {
  std::vector<double> sorted(values.data(), values.data() + values.size());
  std::sort(sorted.begin(), sorted.end());
  const double lo = sorted.front(), hi = sorted.back();
  if (!(hi > lo)) throw Error("spline term: parameter draws are all equal");
  std::vector<double> interior;
  const int segments = basis_size - 3;
  const auto n = static_cast<double>(sorted.size());
  for (int j = 1; j < segments; ++j) {
    const double rank = std::clamp(std::ceil(n * j / segments), 1.0, n);
    const double knot = sorted[static_cast<std::size_t>(rank) - 1];
    if (knot > lo && knot < hi && (interior.empty() || knot > interior.back())) {
      interior.push_back(knot);
    }
  }
  Cubic::KnotVectorType knots(static_cast<Eigen::Index>(interior.size()) + 8);
  for (Eigen::Index j = 0; j < 4; ++j) {
    knots(j) = lo;
    knots(knots.size() - 1 - j) = hi;
  }
  for (std::size_t j = 0; j < interior.size(); ++j)
    knots(static_cast<Eigen::Index>(j) + 4) = interior[j];
  return knots;
}

Margin constrained_margin(const Eigen::VectorXd& values, int basis_size) {
  if (basis_size < 4) throw Error("spline basis needs at least 4 functions");
  const Cubic::KnotVectorType knots = quantile_knots(values, basis_size);
  const Eigen::Index k = knots.size() - 4;  // basis functions
  const Eigen::Index n = values.size();
  Eigen::MatrixXd basis = Eigen::MatrixXd::Zero(n, k);
  for (Eigen::Index i = 0; i < n; ++i) {
    const Eigen::Index span = Cubic::Span(values[i], 3, knots);
    const auto b = Cubic::BasisFunctions(values[i], 3, knots);
    for (Eigen::Index j = 0; j < 4; ++j) basis(i, span - 3 + j) = b(j);
  }
  // Penalty integral f''^2 over [min, max]: f'' is linear on each knot interval, so two-point
  // Gauss-Legendre is exact for the products.
  Eigen::MatrixXd penalty = Eigen::MatrixXd::Zero(k, k);
  const double node = 1.0 / std::sqrt(3.0);
  for (Eigen::Index i = 3; i < k; ++i) {
    const double a = knots(i), b = knots(i + 1);
    if (!(b > a)) continue;
    for (const double t : {-node, node}) {
      const double x = 0.5 * (a + b) + 0.5 * (b - a) * t;
      const auto d = Cubic::BasisFunctionDerivatives(x, 2, 3, knots);
      const Eigen::Index span = Cubic::Span(x, 3, knots);
      for (Eigen::Index r = 0; r < 4; ++r) {
        for (Eigen::Index c = 0; c < 4; ++c) {
          penalty(span - 3 + r, span - 3 + c) += 0.5 * (b - a) * d(2, r) * d(2, c);
        }
      }
    }
  }
  // Sum-to-zero constraint c'beta = 0, c = 1'B: beta = Z gamma with Z the last k - 1 columns of
  // the QR factor Q of c (Wood 2017, §1.8.1).
  const Eigen::VectorXd constraint = basis.colwise().sum().transpose();
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(constraint);
  const Eigen::MatrixXd z = (qr.householderQ() * Eigen::MatrixXd::Identity(k, k)).rightCols(k - 1);
  // The penalty's null space is span{1, x}; x = sum_j g_j B_j with the Greville abscissae g_j
  // (de Boor 2001). Its constrained part, known exactly, is the first basis direction; the
  // penalty's eigenvectors on the orthogonal complement give the rest.
  Eigen::VectorXd greville(k);
  for (Eigen::Index j = 0; j < k; ++j)
    greville[j] = (knots(j + 1) + knots(j + 2) + knots(j + 3)) / 3.0;
  const Eigen::VectorXd ones = Eigen::VectorXd::Ones(k);
  const Eigen::VectorXd linear =
      greville - (constraint.dot(greville) / constraint.dot(ones)) * ones;
  Eigen::VectorXd null_direction = z.transpose() * linear;
  null_direction.normalize();
  const Eigen::HouseholderQR<Eigen::MatrixXd> null_qr(null_direction);
  const Eigen::MatrixXd complement =
      (null_qr.householderQ() * Eigen::MatrixXd::Identity(k - 1, k - 1)).rightCols(k - 2);
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(
      complement.transpose() * (z.transpose() * penalty * z) * complement);
  Eigen::MatrixXd rotation(k - 1, k - 1);
  rotation.col(0) = null_direction;
  rotation.rightCols(k - 2) = complement * eigen.eigenvectors();
  Margin m;
  m.eigenvalues.resize(k - 1);
  m.eigenvalues[0] = 0.0;
  // Clamped at a tiny positive floor: the complement is outside the null space, so its
  // eigenvalues are positive up to rounding.
  m.eigenvalues.tail(k - 2) = eigen.eigenvalues().cwiseMax(1e-12 * eigen.eigenvalues().maxCoeff());
  m.columns = basis * (z * rotation);
  return m;
}

Eigen::VectorXd null_space_indicator(const Eigen::VectorXd& eigenvalues) {
  return (eigenvalues.array() == 0.0).cast<double>().matrix();
}

}  // namespace

SmoothTerm main_effect_term(const Eigen::VectorXd& values, int basis_size) {
  Margin m = constrained_margin(values, basis_size);
  SmoothTerm term;
  term.penalties.push_back(m.eigenvalues);
  term.penalties.push_back(null_space_indicator(m.eigenvalues));
  term.columns = std::move(m.columns);
  return term;
}

SmoothTerm interaction_term(const Eigen::VectorXd& values_a, const Eigen::VectorXd& values_b,
                            int basis_size) {
  const Margin a = constrained_margin(values_a, basis_size);
  const Margin b = constrained_margin(values_b, basis_size);
  const Eigen::Index ka = a.columns.cols(), kb = b.columns.cols();
  SmoothTerm term;
  term.columns.resize(a.columns.rows(), ka * kb);
  Eigen::VectorXd penalty_a(ka * kb), penalty_b(ka * kb), shrinkage(ka * kb);
  for (Eigen::Index i = 0; i < ka; ++i) {
    for (Eigen::Index j = 0; j < kb; ++j) {
      const Eigen::Index c = i * kb + j;
      term.columns.col(c) = a.columns.col(i).cwiseProduct(b.columns.col(j));
      // In the product eigenbasis S_a (x) I and I (x) S_b are diagonal (Wood 2006, §3).
      penalty_a[c] = a.eigenvalues[i];
      penalty_b[c] = b.eigenvalues[j];
      shrinkage[c] = a.eigenvalues[i] == 0.0 && b.eigenvalues[j] == 0.0 ? 1.0 : 0.0;
    }
  }
  term.penalties = {penalty_a, penalty_b, shrinkage};
  return term;
}

}  // namespace fundsim::decision
