#include "sensitivity/sobol_indices.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "errors.hpp"
#include "sensitivity/wide_integer.hpp"

namespace fundsim::sensitivity {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Block layout: n, T = sum (f_A + f_B), Q = sum (f_A^2 + f_B^2), then per factor k:
// P_k = sum f_B (f_k - f_A), D_k = sum (f_k - f_A), S_k = sum (f_k - f_A)^2.
constexpr std::size_t kCount = 0, kSum = 1, kSumSquares = 2, kFactors = 3;

NumericError overflow() {
  return NumericError(
      "Sobol' indices: a 128-bit sum overflowed; quantise the output to a smaller scale");
}

uint128 magnitude(int128 v) {
  return v < 0 ? uint128{0} - static_cast<uint128>(v) : static_cast<uint128>(v);
}

int128 checked_add(int128 a, int128 b) {
  int128 r;
  if (__builtin_add_overflow(a, b, &r)) throw overflow();
  return r;
}

int128 checked_multiply(int128 a, int128 b) {
  int128 r;
  if (__builtin_mul_overflow(a, b, &r)) throw overflow();
  return r;
}

// Indices of one block, from exact integer numerators and denominator (one rounding each):
// with den = 2n Q - T^2 = (2n)^2 V,
//   S1_k = 2 (2n P_k - T D_k) / den,   ST_k = 2n S_k / den.
struct BlockEstimate {
  double mean = kNaN;
  double variance = kNaN;
  std::vector<double> first_order;
  std::vector<double> total;
};

BlockEstimate estimate(std::span<const int128> block, std::size_t factors) {
  BlockEstimate e;
  e.first_order.assign(factors, kNaN);
  e.total.assign(factors, kNaN);
  const int256 n = widen(block[kCount]);
  if (n == 0) return e;
  const int256 two_n = 2 * n;
  const int256 t = widen(block[kSum]);
  const int256 den = two_n * widen(block[kSumSquares]) - t * t;
  const long double two_n_ld = to_long_double(two_n);
  e.mean = static_cast<double>(to_long_double(t) / two_n_ld);
  e.variance = static_cast<double>(to_long_double(den) / (two_n_ld * two_n_ld));
  if (den <= 0) return e;
  const long double den_ld = to_long_double(den);
  for (std::size_t k = 0; k < factors; ++k) {
    const std::span<const int128> f = block.subspan(kFactors + 3 * k, 3);
    const int256 first = 2 * (two_n * widen(f[0]) - t * widen(f[1]));
    const int256 total = two_n * widen(f[2]);
    e.first_order[k] = static_cast<double>(to_long_double(first) / den_ld);
    e.total[k] = static_cast<double>(to_long_double(total) / den_ld);
  }
  return e;
}

}  // namespace

SobolAccumulator::SobolAccumulator(std::size_t parameters, std::uint64_t bootstrap_seed,
                                   std::size_t bootstrap_replicates)
    : parameters_(parameters), seed_(bootstrap_seed), replicates_(bootstrap_replicates) {
  if (parameters == 0) throw InputError("Sobol' indices need at least one parameter");
  sums_.assign((replicates_ + 1) * block_size(), 0);
}

std::uint64_t SobolAccumulator::base_rows() const {
  return static_cast<std::uint64_t>(sums_[kCount]);
}

void SobolAccumulator::add(std::uint64_t base_row, std::span<const std::int64_t> outputs) {
  add(BootstrapWeights::poisson(seed_, base_row, replicates_), outputs);
}

void SobolAccumulator::add(const BootstrapWeights& weights, std::span<const std::int64_t> outputs) {
  if (outputs.size() != parameters_ + 3) {
    throw Error("Sobol' indices: " + std::to_string(outputs.size()) +
                " outputs for a base row; expected " + std::to_string(parameters_ + 3));
  }
  if (weights.seed != seed_ || weights.weights.size() != replicates_) {
    throw Error("Sobol' indices: bootstrap weights of another seed or replicate count");
  }
  const std::size_t m = block_size();
  // This row's terms, exact.
  std::vector<int128> terms(m);
  const int128 f_a = outputs[0];
  const int128 f_b = outputs[1];
  terms[kCount] = 1;
  terms[kSum] = f_a + f_b;
  terms[kSumSquares] = checked_add(checked_multiply(f_a, f_a), checked_multiply(f_b, f_b));
  for (std::size_t k = 0; k <= parameters_; ++k) {
    const int128 change = static_cast<int128>(outputs[2 + k]) - f_a;
    terms[kFactors + 3 * k] = checked_multiply(f_b, change);
    terms[kFactors + 3 * k + 1] = change;
    terms[kFactors + 3 * k + 2] = checked_multiply(change, change);
  }
  // Every sum stays within magnitude_bound_ (the sum over rows of max weight x max |term|);
  // growing it first, and refusing the row if it would pass 2^127 - 1, lets the loops below
  // run without overflow checks and leaves the accumulator untouched when it throws.
  uint128 largest_term = 0;
  for (const int128 t : terms) largest_term = std::max(largest_term, magnitude(t));
  std::uint32_t largest_weight = 1;
  for (const std::uint32_t w : weights.weights) largest_weight = std::max(largest_weight, w);
  constexpr uint128 kLimit = ~uint128{0} >> 1;  // 2^127 - 1
  if (largest_term > kLimit / largest_weight ||
      largest_term * largest_weight > kLimit - magnitude_bound_) {
    throw overflow();
  }
  magnitude_bound_ += largest_term * largest_weight;

  for (std::size_t r = 0; r <= replicates_; ++r) {
    const std::uint32_t w = r == 0 ? 1 : weights.weights[r - 1];
    if (w == 0) continue;
    int128* block = &sums_[r * m];
    if (w == 1) {
      for (std::size_t i = 0; i < m; ++i) block[i] += terms[i];
    } else {
      for (std::size_t i = 0; i < m; ++i) block[i] += static_cast<int128>(w) * terms[i];
    }
  }
}

void SobolAccumulator::merge(const SobolAccumulator& other) {
  if (other.parameters_ != parameters_ || other.seed_ != seed_ ||
      other.replicates_ != replicates_) {
    throw Error("Sobol' indices: merging accumulators of different designs or bootstraps");
  }
  constexpr uint128 kLimit = ~uint128{0} >> 1;
  if (other.magnitude_bound_ > kLimit - magnitude_bound_) throw overflow();
  magnitude_bound_ += other.magnitude_bound_;
  for (std::size_t i = 0; i < sums_.size(); ++i) sums_[i] += other.sums_[i];
}

SobolAccumulator SobolAccumulator::from_sums(std::size_t parameters, std::uint64_t bootstrap_seed,
                                             std::size_t bootstrap_replicates,
                                             std::span<const int128> sums) {
  SobolAccumulator acc(parameters, bootstrap_seed, bootstrap_replicates);
  if (sums.size() != acc.sums_.size()) {
    throw Error("Sobol' indices: state has " + std::to_string(sums.size()) + " sums, expected " +
                std::to_string(acc.sums_.size()));
  }
  acc.sums_.assign(sums.begin(), sums.end());
  for (const int128 v : acc.sums_)
    acc.magnitude_bound_ = std::max(acc.magnitude_bound_, magnitude(v));
  return acc;
}

SobolIndices SobolAccumulator::indices(double confidence) const {
  check_confidence(confidence);
  const std::size_t m = block_size();
  const std::size_t factors = parameters_ + 1;
  const std::size_t noise = parameters_;
  const auto block = [&](std::size_t r) { return std::span<const int128>(&sums_[r * m], m); };
  const auto noise_free = [](double index, double noise_share) {
    return noise_share < 1.0 ? index / (1.0 - noise_share) : kNaN;
  };

  const BlockEstimate point = estimate(block(0), factors);
  SobolIndices out;
  out.base_rows = base_rows();
  out.confidence = confidence;
  out.mean = point.mean;
  out.variance = point.variance;
  out.noise_free_variance = point.variance * (1.0 - point.total[noise]);

  // Bootstrap estimates: [factor][replicate] for S1, ST and their noise-free versions.
  using Table = std::vector<std::vector<double>>;
  Table s1(factors), st(factors), s1_free(factors), st_free(factors);
  for (std::size_t r = 1; r <= replicates_; ++r) {
    const BlockEstimate e = estimate(block(r), factors);
    for (std::size_t k = 0; k < factors; ++k) {
      s1[k].push_back(e.first_order[k]);
      st[k].push_back(e.total[k]);
      s1_free[k].push_back(noise_free(e.first_order[k], e.total[noise]));
      st_free[k].push_back(noise_free(e.total[k], e.total[noise]));
    }
  }
  for (std::size_t k = 0; k < factors; ++k) {
    FactorIndices f;
    f.first_order = point.first_order[k];
    f.total = point.total[k];
    f.first_order_interval = percentile_interval(s1[k], confidence);
    f.total_interval = percentile_interval(st[k], confidence);
    if (k == noise) {
      f.first_order_noise_free = kNaN;
      f.total_noise_free = kNaN;
      out.noise = f;
    } else {
      f.first_order_noise_free = noise_free(f.first_order, point.total[noise]);
      f.total_noise_free = noise_free(f.total, point.total[noise]);
      f.first_order_noise_free_interval = percentile_interval(s1_free[k], confidence);
      f.total_noise_free_interval = percentile_interval(st_free[k], confidence);
      out.parameters.push_back(f);
    }
  }
  return out;
}

}  // namespace fundsim::sensitivity
