#pragma once
// Exact Poisson and binomial samplers that do not depend on the standard library's
// distributions (their output differs between libstdc++ and libc++). Small means use
// inversion; large means use transformed rejection with squeeze (Hörmann 1993: PTRS
// for Poisson, BTRS for binomial). Both are exact (no normal approximation). They use
// fundsim's own log/exp (fast_math.hpp), not libm's, so a draw is the same bits on every
// machine and build; lane_samplers.hpp draws for four scenarios at once, with equal results.
#include <cstdint>

#include "random/stream.hpp"

namespace fundsim {

// Poisson(mean), mean >= 0 and finite. Throws NumericError if mean > kMaxPoissonMean.
std::int64_t sample_poisson(double mean, Stream& stream);
// Binomial(n, p), n >= 0, p in [0,1]. n = 0 or p = 0 use no random numbers.
std::int64_t sample_binomial(std::int64_t n, double p, Stream& stream);

inline constexpr double kMaxPoissonMean = 1e15;

// log(k!) exactly tabulated for small k, Stirling series beyond.
double log_factorial(std::int64_t k);

}  // namespace fundsim
