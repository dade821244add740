#pragma once
// Shared vocabulary of the decision module: which way an objective is better, and an estimate
// with its Monte Carlo standard error. Per-replicate objective matrices are N x S (replicates
// x options), column-major, so one option's replicates are contiguous.
#include <Eigen/Core>
#include <limits>

namespace fundsim::decision {

// Whether lower (contact abuse, offenders) or higher (arrests, safeguarded) values are better.
enum class Direction { minimise, maximise };

// +1 for maximise, -1 for minimise: multiplying by it turns an objective into a value to be
// maximised ("value orientation"), which every statistic uses internally.
inline double value_sign(Direction d) {
  return d == Direction::maximise ? 1.0 : -1.0;
}

// True when a is strictly better than b under direction d.
inline bool better(double a, double b, Direction d) {
  return d == Direction::maximise ? a > b : a < b;
}

// A statistic on the objective's own scale and its Monte Carlo standard error (NaN where none
// is defined).
struct Estimate {
  double value = std::numeric_limits<double>::quiet_NaN();
  double standard_error = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace fundsim::decision
