#include "uncertainty/lhs.hpp"

#include <Random123/philox.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>

#include "random/stream.hpp"

namespace fundsim {
namespace {

constexpr int kFeistelRounds = 6;

// One pass of the Feistel network on a 2h-bit block (h in 1..32).
std::uint64_t feistel(const r123::Philox4x64& prf, const r123::Philox4x64::key_type& key,
                      std::uint64_t n, unsigned h, std::uint64_t x) {
  const std::uint64_t mask = h >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << h) - 1;
  std::uint64_t left = (x >> h) & mask;
  std::uint64_t right = x & mask;
  for (int round = 0; round < kFeistelRounds; ++round) {
    r123::Philox4x64::ctr_type ctr = {
        {right, static_cast<std::uint64_t>(round), static_cast<std::uint64_t>(Domain::lhs), n}};
    const std::uint64_t f = prf(ctr, key).v[0] & mask;
    const std::uint64_t next_right = left ^ f;
    left = right;
    right = next_right;
  }
  return (left << h) | right;
}

}  // namespace

std::uint64_t lhs_stratum(std::uint64_t seed, std::uint64_t parameter, std::uint64_t replicate,
                          std::uint64_t n) {
  if (n == 0 || replicate >= n) {
    throw std::invalid_argument("lhs_stratum: replicate " + std::to_string(replicate) +
                                " is not below the replicate count " + std::to_string(n));
  }
  if (n == 1) return 0;
  // Smallest even bit count 2h with 2^(2h) >= n (bit_width(n-1) bits hold 0..n-1).
  const unsigned bits = static_cast<unsigned>(std::bit_width(n - 1));
  const unsigned h = (bits + 1) / 2;
  const r123::Philox4x64 prf;
  const r123::Philox4x64::key_type key = {{seed, parameter}};
  std::uint64_t x = replicate;
  do {  // cycle walking: the cycle through replicate (< n) returns below n
    x = feistel(prf, key, n, h, x);
  } while (x >= n);
  return x;
}

double lhs_point(std::uint64_t stratum, double u, std::uint64_t n) {
  const double dn = static_cast<double>(n);
  const double lo = static_cast<double>(stratum) / dn;
  const double hi = static_cast<double>(stratum + 1) / dn;
  double x = (static_cast<double>(stratum) + u) / dn;
  if (!(x < hi)) x = std::nextafter(hi, 0.0);
  if (x < lo) x = lo;
  return std::clamp(x, 0x1.0p-1074, 1.0 - 0x1.0p-53);
}

}  // namespace fundsim
