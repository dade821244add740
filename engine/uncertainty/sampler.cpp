#include "uncertainty/sampler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "errors.hpp"

namespace fundsim {

ParameterSampler::ParameterSampler(std::span<const ParameterDecl> params, std::uint64_t seed,
                                   std::uint64_t replicates, Design design, bool central)
    : ParameterSampler(params, std::make_shared<DesignUniforms>(seed, replicates, design),
                       central) {}

ParameterSampler::ParameterSampler(std::span<const ParameterDecl> params,
                                   std::shared_ptr<const UniformSource> source, bool central)
    : params_(params.begin(), params.end()), source_(std::move(source)), central_(central) {}

double ParameterSampler::uniform(std::uint64_t replicate, std::size_t parameter) const {
  if (parameter >= params_.size()) {
    throw std::out_of_range("ParameterSampler::uniform: parameter index " +
                            std::to_string(parameter) + " >= " + std::to_string(params_.size()));
  }
  return source_->uniform(replicate, parameter);
}

double ParameterSampler::value(const Distribution& dist, const ValidRange& range, double u) {
  if (dist.is_fixed()) return dist.a;
  double x = dist.quantile(u);
  if (dist.clamp) x = range.clamp(x);
  if (range.integer) {
    x = std::round(x);
    // Rounding may step out of a clamped range whose bound is open or not an integer.
    if (dist.clamp && !range.contains(x)) {
      const double up = x + 1.0, down = x - 1.0;
      if (range.contains(up)) {
        x = up;
      } else if (range.contains(down)) {
        x = down;
      }
    }
  }
  return x;
}

void ParameterSampler::sample(std::uint64_t replicate, std::span<double> out) const {
  if (out.size() != params_.size()) {
    throw std::invalid_argument("ParameterSampler::sample: output has " +
                                std::to_string(out.size()) + " slots for " +
                                std::to_string(params_.size()) + " parameters");
  }
  for (std::size_t p = 0; p < params_.size(); ++p) {
    const ParameterDecl& decl = params_[p];
    if (decl.dist.is_fixed()) {
      out[p] = decl.dist.a;
      continue;
    }
    try {
      const double u = central_ ? 0.5 : uniform(replicate, p);
      out[p] = value(decl.dist, decl.range, u);
    } catch (const NumericError& e) {
      throw NumericError("parameter " + decl.name + " (replicate " + std::to_string(replicate) +
                         "): " + e.what());
    }
  }
}

}  // namespace fundsim
