#pragma once
// Partial rank correlation coefficients (PRCC; Marino, Hogue, Ray & Kirschner 2008, J Theor
// Biol 254): the correlation between the ranks of parameter j and the ranks of the output after
// removing, by linear regression, the part of each explained by the other parameters' ranks.
// A measure of monotone association for a monotone (not necessarily linear) model.
#include <Eigen/Dense>
#include <vector>

#include "sensitivity/percentile_interval.hpp"

namespace fundsim::sensitivity {

struct PrccResult {
  double prcc;        // in [-1, 1]; NaN for a constant parameter (or a constant output)
  double p_value;     // two-sided, H0: prcc = 0
  Interval interval;  // Fisher-z confidence interval
  double degrees_of_freedom;
};

// Ranks 1..n, ties given the average of the ranks they span.
Eigen::VectorXd average_ranks(const Eigen::Ref<const Eigen::VectorXd>& values);

// PRCC of each column of `parameters` (N x D) with `output` (N). Constant columns (fixed
// parameters) get NaN and are left out of the other columns' regressions; with D' varying
// columns, each regression has an intercept and D' - 1 covariates, and
//   t = prcc sqrt(df / (1 - prcc^2)),  df = N - 2 - (D' - 1)       (Student's t, two-sided p)
//   interval = tanh(atanh(prcc) -/+ z_{(1+confidence)/2} / sqrt(N - 3 - (D' - 1)))  (Fisher 1924)
// Deterministic (no randomness, fixed operation order). Throws InputError if the sizes differ,
// if N - 3 - (D' - 1) < 1, or for a confidence outside (0,1).
std::vector<PrccResult> prcc(const Eigen::Ref<const Eigen::MatrixXd>& parameters,
                             const Eigen::Ref<const Eigen::VectorXd>& output,
                             double confidence = 0.95);

}  // namespace fundsim::sensitivity
