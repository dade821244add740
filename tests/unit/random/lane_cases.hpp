#pragma once
// Test helpers for the lane samplers: random parameter sets covering every regime and mixes of
// regimes across lanes, and streams whose first uniforms are chosen.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "random/lane_samplers.hpp"
#include "random/stream.hpp"

namespace fundsim::test {

inline std::vector<detail::LaneTarget> lane_targets_to_test() {
  std::vector<detail::LaneTarget> out;
  for (auto t : {detail::LaneTarget::baseline, detail::LaneTarget::avx2}) {
    if (detail::lane_target_supported(t)) out.push_back(t);
  }
  return out;
}

// Draws test parameters from a Philox stream of its own (Domain::lhs, high sites).
class CaseGenerator {
 public:
  explicit CaseGenerator(std::uint64_t seed) : stream_({seed, 0}, Domain::lhs, 1u << 30) {}
  double uniform() { return stream_.uniform(); }
  std::int64_t integer(std::int64_t lo, std::int64_t hi) {  // in [lo, hi]
    return lo + static_cast<std::int64_t>(uniform() * static_cast<double>(hi - lo + 1));
  }
  double log_uniform(double lo, double hi) {
    return std::exp(std::log(lo) + uniform() * (std::log(hi) - std::log(lo)));
  }

  // One binomial (n, p), the regime picked at random: trivial, inversion, BTRS at small to
  // huge n, p near 0, 1/2 and 1 (also exactly 1/2 and its neighbours).
  void binomial(std::int64_t& n, double& p) {
    switch (integer(0, 9)) {
      case 0: {  // trivial: n <= 0, p = 0 or 1
        const std::int64_t kind = integer(0, 3);
        n = kind == 0 ? -integer(0, 5) : integer(1, 1000000);
        p = kind == 1 ? 0.0 : kind == 2 ? 1.0 : uniform();
        return;
      }
      case 1:  // inversion, n p < 10
        n = integer(1, 1000);
        p = std::min(0.5, log_uniform(1e-4, 9.99) / static_cast<double>(n));
        break;
      case 2:  // across the inversion / BTRS switch
        n = integer(20, 100000);
        p = std::min(0.5, log_uniform(9.0, 11.0) / static_cast<double>(n));
        break;
      case 3:  // BTRS, moderate
        n = integer(20, 100000);
        p = uniform() * 0.5;
        break;
      case 4:  // huge n, p near 0: both regimes
        n = integer(1000000000, 1000000000000);
        p = log_uniform(1e-13, 1e-6);
        break;
      case 5:  // huge n, any p
        n = integer(1000000000, 1000000000000);
        p = uniform();
        break;
      case 6: {  // p at and next to 1/2
        n = integer(1, 100000);
        const double choices[] = {0.5, std::nextafter(0.5, 0.0), std::nextafter(0.5, 1.0),
                                  0.5 + 1e-9, 0.5 - 1e-9};
        p = choices[integer(0, 4)];
        break;
      }
      case 7:  // p near 1 (the symmetry), both regimes
        n = integer(1, 1000000);
        p = 1.0 - log_uniform(1e-12, 0.3);
        break;
      case 8:  // small n, BTRS near its lower limit (k = 0 and k = n candidates happen)
        n = integer(20, 60);
        p = 0.3 + 0.2 * uniform();
        break;
      default:  // fundsim-like
        n = integer(100, 100000);
        p = log_uniform(0.005, 0.2);
        break;
    }
    if (uniform() < 0.5 && p < 1.0) p = 1.0 - p;  // half of the time through the symmetry
  }

  double poisson_mean() {
    switch (integer(0, 6)) {
      case 0: {
        const double choices[] = {0.0, 1e-300, 1e-12, 9.999999999, 10.0, 1e15};
        return choices[integer(0, 5)];
      }
      case 1:
        return log_uniform(1e-6, 10.0);  // inversion
      case 2:
        return log_uniform(9.0, 11.0);  // the switch
      case 3:
        return log_uniform(10.0, 1000.0);
      case 4:
        return log_uniform(1000.0, 1e8);
      case 5:
        return log_uniform(1e8, 1e15);
      default:
        return uniform() * 5.0;
    }
  }

  // Scales a parameter by a factor within +-spread (similar scenarios).
  double jitter(double x, double spread) { return x * (1.0 + spread * (2.0 * uniform() - 1.0)); }

 private:
  Stream stream_;
};

// The 64-bit word whose uniform() is the grid value nearest to u in (0, 1).
inline std::uint64_t word_for_uniform(double u) {
  const double k = std::floor(u * 0x1p52);
  const double clamped = std::min(std::max(k, 0.0), 0x1p52 - 1.0);
  return static_cast<std::uint64_t>(clamped) << 12;
}

// A stream whose first four uniforms are the given ones (the rest: the stream's own).
inline Stream stream_starting_with(const std::array<double, 4>& uniforms, std::uint64_t seed = 1) {
  Stream::Block block{};
  for (int i = 0; i < 4; ++i) block.v[i] = word_for_uniform(uniforms[i]);
  return Stream({seed, 0}, Domain::model, 12345, block);
}

}  // namespace fundsim::test
