#pragma once
// Each calibrated parameter's posterior marginal as a map of a design's uniform u
// (docs/sensitivity.md §8): the sensitivity designs (Latin hypercube, Morris, Saltelli) need
// independent inputs given by one uniform each, so a calibrated parameter varies over its own
// posterior marginal, the others over their priors. Parameter p's u becomes the level-u quantile
// of its posterior draws' u (linear between order statistics at plotting positions (i + 0.5) / N,
// constant beyond the first and last), which the parameter's prior quantile function then turns
// into its value, as for every design. The map is non-decreasing, so ranks of u are ranks of the
// value. The posterior's dependence between parameters is not kept.
#include <cstddef>
#include <vector>

namespace fundsim {

class PosteriorMarginals {
 public:
  static constexpr std::size_t kFromPrior = static_cast<std::size_t>(-1);
  // `draws`: N rows of `columns` uniforms in (0,1), row-major; `column_of[p]`: the column of
  // study parameter p, or kFromPrior. Throws std::invalid_argument on empty or ragged draws, a
  // u outside (0,1) or a column out of range.
  PosteriorMarginals(const std::vector<double>& draws, std::size_t columns,
                     const std::vector<std::size_t>& column_of);
  // u in (0,1) through parameter p's posterior marginal; u itself for a parameter from its prior.
  double uniform(std::size_t parameter, double u) const;
  bool calibrated(std::size_t parameter) const {
    return parameter < sorted_.size() && !sorted_[parameter].empty();
  }

 private:
  std::vector<std::vector<double>> sorted_;  // per study parameter; empty: from its prior
};

}  // namespace fundsim
