#pragma once
// Proposal for the next wave and for the posterior's first particles: a kernel density estimate
// of a weighted sample of the current non-implausible region, i.e. a mixture of normals with
// equal covariance centred on the sample's points, truncated to the unit cube by rejection.
//
// Bandwidth: the sample's weighted covariance times h^2 with Scott's (1992) factor
// h = spread * n_eff^(-1/(d+4)) (n_eff: Kish's effective sample size of the weights).
// Truncation draws a new component and a new point whenever a draw leaves the cube, so the
// accepted points have density mixture(x) / Z on the cube, with one constant Z (the mixture's
// mass inside the cube) estimated by the fraction of draws accepted.
#include <Eigen/Dense>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "random/stream.hpp"

namespace fundsim::calibration {

class MixtureProposal {
 public:
  // `points` (n x d, row-major) with positive `weights` (any scale). More than max_centres points
  // are thinned to max_centres centres by systematic resampling with the uniform of
  // algorithm_stream(seed, Purpose::centre_thinning, step). With d or fewer distinct centres the
  // covariance is singular, and (0.05 * spread)^2 is added to its diagonal (a search at 5% of
  // the range around a handful of points); otherwise a 1e-9 diagonal jitter keeps it positive.
  MixtureProposal(std::span<const double> points, std::span<const double> weights,
                  std::size_t dimensions, double spread, std::size_t max_centres,
                  std::uint64_t seed, std::uint64_t step);

  std::size_t dimensions() const { return d_; }
  std::size_t centres() const { return log_weights_.size(); }

  // `count` points inside (0,1)^d (row-major), drawn in order from `stream`. Adds the number of
  // draws made, rejected ones included, to `draws`. Throws fundsim::Error if fewer than one
  // draw in 10^4 lands in the cube.
  std::vector<double> sample(std::size_t count, Stream& stream, std::uint64_t& draws) const;

  // log of the (untruncated) mixture density at x, normalised on R^d.
  double log_density(std::span<const double> x) const;

 private:
  std::size_t d_;
  std::vector<double> log_weights_;  // normalised
  std::vector<double> cumulative_;   // cumulative weights for picking a component
  Eigen::MatrixXd centres_;          // d x c
  Eigen::MatrixXd whitened_;         // L^-1 centres
  Eigen::MatrixXd cholesky_;         // lower L with L L^T = covariance
  double log_normaliser_ = 0;        // -d/2 log(2 pi) - log det L
};

}  // namespace fundsim::calibration
