#pragma once
// Penalised regression spline terms for the conditional-expectation regressions of EVPPI
// (Strong, Oakley & Brennan 2014). Each parameter enters through its uniform scores (ranks):
// conditioning on a strictly increasing transform of theta gives the same E[Y | theta], so EVPPI
// is unchanged, and the scores spread the replicates evenly over (0, 1), which suits equally
// spaced knots whatever the parameter's distribution.
//
// A term is a cubic P-spline (Eilers & Marx 1996: B-splines on equally spaced knots, second-
// order difference penalty) with a sum-to-zero constraint (Wood 2017, Generalized Additive
// Models, §5.4.1), rotated into the eigenbasis of its penalty so that every penalty is
// diagonal, plus a shrinkage penalty on the penalty's null space (the linear part) so that a
// parameter without effect can be smoothed away entirely (Marra & Wood 2011). Interactions are
// tensor products of constrained margins without their main effects (mgcv's ti(); Wood 2006,
// Biometrics 62), with one penalty per margin and a shrinkage penalty on the joint null space.
#include <Eigen/Core>
#include <vector>

namespace fundsim::decision {

// (rank - 1/2) / N with ranks from 1; tied values share their mean rank.
Eigen::VectorXd uniform_scores(const Eigen::Ref<const Eigen::VectorXd>& values);

struct SmoothTerm {
  Eigen::MatrixXd columns;                 // N x k
  std::vector<Eigen::VectorXd> penalties;  // each the diagonal (length k) of one penalty
};

// Main effect of one parameter, from its scores in (0, 1); basis_size >= 4 B-splines (the
// term has basis_size - 1 coefficients).
SmoothTerm main_effect_term(const Eigen::VectorXd& scores, int basis_size);

// Pure interaction of two parameters; (basis_size - 1)^2 coefficients.
SmoothTerm interaction_term(const Eigen::VectorXd& scores_a, const Eigen::VectorXd& scores_b,
                            int basis_size);

}  // namespace fundsim::decision
