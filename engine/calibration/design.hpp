#pragma once
// Space-filling design for the first wave: a Latin hypercube in the unit cube (McKay, Beckman &
// Conover 1979). Each coordinate's n values fall one in each of the n equal strata of (0,1).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace fundsim::calibration {

// n points in (0,1)^d, row-major (n x d). The permutation of dimension j and the positions in
// the strata come from algorithm_stream(seed, Purpose::design, 0, j); the result depends only
// on (seed, n, d).
std::vector<double> latin_hypercube(std::uint64_t seed, std::size_t n, std::size_t d);

}  // namespace fundsim::calibration
