#pragma once
// Where the uniforms that drive each replicate's uncertain parameters come from (docs/model.md
// §8): the study's Monte Carlo or Latin hypercube design, or explicit points (a sensitivity
// design, a calibration wave, a posterior sample). Parameter p of replicate r is always
// uniform(r, p), computed on its own, so any thread, shard or rank gets the same number.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace fundsim {

// Sampling design over replicates (mirrors the study's `sampling = "mc" | "lhs"`).
enum class Design { monte_carlo, latin_hypercube };

class UniformSource {
 public:
  virtual ~UniformSource() = default;
  // The uniform in (0,1) that drives parameter `parameter` in replicate `replicate`.
  virtual double uniform(std::uint64_t replicate, std::size_t parameter) const = 0;
};

// The study's design:
//   monte_carlo:     Stream(StreamKey{seed, replicate}, Domain::parameters, parameter).uniform()
//   latin_hypercube: (lhs_stratum(seed, parameter, replicate, replicates) + that uniform)
//                    / replicates, kept inside its stratum and inside (0,1).
// LHS requires 1 <= replicates and replicate < replicates (std::invalid_argument otherwise).
class DesignUniforms final : public UniformSource {
 public:
  DesignUniforms(std::uint64_t seed, std::uint64_t replicates, Design design);
  double uniform(std::uint64_t replicate, std::size_t parameter) const override;

 private:
  std::uint64_t seed_;
  std::uint64_t replicates_;
  Design design_;
};

// Explicit points: row r holds the uniforms of every parameter (entries of fixed parameters are
// not used). Rows beyond the matrix throw std::out_of_range.
class ExplicitUniforms final : public UniformSource {
 public:
  ExplicitUniforms(std::vector<double> rows, std::size_t parameters);
  double uniform(std::uint64_t replicate, std::size_t parameter) const override;
  std::size_t rows() const { return parameters_ ? values_.size() / parameters_ : 0; }

 private:
  std::vector<double> values_;  // [row][parameter]
  std::size_t parameters_;
};

}  // namespace fundsim
