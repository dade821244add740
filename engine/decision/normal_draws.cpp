#include "decision/normal_draws.hpp"

#include <boost/math/distributions/normal.hpp>

#include "random/stream.hpp"

namespace fundsim::decision {

void standard_normals(std::uint64_t seed, std::uint64_t index, std::uint64_t purpose,
                      Eigen::Ref<Eigen::VectorXd> out) {
  Stream stream(StreamKey{seed, index}, Domain::model, kDecisionSiteBase + purpose);
  const boost::math::normal_distribution<double> normal;
  for (Eigen::Index i = 0; i < out.size(); ++i) {
    // uniform() is in (0, 1) and symmetric, so the quantile is finite.
    out[i] = boost::math::quantile(normal, stream.uniform());
  }
}

}  // namespace fundsim::decision
