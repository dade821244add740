#pragma once
// The samplers before fast_math (see legacy_samplers.cpp): tests and benchmarks only.
#include <cstdint>

#include "random/stream.hpp"

namespace fundsim::test::legacy {

std::int64_t sample_poisson(double mean, Stream& stream);
std::int64_t sample_binomial(std::int64_t n, double p, Stream& stream);

}  // namespace fundsim::test::legacy
