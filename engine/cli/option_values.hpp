#pragma once
// Values of command-line options, checked with messages that name the command and the option.
// Parsed by hand: Boost's lexical_cast accepts "-1" for unsigned types and wraps it, which would
// turn a typo into a huge run.
#include <boost/program_options.hpp>
#include <cstdint>
#include <string>

namespace fundsim::cli {

// The unsigned decimal integer given to --`option`, in [lo, hi].
std::uint64_t parse_count(const boost::program_options::variables_map& vm,
                          const std::string& command, const char* option, std::uint64_t lo,
                          std::uint64_t hi);

// A number of seconds >= 0 given to --`option`.
double parse_seconds(const boost::program_options::variables_map& vm, const std::string& command,
                     const char* option);

}  // namespace fundsim::cli
