#include "decision/gaussian_process.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <nlopt.hpp>
#include <vector>

#include "errors.hpp"

namespace fundsim::decision {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// exp(-sum_k ((a_ik - b_jk) / l_k)^2) for every pair of rows, with squared distances from
// |a|^2 + |b|^2 - 2 a'b (one matrix product; rounding of order 1e-12 on the scaled distances,
// clamped at zero).
Eigen::MatrixXd correlation(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                            const Eigen::VectorXd& length_scales) {
  const Eigen::MatrixXd as = a * length_scales.cwiseInverse().asDiagonal();
  const Eigen::MatrixXd bs = b * length_scales.cwiseInverse().asDiagonal();
  const Eigen::VectorXd a2 = as.rowwise().squaredNorm();
  const Eigen::VectorXd b2 = bs.rowwise().squaredNorm();
  Eigen::MatrixXd c = -2.0 * as * bs.transpose();
  c.colwise() += a2;
  c.rowwise() += b2.transpose();
  return (-c.array().max(0.0)).exp().matrix();
}

Eigen::MatrixXd mean_basis(const Eigen::MatrixXd& inputs, bool linear) {
  Eigen::MatrixXd h(inputs.rows(), linear ? inputs.cols() + 1 : 1);
  h.col(0).setOnes();
  if (linear) h.rightCols(inputs.cols()) = inputs;
  return h;
}

GpHyperparameters from_log(const std::vector<double>& x) {
  GpHyperparameters hp;
  const auto g = static_cast<Eigen::Index>(x.size()) - 1;
  hp.length_scales.resize(g);
  for (Eigen::Index k = 0; k < g; ++k)
    hp.length_scales[k] = std::exp(x[static_cast<std::size_t>(k)]);
  hp.noise_ratio = std::exp(x.back());
  return hp;
}

}  // namespace

double gp_restricted_criterion(const Eigen::MatrixXd& inputs, const Eigen::VectorXd& response,
                               const Eigen::VectorXd& log_hyperparameters, bool linear_mean) {
  const Eigen::Index n = inputs.rows(), g = inputs.cols();
  const Eigen::VectorXd length_scales = log_hyperparameters.head(g).array().exp();
  const double eta = std::exp(log_hyperparameters[g]);
  Eigen::MatrixXd k = correlation(inputs, inputs, length_scales);
  k.diagonal().array() += eta;
  const Eigen::LLT<Eigen::MatrixXd> llt(k);
  if (llt.info() != Eigen::Success) return kInf;
  const Eigen::MatrixXd h = mean_basis(inputs, linear_mean);
  const Eigen::Index q = h.cols();
  const Eigen::MatrixXd ht = llt.matrixL().solve(h);  // L^-1 H
  const Eigen::VectorXd yt = llt.matrixL().solve(response);
  const Eigen::LLT<Eigen::MatrixXd> hkh(ht.transpose() * ht);
  if (hkh.info() != Eigen::Success) return kInf;
  const Eigen::VectorXd b = ht.transpose() * yt;
  const double quadratic = yt.squaredNorm() - b.dot(hkh.solve(b));
  if (!(quadratic > 0.0)) return kInf;
  double log_det_k = 0.0, log_det_hkh = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) log_det_k += 2.0 * std::log(llt.matrixLLT()(i, i));
  for (Eigen::Index i = 0; i < q; ++i) log_det_hkh += 2.0 * std::log(hkh.matrixLLT()(i, i));
  return log_det_k + log_det_hkh + static_cast<double>(n - q) * std::log(quadratic);
}

GpHyperparameters estimate_gp_hyperparameters(const Eigen::MatrixXd& inputs,
                                              const Eigen::VectorXd& response,
                                              const GpOptions& options) {
  const Eigen::Index g = inputs.cols();
  const auto dims = static_cast<unsigned>(g + 1);
  // Standardised response: the criterion is scale-invariant up to a constant, but a unit scale
  // keeps its values moderate for the optimiser.
  const double mean = response.mean();
  const double sd = std::sqrt((response.array() - mean).square().sum() /
                              std::max<double>(static_cast<double>(response.size()) - 1.0, 1.0));
  const Eigen::VectorXd y = sd > 0.0 ? Eigen::VectorXd((response.array() - mean) / sd)
                                     : Eigen::VectorXd(response.array() - mean);
  struct Objective {
    const Eigen::MatrixXd* inputs;
    const Eigen::VectorXd* y;
    bool linear_mean;
    std::exception_ptr error;
  } objective{&inputs, &y, options.linear_mean, nullptr};
  auto f = [](unsigned m, const double* x, double*, void* data) -> double {
    auto* o = static_cast<Objective*>(data);
    try {
      const Eigen::VectorXd lx = Eigen::Map<const Eigen::VectorXd>(x, m);
      const double v = gp_restricted_criterion(*o->inputs, *o->y, lx, o->linear_mean);
      // BOBYQA needs finite values: a non-positive-definite corner is just very bad.
      return std::isfinite(v) ? v : 1e300;
    } catch (...) {
      o->error = std::current_exception();
      throw nlopt::forced_stop();
    }
  };
  std::vector<double> lower(dims), upper(dims), x(dims);
  for (unsigned k = 0; k + 1 < dims; ++k) {
    lower[k] = std::log(options.min_length_scale);
    upper[k] = std::log(options.max_length_scale);
    x[k] = std::log(0.5);
  }
  lower.back() = std::log(options.min_noise_ratio);
  upper.back() = std::log(options.max_noise_ratio);
  x.back() = 0.0;  // eta = 1: as much noise as signal
  // Two passes: BOBYQA's trust region can shrink before the optimum in flat valleys; a restart
  // from the first optimum (as SAVI restarts Nelder-Mead) rebuilds its model there.
  for (int pass = 0; pass < 2; ++pass) {
    nlopt::opt opt(nlopt::LN_BOBYQA, dims);
    opt.set_min_objective(f, &objective);
    opt.set_lower_bounds(lower);
    opt.set_upper_bounds(upper);
    // A log length scale to 0.01 and the criterion (-2 log likelihood) to 1e-3 are far finer
    // than the hyperparameters' own sampling uncertainty.
    opt.set_xtol_abs(1e-2);
    opt.set_ftol_abs(1e-3);
    opt.set_maxeval(options.max_evaluations / 2);
    opt.set_initial_step(pass == 0 ? 1.0 : 0.25);
    double value = 0.0;
    try {
      opt.optimize(x, value);
    } catch (const nlopt::roundoff_limited&) {
      // x holds the best point found, which is what is wanted.
    } catch (const nlopt::forced_stop&) {
      if (objective.error) std::rethrow_exception(objective.error);
      throw Error("Gaussian-process hyperparameters: optimisation stopped");
    } catch (const std::exception& e) {
      if (objective.error) std::rethrow_exception(objective.error);
      throw Error(std::string("Gaussian-process hyperparameters: NLopt failed: ") + e.what());
    }
  }
  return from_log(x);
}

GaussianProcessRegression::GaussianProcessRegression(Eigen::MatrixXd inputs,
                                                     const Eigen::VectorXd& response,
                                                     GpHyperparameters hyperparameters,
                                                     bool linear_mean)
    : inputs_(std::move(inputs)), hyper_(std::move(hyperparameters)), linear_mean_(linear_mean) {
  const Eigen::Index n = inputs_.rows();
  if (response.size() != n) throw Error("Gaussian process: response length");
  Eigen::MatrixXd k = correlation(inputs_, inputs_, hyper_.length_scales);
  k.diagonal().array() += hyper_.noise_ratio;
  llt_.compute(k);
  if (llt_.info() != Eigen::Success)
    throw NumericError("Gaussian process: covariance not positive definite");
  const Eigen::MatrixXd h = mean_basis(inputs_, linear_mean_);
  k_inverse_h_ = llt_.solve(h);
  hkh_.compute(h.transpose() * k_inverse_h_);
  if (hkh_.info() != Eigen::Success) throw NumericError("Gaussian process: H'K^-1H singular");
  const Eigen::VectorXd k_inverse_y = llt_.solve(response);
  mean_coefficients_ = hkh_.solve(h.transpose() * k_inverse_y);
  const Eigen::VectorXd residual = response - h * mean_coefficients_;
  weights_ = llt_.solve(residual);
  const auto dof = static_cast<double>(n - h.cols());
  signal_variance_ = std::max(residual.dot(weights_), 0.0) / std::max(dof, 1.0);
}

Eigen::VectorXd GaussianProcessRegression::predict(const Eigen::MatrixXd& at) const {
  // In blocks of rows, so that the cross-correlation matrix stays small for N ~ 10^4.
  constexpr Eigen::Index kBlock = 1024;
  Eigen::VectorXd out(at.rows());
  for (Eigen::Index first = 0; first < at.rows(); first += kBlock) {
    const Eigen::Index rows = std::min(kBlock, at.rows() - first);
    const Eigen::MatrixXd block = at.middleRows(first, rows);
    out.segment(first, rows) = mean_basis(block, linear_mean_) * mean_coefficients_ +
                               correlation(block, inputs_, hyper_.length_scales) * weights_;
  }
  return out;
}

Eigen::MatrixXd GaussianProcessRegression::posterior_covariance_of_last(Eigen::Index m) const {
  const Eigen::Index n = inputs_.rows();
  m = std::min(m, n);
  const double eta = hyper_.noise_ratio;
  // K^-1 restricted to the last m points: L^-1 is lower triangular, so its last m columns are
  // zero above row n - m and equal the inverse of L's trailing m x m block below.
  const Eigen::MatrixXd trailing_inverse =
      llt_.matrixLLT().bottomRightCorner(m, m).triangularView<Eigen::Lower>().solve(
          Eigen::MatrixXd::Identity(m, m));
  const Eigen::MatrixXd k_inverse_tail = trailing_inverse.transpose() * trailing_inverse;
  // At training points, C - C K^-1 C = eta I - eta^2 K^-1 and H - C K^-1 H = eta K^-1 H.
  const Eigen::MatrixXd r = eta * k_inverse_h_.bottomRows(m);
  Eigen::MatrixXd v = -eta * eta * k_inverse_tail + r * hkh_.solve(r.transpose());
  v.diagonal().array() += eta;
  return signal_variance_ * v;
}

}  // namespace fundsim::decision
