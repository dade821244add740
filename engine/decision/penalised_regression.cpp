#include "decision/penalised_regression.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "errors.hpp"

namespace fundsim::decision {

struct PenalisedRegression::State {
  Eigen::LLT<Eigen::MatrixXd> llt;
  Eigen::VectorXd beta;
  Eigen::VectorXd sigma;  // diagonal of S_lambda
  double deviance = 0.0;  // D = rss + b'S b
  double criterion = 0.0;
  bool ok = false;
};

PenalisedRegression::PenalisedRegression(const std::vector<SmoothTerm>& terms) {
  Eigen::Index n = -1, p = 1;
  for (const SmoothTerm& t : terms) {
    if (n >= 0 && t.columns.rows() != n) throw Error("smooth terms differ in row count");
    n = t.columns.rows();
    p += t.columns.cols();
  }
  if (n < 2) throw Error("penalised regression needs at least two observations and one term");
  design_.resize(n, p);
  design_.col(0).setOnes();
  Eigen::Index offset = 1;
  for (std::size_t t = 0; t < terms.size(); ++t) {
    const Eigen::Index k = terms[t].columns.cols();
    design_.middleCols(offset, k) = terms[t].columns;
    offsets_.push_back(offset);
    sizes_.push_back(k);
    offset += k;
  }
  gram_ = Eigen::MatrixXd::Zero(p, p);
  gram_.selfadjointView<Eigen::Lower>().rankUpdate(design_.transpose());
  gram_.triangularView<Eigen::StrictlyUpper>() = gram_.transpose();
  // Each penalty is normalised so that its non-zero entries average the term's mean diagonal
  // of X'X: log lambda = 0 is then moderate smoothing whatever the data's scale, and the
  // bounds on log lambda mean the same for every term.
  for (std::size_t t = 0; t < terms.size(); ++t) {
    const Eigen::Index o = offsets_[t], k = sizes_[t];
    const double data_scale = gram_.diagonal().segment(o, k).mean();
    for (const Eigen::VectorXd& s : terms[t].penalties) {
      const double nonzero = static_cast<double>((s.array() > 0.0).count());
      if (nonzero == 0.0) continue;
      Eigen::VectorXd full = Eigen::VectorXd::Zero(p);
      full.segment(o, k) = s * (data_scale * nonzero / s.sum());
      penalties_.push_back(std::move(full));
      penalty_term_.push_back(static_cast<Eigen::Index>(t));
    }
  }
  // Every coefficient but the intercept must be penalised (the terms carry shrinkage
  // penalties), so log|S|+ is a plain log-determinant and Mp = 1.
  Eigen::VectorXd covered = Eigen::VectorXd::Zero(p);
  for (const auto& s : penalties_) covered += s;
  for (Eigen::Index i = 1; i < p; ++i) {
    if (!(covered[i] > 0.0)) throw Error("penalised regression: an unpenalised coefficient");
  }
}

PenalisedRegression::State PenalisedRegression::evaluate(const Eigen::VectorXd& xty, double yty,
                                                         const Eigen::VectorXd& log_lambda) const {
  State st;
  const Eigen::Index p = design_.cols();
  st.sigma = Eigen::VectorXd::Zero(p);
  for (std::size_t j = 0; j < penalties_.size(); ++j) {
    st.sigma += std::exp(log_lambda[static_cast<Eigen::Index>(j)]) * penalties_[j];
  }
  Eigen::MatrixXd a = gram_;
  a.diagonal() += st.sigma;
  st.llt.compute(a);
  if (st.llt.info() != Eigen::Success) return st;
  st.beta = st.llt.solve(xty);
  const auto n = static_cast<double>(design_.rows());
  const double residual_df = n - static_cast<double>(unpenalised_);
  // D = y'y - b'X'y (since (X'X + S) b = X'y); floored so that an exact fit stays finite.
  st.deviance = std::max(yty - st.beta.dot(xty), 1e-14 * yty + 1e-300);
  const Eigen::MatrixXd& l = st.llt.matrixLLT();
  double log_det_a = 0.0, log_det_s = 0.0;
  for (Eigen::Index i = 0; i < p; ++i) {
    log_det_a += 2.0 * std::log(l(i, i));
    if (i >= unpenalised_) log_det_s += std::log(st.sigma[i]);
  }
  st.criterion = residual_df * std::log(st.deviance / residual_df) + log_det_a - log_det_s;
  st.ok = std::isfinite(st.criterion);
  return st;
}

double PenalisedRegression::reml_criterion(const Eigen::VectorXd& response,
                                           const Eigen::VectorXd& log_lambda) const {
  const State st = evaluate(design_.transpose() * response, response.squaredNorm(), log_lambda);
  return st.ok ? st.criterion : std::numeric_limits<double>::infinity();
}

PenalisedRegression::Fit PenalisedRegression::fit(const Eigen::VectorXd& response,
                                                  const RemlOptions& options) const {
  if (response.size() != design_.rows()) throw Error("penalised regression: response length");
  const Eigen::Index p = design_.cols();
  const auto m = static_cast<Eigen::Index>(penalties_.size());
  const Eigen::VectorXd xty = design_.transpose() * response;
  const double yty = response.squaredNorm();
  const auto n = static_cast<double>(design_.rows());
  const double bound = options.log_lambda_bound;
  // Largest change of one log lambda in one Fellner-Schall step (before the line search).
  constexpr double kMaxStep = 5.0;

  Fit out;
  Eigen::VectorXd rho = Eigen::VectorXd::Zero(m);
  State st = evaluate(xty, yty, rho);
  if (!st.ok) throw NumericError("penalised regression: X'X + S is not positive definite");
  for (out.iterations = 0; out.iterations < options.max_iterations; ++out.iterations) {
    // diag((X'X + S)^-1) from the columns of L^-1.
    const Eigen::MatrixXd l_inverse = st.llt.matrixL().solve(Eigen::MatrixXd::Identity(p, p));
    const Eigen::VectorXd a_inverse_diagonal = l_inverse.colwise().squaredNorm().transpose();
    const double phi = st.deviance / (n - static_cast<double>(unpenalised_));
    // Fellner-Schall update (Wood & Fasiolo 2017, eq. 6 for a Gaussian response):
    //   lambda_j <- phi [tr(S^- S_j) - tr((X'X + S)^-1 S_j)] / (b' S_j b) * lambda_j,
    // at whose fixed point the REML derivative in log lambda_j is zero.
    Eigen::VectorXd step = Eigen::VectorXd::Zero(m);
    for (Eigen::Index j = 0; j < m; ++j) {
      const Eigen::VectorXd& s = penalties_[static_cast<std::size_t>(j)];
      double trace_s = 0.0, trace_a = 0.0, quadratic = 0.0;
      for (Eigen::Index i = unpenalised_; i < p; ++i) {
        if (s[i] == 0.0) continue;
        trace_s += s[i] / st.sigma[i];
        trace_a += s[i] * a_inverse_diagonal[i];
        quadratic += s[i] * st.beta[i] * st.beta[i];
      }
      const double numerator = phi * (trace_s - trace_a);
      double delta = 0.0;
      if (numerator > 0.0 && quadratic > 0.0) {
        delta = std::log(numerator / quadratic);
      } else if (numerator > 0.0) {
        delta = kMaxStep;  // the term is already zero: smooth it away
      }
      delta = std::clamp(delta, -kMaxStep, kMaxStep);
      // A step that only pushes against a bound is no step.
      step[j] = std::clamp(rho[j] + delta, -bound, bound) - rho[j];
    }
    if (step.cwiseAbs().maxCoeff() < 1e-3) {
      out.converged = true;
      break;
    }
    // Line search: the full step, then doubled while it keeps improving, else halved.
    double t = 1.0;
    State best = evaluate(xty, yty, (rho + step).cwiseMax(-bound).cwiseMin(bound));
    if (best.ok && best.criterion < st.criterion) {
      for (double longer = 2.0; longer <= 8.0; longer *= 2.0) {
        State trial = evaluate(xty, yty, (rho + longer * step).cwiseMax(-bound).cwiseMin(bound));
        if (!trial.ok || trial.criterion >= best.criterion) break;
        best = std::move(trial);
        t = longer;
      }
    } else {
      bool improved = false;
      for (t = 0.5; t >= 1.0 / 64.0; t *= 0.5) {
        best = evaluate(xty, yty, (rho + t * step).cwiseMax(-bound).cwiseMin(bound));
        if (best.ok && best.criterion < st.criterion) {
          improved = true;
          break;
        }
      }
      if (!improved) {
        out.converged = true;  // no ascent left at this resolution
        break;
      }
    }
    const double change = st.criterion - best.criterion;
    rho = (rho + t * step).cwiseMax(-bound).cwiseMin(bound);
    st = std::move(best);
    if (change < 1e-9 * (1.0 + std::abs(st.criterion))) {
      out.converged = true;
      break;
    }
  }
  out.coefficients = st.beta;
  out.fitted = design_ * st.beta;
  out.log_lambda = rho;
  out.factor = st.llt.matrixL();
  out.reml = st.criterion;
  const Eigen::MatrixXd l_inverse = st.llt.matrixL().solve(Eigen::MatrixXd::Identity(p, p));
  const Eigen::VectorXd a_inverse_diagonal = l_inverse.colwise().squaredNorm().transpose();
  out.edf = static_cast<double>(p) - st.sigma.dot(a_inverse_diagonal);
  const double rss = (response - out.fitted).squaredNorm();
  out.scale = rss / std::max(n - out.edf, 1.0);
  return out;
}

}  // namespace fundsim::decision
