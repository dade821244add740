#pragma once
// Test data: normal and uniform deviates from the engine's Philox streams (seeded, the same on
// every platform), independent of the code under test.
#include <Eigen/Core>
#include <boost/math/distributions/normal.hpp>
#include <cstdint>

#include "random/stream.hpp"

namespace fundsim::decision::testing {

class TestRandom {
 public:
  explicit TestRandom(std::uint64_t seed, std::uint64_t stream = 0)
      : stream_(StreamKey{seed, stream}, Domain::lhs, 0x7E57'0000'0000'0000ULL) {}
  double uniform() { return stream_.uniform(); }
  double normal() {
    return boost::math::quantile(boost::math::normal_distribution<double>(), stream_.uniform());
  }
  Eigen::VectorXd normals(Eigen::Index n) {
    Eigen::VectorXd v(n);
    for (Eigen::Index i = 0; i < n; ++i) v[i] = normal();
    return v;
  }
  Eigen::VectorXd uniforms(Eigen::Index n) {
    Eigen::VectorXd v(n);
    for (Eigen::Index i = 0; i < n; ++i) v[i] = uniform();
    return v;
  }

 private:
  Stream stream_;
};

}  // namespace fundsim::decision::testing
