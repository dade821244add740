#pragma once
// Pieces shared by the one-lane samplers (samplers.cpp) and the lane samplers
// (lane_samplers.cpp); not part of the public interface.
#include <cstdint>

namespace fundsim::detail {

// Throw NumericError with the offending argument in the message.
[[noreturn, gnu::cold, gnu::noinline]] void throw_bad_mean(double mean);
[[noreturn, gnu::cold, gnu::noinline]] void throw_bad_p(std::int64_t n, double p);

// BTRS's final test for the rare candidates k = 0 and k = n (kd, as doubles; md the mode):
// log(ratio) <= log f(k) - log f(m), with the accurate log-pmf of log_pmf.hpp.
bool btrs_edge_accepts(std::int64_t n, double p, double kd, double md, double ratio);

}  // namespace fundsim::detail
