#pragma once
// 256-bit integers (Boost.Multiprecision) for exact combinations of 128-bit sums, such as
// n sum x^2 - (sum x)^2, before the one rounding to floating point.
#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>

#include "analysis/moments.hpp"

namespace fundsim::sensitivity {

using int256 = boost::multiprecision::int256_t;

inline int256 widen(int128 v) {
  const auto u = static_cast<uint128>(v);
  const auto high = static_cast<std::int64_t>(static_cast<std::uint64_t>(u >> 64));
  const auto low = static_cast<std::uint64_t>(u);
  return int256(high) * (int256(1) << 64) + int256(low);
}

inline long double to_long_double(const int256& v) {
  return v.convert_to<long double>();
}

}  // namespace fundsim::sensitivity
