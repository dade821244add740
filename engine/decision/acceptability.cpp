#include "decision/acceptability.hpp"

#include "decision/decision_summary.hpp"
#include "errors.hpp"

namespace fundsim::decision {

std::vector<AcceptabilityPoint> acceptability_curve(const Eigen::MatrixXd& metric1,
                                                    Direction direction1,
                                                    const Eigen::MatrixXd& metric2,
                                                    Direction direction2,
                                                    std::span<const double> weights) {
  if (metric1.rows() != metric2.rows() || metric1.cols() != metric2.cols()) {
    throw InputError("acceptability curve: the two metrics differ in replicates or options");
  }
  std::vector<AcceptabilityPoint> curve;
  curve.reserve(weights.size());
  for (const double w : weights) {
    if (!(w >= 0.0 && w <= 1.0)) throw InputError("acceptability curve: weights must be in [0, 1]");
    const Eigen::MatrixXd combined =
        (w * value_sign(direction1)) * metric1 + ((1.0 - w) * value_sign(direction2)) * metric2;
    DecisionSummary summary = summarise_decision(combined, Direction::maximise);
    curve.push_back({w, std::move(summary.prob_best), std::move(summary.mean), summary.best});
  }
  return curve;
}

}  // namespace fundsim::decision
