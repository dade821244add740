#pragma once
// Penalised regression spline terms for the conditional-expectation regressions of EVPPI
// (Strong, Oakley & Brennan 2014).
//
// A main effect is an O'Sullivan penalised spline (O'Sullivan 1986; Wand & Ormerod 2008, ANZJS
// 50): cubic B-splines on the parameter's own scale with interior knots at equally spaced
// quantiles of its draws, and the penalty integral f''(x)^2 dx. On the parameter's own scale an
// effect linear in the parameter (outcomes linear in a rate or an effect size: the common case)
// is in the penalty's null space and so is fitted without bias; quantile knots resolve skewed
// parameters where their draws are dense. The term carries a sum-to-zero constraint (Wood 2017,
// Generalized Additive Models, §5.4.1) and is rotated into the eigenbasis of its penalty, so
// that every penalty is diagonal; a second, shrinkage penalty on the null space (the linear
// part) lets a parameter without effect be smoothed away entirely (Marra & Wood 2011, CSDA 55).
// Interactions are tensor products of two constrained margins without their main effects
// (mgcv's ti(); Wood 2006, Biometrics 62), with one penalty per margin and a shrinkage penalty
// on the joint null space (linear x linear).
#include <Eigen/Core>
#include <vector>

namespace fundsim::decision {

struct SmoothTerm {
  Eigen::MatrixXd columns;                 // N x k
  std::vector<Eigen::VectorXd> penalties;  // each the diagonal (length k) of one penalty
};

// Main effect of one parameter from its drawn values (not all equal); basis_size >= 4 cubic
// B-splines, fewer when the draws have too few distinct values for that many knots. The term
// has (basis functions - 1) coefficients.
SmoothTerm main_effect_term(const Eigen::VectorXd& values, int basis_size);

// Pure interaction of two parameters.
SmoothTerm interaction_term(const Eigen::VectorXd& values_a, const Eigen::VectorXd& values_b,
                            int basis_size);

}  // namespace fundsim::decision
