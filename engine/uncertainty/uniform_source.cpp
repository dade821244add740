#include "uncertainty/uniform_source.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "random/stream.hpp"
#include "uncertainty/lhs.hpp"

namespace fundsim {

namespace {
// Stream::uniform() is in (0,1); this guard only matters if it ever returned 0 or 1 (a
// 53-bit version did: (2^53 - 0.5) * 2^-53 rounds to 1.0). The quantiles require (0,1).
constexpr double kMinU = 0x1.0p-54;
constexpr double kMaxU = 1.0 - 0x1.0p-53;
}  // namespace

DesignUniforms::DesignUniforms(std::uint64_t seed, std::uint64_t replicates, Design design)
    : seed_(seed), replicates_(replicates), design_(design) {
  if (design_ == Design::latin_hypercube && replicates_ == 0) {
    throw std::invalid_argument("ParameterSampler: a Latin hypercube needs replicates >= 1");
  }
}

double DesignUniforms::uniform(std::uint64_t replicate, std::size_t parameter) const {
  Stream stream(StreamKey{seed_, replicate}, Domain::parameters, parameter);
  const double u = std::clamp(stream.uniform(), kMinU, kMaxU);
  if (design_ == Design::monte_carlo) return u;
  const std::uint64_t stratum = lhs_stratum(seed_, parameter, replicate, replicates_);
  return lhs_point(stratum, u, replicates_);
}

ExplicitUniforms::ExplicitUniforms(std::vector<double> rows, std::size_t parameters)
    : values_(std::move(rows)), parameters_(parameters) {
  if (parameters_ == 0 ? !values_.empty() : values_.size() % parameters_ != 0)
    throw std::invalid_argument("ExplicitUniforms: rows of different lengths");
  for (const double u : values_)
    if (!(u > 0.0 && u < 1.0)) throw std::invalid_argument("ExplicitUniforms: u outside (0,1)");
}

double ExplicitUniforms::uniform(std::uint64_t replicate, std::size_t parameter) const {
  if (parameter >= parameters_ || replicate >= rows())
    throw std::out_of_range("ExplicitUniforms: row " + std::to_string(replicate) + ", parameter " +
                            std::to_string(parameter) + " is not in the design");
  return values_[replicate * parameters_ + parameter];
}

}  // namespace fundsim
