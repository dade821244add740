#pragma once
// Latin hypercube design over replicates (docs/model.md §8, docs/architecture.md §1).
//
// For each parameter, replicate r is assigned the stratum lhs_stratum(seed, parameter, r, n)
// of [0,1) split into n equal strata; over r = 0..n-1 every stratum is used exactly once.
// The permutation is computed per element in O(1) memory, so replicate r's stratum does not
// depend on which other replicates were sampled, nor in which order.
#include <cstdint>

namespace fundsim {

// A keyed pseudo-random permutation of {0, ..., n-1}: for fixed (seed, parameter, n) the map
// replicate -> stratum is a bijection on [0, n). Requires 1 <= n and replicate < n (else
// throws std::invalid_argument); any n up to 2^64-1 works.
//
// Construction: a balanced Feistel network (6 rounds) on the smallest even number of bits
// 2h with 2^(2h) >= n, made a permutation of [0, n) by cycle walking (re-encrypt until the
// value falls below n; expected < 4 passes). The round function is Philox4x64-10 keyed by
// (seed, parameter) with counter (half-block, round, Domain::lhs, n), so the LHS numbers
// never coincide with those of the model or parameter streams (different domain word).
std::uint64_t lhs_stratum(std::uint64_t seed, std::uint64_t parameter, std::uint64_t replicate,
                          std::uint64_t n);

// The point (stratum + u) / n, guaranteed to lie in the stratum [stratum/n, (stratum+1)/n)
// as computed in double and strictly inside (0,1), for u in (0,1) and stratum < n.
// (Without the guard, (n-1 + u)/n rounds to exactly 1 when u is within ~n*2^-53 of 1.)
double lhs_point(std::uint64_t stratum, double u, std::uint64_t n);

}  // namespace fundsim
