#include "decision/smooth_terms.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <unsupported/Eigen/Splines>

#include "errors.hpp"

namespace fundsim::decision {
namespace {

// A constrained margin in its penalty eigenbasis: columns and the penalty's eigenvalues, the
// null space's set to exactly zero.
struct Margin {
  Eigen::MatrixXd columns;
  Eigen::VectorXd eigenvalues;
};

// Eigenvalues below this share of the largest are the penalty's null space (exactly one, the
// linear function, for a second-order difference penalty after the sum-to-zero constraint).
constexpr double kNullEigenvalue = 1e-9;

Margin constrained_margin(const Eigen::VectorXd& scores, int basis_size) {
  if (basis_size < 4) throw Error("spline basis needs at least 4 functions");
  using Cubic = Eigen::Spline<double, 1, 3>;
  const Eigen::Index k = basis_size;
  const Eigen::Index n = scores.size();
  // Knots (j - 3) h, j = 0..k+3, h = 1 / (k - 3): k cubic B-splines whose support covers [0, 1]
  // with no repeated knots (Eilers & Marx 1996).
  const double h = 1.0 / static_cast<double>(k - 3);
  Cubic::KnotVectorType knots(k + 4);
  for (Eigen::Index j = 0; j < k + 4; ++j) knots(j) = static_cast<double>(j - 3) * h;
  Eigen::MatrixXd basis = Eigen::MatrixXd::Zero(n, k);
  const double below_one = std::nextafter(1.0, 0.0);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double u = std::clamp(scores[i], 0.0, below_one);
    const Eigen::Index span = Cubic::Span(u, 3, knots);
    const auto values = Cubic::BasisFunctions(u, 3, knots);
    for (Eigen::Index j = 0; j < 4; ++j) basis(i, span - 3 + j) = values(j);
  }
  // Second-order difference penalty D'D.
  Eigen::MatrixXd difference = Eigen::MatrixXd::Zero(k - 2, k);
  for (Eigen::Index j = 0; j < k - 2; ++j) {
    difference(j, j) = 1.0;
    difference(j, j + 1) = -2.0;
    difference(j, j + 2) = 1.0;
  }
  const Eigen::MatrixXd penalty = difference.transpose() * difference;
  // Sum-to-zero constraint 1'B beta = 0: beta = Z gamma with Z the last k - 1 columns of the
  // QR factor Q of the constraint vector (Wood 2017, §1.8.1).
  const Eigen::MatrixXd constraint = basis.colwise().sum().transpose();
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(constraint);
  const Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(k, k);
  const Eigen::MatrixXd z = q.rightCols(k - 1);
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(z.transpose() * penalty * z);
  Margin m;
  m.eigenvalues = eigen.eigenvalues();
  const double largest = m.eigenvalues.maxCoeff();
  for (Eigen::Index j = 0; j < m.eigenvalues.size(); ++j) {
    if (m.eigenvalues[j] < kNullEigenvalue * largest) m.eigenvalues[j] = 0.0;
  }
  m.columns = basis * (z * eigen.eigenvectors());
  return m;
}

Eigen::VectorXd null_space_indicator(const Eigen::VectorXd& eigenvalues) {
  return (eigenvalues.array() == 0.0).cast<double>().matrix();
}

}  // namespace

Eigen::VectorXd uniform_scores(const Eigen::Ref<const Eigen::VectorXd>& values) {
  const Eigen::Index n = values.size();
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return values[a] < values[b]; });
  Eigen::VectorXd scores(n);
  const auto nd = static_cast<double>(n);
  for (std::size_t first = 0; first < order.size();) {
    std::size_t last = first + 1;
    while (last < order.size() && values[order[last]] == values[order[first]]) ++last;
    // Ranks first+1 .. last share their mean rank (first + 1 + last) / 2.
    const double score = (0.5 * static_cast<double>(first + 1 + last) - 0.5) / nd;
    for (std::size_t j = first; j < last; ++j) scores[order[j]] = score;
    first = last;
  }
  return scores;
}

SmoothTerm main_effect_term(const Eigen::VectorXd& scores, int basis_size) {
  Margin m = constrained_margin(scores, basis_size);
  SmoothTerm term;
  term.penalties.push_back(m.eigenvalues);
  term.penalties.push_back(null_space_indicator(m.eigenvalues));
  term.columns = std::move(m.columns);
  return term;
}

SmoothTerm interaction_term(const Eigen::VectorXd& scores_a, const Eigen::VectorXd& scores_b,
                            int basis_size) {
  const Margin a = constrained_margin(scores_a, basis_size);
  const Margin b = constrained_margin(scores_b, basis_size);
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
