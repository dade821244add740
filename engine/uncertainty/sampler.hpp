#pragma once
// Per-replicate parameter values (docs/model.md §8): plain Monte Carlo or a Latin hypercube
// over replicates. The value of parameter p in replicate r depends only on (seed, r, the
// declarations, the replicate count) — never on the scenario, the call order or on which
// other replicates were sampled.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "uncertainty/distribution.hpp"
#include "uncertainty/parameter_decl.hpp"
#include "uncertainty/uniform_source.hpp"

namespace fundsim {

class ParameterSampler {
 public:
  // `params` are copied. replicates >= 1 is required for the Latin hypercube design
  // (throws std::invalid_argument otherwise). `central` replaces every distribution by
  // its median (the --central run).
  ParameterSampler(std::span<const ParameterDecl> params, std::uint64_t seed,
                   std::uint64_t replicates, Design design, bool central);
  // Any other source of uniforms (explicit points, a posterior sample, correlated inputs).
  ParameterSampler(std::span<const ParameterDecl> params,
                   std::shared_ptr<const UniformSource> source, bool central);

  // The uniform in (0,1) that drives parameter `parameter` in replicate `replicate`, from the
  // source (DesignUniforms for the study's design); parameter must be < size()
  // (std::out_of_range).
  double uniform(std::uint64_t replicate, std::size_t parameter) const;

  // quantile(u); then range.clamp if dist.clamp; then rounding to nearest (half away from
  // zero, std::round) if range.integer. A fixed distribution gives its value unchanged.
  static double value(const Distribution& dist, const ValidRange& range, double u);

  // Fills out[p] for every declared parameter p (out.size() must equal size(), else
  // std::invalid_argument): fixed -> its value; central -> value(dist, range, 0.5);
  // otherwise value(dist, range, uniform(replicate, p)). A NumericError names the parameter.
  void sample(std::uint64_t replicate, std::span<double> out) const;

  std::size_t size() const { return params_.size(); }
  const std::vector<ParameterDecl>& params() const { return params_; }
  bool central() const { return central_; }

 private:
  std::vector<ParameterDecl> params_;
  std::shared_ptr<const UniformSource> source_;
  bool central_;
};

}  // namespace fundsim
