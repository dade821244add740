#pragma once
// Acceptability curve for two metrics (the multi-criteria analogue of the cost-effectiveness
// acceptability curve, Van Hout et al. 1994; Fenwick et al. 2001): for each weight w, the
// probability that each option is best for the combined value
//   V = w U1 + (1 - w) U2,  U_k = metric k in value orientation (negated when minimised),
// and the option with the highest expected combined value (the "frontier" of Fenwick et al.).
//
// Weights are convex weights on the two metrics in their own units, so the caller chooses the
// units (e.g. divide each metric by a reference spread, or express both per unit of budget).
// Value-per-unit weights are the same family: maximising lambda U1 + U2 picks the same option
// as w = lambda / (1 + lambda), so a CEAC over willingness to pay lambda is this curve at those
// w (lambda = infinity is w = 1).
#include <Eigen/Core>
#include <span>
#include <vector>

#include "decision/direction.hpp"

namespace fundsim::decision {

struct AcceptabilityPoint {
  double weight = 0.0;
  Eigen::VectorXd prob_best;       // per option, sums to 1 (ties split equally)
  Eigen::VectorXd expected_value;  // per option, mean combined value V (higher is better)
  Eigen::Index best_expected = 0;  // argmax expected_value; ties go to the lower index
};

// metric1 and metric2 are N x S over the same replicates and options; weights in [0, 1].
// Throws InputError on mismatched shapes, weights outside [0, 1] or non-finite values.
std::vector<AcceptabilityPoint> acceptability_curve(const Eigen::MatrixXd& metric1,
                                                    Direction direction1,
                                                    const Eigen::MatrixXd& metric2,
                                                    Direction direction2,
                                                    std::span<const double> weights);

}  // namespace fundsim::decision
