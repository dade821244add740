#include "decision/decision_summary.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "errors.hpp"

namespace fundsim::decision {

DecisionSummary summarise_decision(const Eigen::MatrixXd& values, Direction direction) {
  const Eigen::Index n = values.rows(), s = values.cols();
  if (n == 0 || s == 0) throw InputError("decision summary: no replicates or no options");
  if (!values.allFinite()) throw InputError("decision summary: values must be finite numbers");
  const double sign = value_sign(direction);
  DecisionSummary out;
  out.mean = Eigen::VectorXd::Zero(s);
  out.expected_loss = Eigen::VectorXd::Zero(s);
  // Unique winners are counted in integers; shared wins add 1/k in replicate order.
  std::vector<std::int64_t> wins(static_cast<std::size_t>(s), 0);
  Eigen::VectorXd shared = Eigen::VectorXd::Zero(s);
  // One fixed-order pass over replicates (sums do not depend on vectorisation).
  for (Eigen::Index r = 0; r < n; ++r) {
    double best = -std::numeric_limits<double>::infinity();
    Eigen::Index winners = 0, winner = 0;
    for (Eigen::Index d = 0; d < s; ++d) {
      const double u = sign * values(r, d);
      if (u > best) {
        best = u;
        winners = 1;
        winner = d;
      } else if (u == best) {
        ++winners;
      }
    }
    if (winners == 1) {
      ++wins[static_cast<std::size_t>(winner)];
    } else {
      const double share = 1.0 / static_cast<double>(winners);
      for (Eigen::Index d = 0; d < s; ++d) {
        if (sign * values(r, d) == best) shared[d] += share;
      }
    }
    for (Eigen::Index d = 0; d < s; ++d) {
      out.mean[d] += values(r, d);
      out.expected_loss[d] += best - sign * values(r, d);
    }
  }
  const auto nd = static_cast<double>(n);
  out.prob_best.resize(s);
  for (Eigen::Index d = 0; d < s; ++d) {
    out.mean[d] /= nd;
    out.expected_loss[d] /= nd;
    out.prob_best[d] = (static_cast<double>(wins[static_cast<std::size_t>(d)]) + shared[d]) / nd;
  }
  out.best = 0;
  for (Eigen::Index d = 1; d < s; ++d) {
    if (sign * out.mean[d] > sign * out.mean[out.best]) out.best = d;
  }
  // EVPI and its standard error from the best option's per-replicate loss.
  double sum_squares = 0.0;
  const double evpi = out.expected_loss[out.best];
  for (Eigen::Index r = 0; r < n; ++r) {
    double best = -std::numeric_limits<double>::infinity();
    for (Eigen::Index d = 0; d < s; ++d) best = std::max(best, sign * values(r, d));
    const double deviation = best - sign * values(r, out.best) - evpi;
    sum_squares += deviation * deviation;
  }
  out.evpi.value = evpi;
  out.evpi.standard_error =
      n >= 2 ? std::sqrt(sum_squares / (nd - 1.0) / nd) : std::numeric_limits<double>::quiet_NaN();
  return out;
}

}  // namespace fundsim::decision
