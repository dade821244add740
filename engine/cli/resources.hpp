#pragma once
// The resource guard of `fundsim run`: the estimated output size checked against
// --max-output-size and the free space of the target file system before any work, and the
// plan printed by --dry-run (estimated size, memory and time from a short timed pilot run).
#include <atomic>
#include <cstdint>
#include <ostream>
#include <string>

#include "output/size_estimate.hpp"
#include "run/plan.hpp"
#include "study/study.hpp"

namespace fundsim::cli {

inline constexpr const char* kDefaultMaxOutputSize = "20G";

// "20G", "512M", "1k", "12345": bytes (K, M, G, T are powers of 1024; a trailing "B" or
// "iB" is accepted). Throws InputError on anything else.
std::uint64_t parse_size(const std::string& text, const std::string& option);

// Throws OutputError (with the estimate) if the output would exceed max_bytes or the free
// space of the file system holding output_path's directory.
void check_output_fits(const std::string& output_path, const OutputSizeEstimate& estimate,
                       std::uint64_t max_bytes);

// Runs a short timed pilot (no output) and prints the plan; writes nothing.
void print_plan(std::ostream& out, const Study& study, const RunPlan& plan,
                const std::atomic<int>* stop, std::uint64_t max_bytes);

}  // namespace fundsim::cli
