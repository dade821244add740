#pragma once
// Decision statistics over S options from an N x S matrix of per-replicate objective values
// (BCEA's "probability of being best", expected opportunity loss and EVPI; Baio 2012,
// Bayesian Methods in Health Economics, §4). Applied to the raw replicates they include the
// model's own randomness; applied to fitted conditional means E[Y_d | theta] (value_of_
// information.hpp) they describe what knowing the uncertain parameters would settle.
#include <Eigen/Core>

#include "decision/direction.hpp"

namespace fundsim::decision {

struct DecisionSummary {
  Eigen::VectorXd mean;  // per option, objective scale
  // Share of replicates in which the option is best; a replicate whose best value is shared
  // by k options gives each 1/k, so the shares sum to 1.
  Eigen::VectorXd prob_best;
  // Expected opportunity loss: mean over replicates of (best value in the replicate - the
  // option's value), oriented so that it is >= 0 whatever the direction, objective units.
  Eigen::VectorXd expected_loss;
  // The option with the best mean (= the lowest expected loss); ties go to the lower index.
  Eigen::Index best = 0;
  // Expected value of perfect information: the best option's expected loss, i.e.
  // mean_r max_d U_rd - max_d mean_r U_rd in value orientation (U = Y maximising, -Y
  // minimising). Standard error sd_r(loss of `best`) / sqrt(N), which ignores the (rare)
  // uncertainty in which option is best.
  Estimate evpi;
};

// Throws InputError for an empty matrix or non-finite values.
DecisionSummary summarise_decision(const Eigen::MatrixXd& values, Direction direction);

}  // namespace fundsim::decision
