#pragma once
// Gaussian penalised regression y = b0 + sum of smooth terms + noise, with one smoothing
// parameter per penalty chosen by REML (restricted maximum likelihood, Wood 2011, JRSS B 73).
// REML rather than GCV because it is less prone to undersmoothing and has a single clear
// optimum (Wood 2011, §1; Reiss & Ogden 2009), and because with many penalties (two per
// parameter, P ~ 40) it has a simple, provably ascending update: the generalised Fellner-Schall
// iteration of Wood & Fasiolo (2017, Biometrics 73), here with a step-doubling/halving line
// search on the REML criterion. All penalties are diagonal (smooth_terms.hpp), so the traces
// the update needs are sums over diagonals.
#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <vector>

#include "decision/smooth_terms.hpp"

namespace fundsim::decision {

struct RemlOptions {
  int max_iterations = 100;
  double log_lambda_bound = 15.0;  // |log lambda| <= bound, penalties normalised to X'X scale
};

class PenalisedRegression {
 public:
  // Builds the design [1, term columns...] and its cross-product once; every term's columns
  // must have the same number of rows (>= 2).
  explicit PenalisedRegression(const std::vector<SmoothTerm>& terms);

  struct Fit {
    Eigen::VectorXd coefficients;  // intercept first, then the terms' in order
    Eigen::VectorXd fitted;        // design * coefficients
    Eigen::VectorXd log_lambda;    // per penalty, in term order
    // Lower Cholesky factor of X'X + S_lambda: the Bayesian posterior of the coefficients is
    // N(coefficients, scale (X'X + S_lambda)^-1) (Wood 2017, §6.10), used for standard errors.
    Eigen::MatrixXd factor;
    double scale = 0.0;  // residual variance: rss / (N - edf)
    double edf = 0.0;    // effective degrees of freedom, tr((X'X + S)^-1 X'X)
    double reml = 0.0;   // the criterion at the optimum (lower is better)
    int iterations = 0;
    bool converged = false;
  };
  Fit fit(const Eigen::VectorXd& response, const RemlOptions& options = {}) const;

  // REML criterion (minus twice the restricted log likelihood with the scale profiled out, up
  // to a constant): (N - Mp) log(D / (N - Mp)) + log|X'X + S| - log|S|+, D = rss + b'Sb.
  double reml_criterion(const Eigen::VectorXd& response, const Eigen::VectorXd& log_lambda) const;

  const Eigen::MatrixXd& design() const { return design_; }
  Eigen::Index coefficients() const { return design_.cols(); }
  Eigen::Index penalty_count() const { return static_cast<Eigen::Index>(penalties_.size()); }
  // Which term each penalty belongs to, and each term's first coefficient and size.
  Eigen::Index penalty_term(Eigen::Index j) const {
    return penalty_term_[static_cast<std::size_t>(j)];
  }
  Eigen::Index term_offset(Eigen::Index t) const { return offsets_[static_cast<std::size_t>(t)]; }
  Eigen::Index term_size(Eigen::Index t) const { return sizes_[static_cast<std::size_t>(t)]; }

 private:
  struct State;
  State evaluate(const Eigen::VectorXd& xty, double yty, const Eigen::VectorXd& log_lambda) const;

  Eigen::MatrixXd design_;
  Eigen::MatrixXd gram_;                    // X'X
  std::vector<Eigen::VectorXd> penalties_;  // full-length diagonals (zeros outside the term)
  std::vector<Eigen::Index> penalty_term_, offsets_, sizes_;
  Eigen::Index unpenalised_ = 1;  // Mp: the intercept
};

}  // namespace fundsim::decision
