#pragma once
// Estimated size of the output file of a run, from the file layout (docs/output-format.md §7),
// and the free space of the file system it goes to. Used to refuse, before any work, a run
// whose output would not fit.
#include <cstdint>
#include <string>

#include "study/study.hpp"

namespace fundsim {

struct OutputSizeEstimate {
  std::uint64_t replicate_bytes = 0;  // per-replicate arrays (compressed) and parameters
  std::uint64_t summary_bytes = 0;    // summaries, scenario variables, coordinates, study text
  std::size_t stored_scenarios = 0;   // scenarios whose per-replicate arrays are stored
  std::uint64_t total() const { return replicate_bytes + summary_bytes; }
};

OutputSizeEstimate estimate_output_size(const Study& study, std::uint64_t replicates,
                                        bool summary_only);

// Bytes an unprivileged writer may still use on the file system holding `directory`; throws
// OutputError if it cannot be determined.
std::uint64_t free_bytes(const std::string& directory);

// "47.3 MB", "1.2 GB", "512 B" (decimal units, as in docs/output-format.md).
std::string format_bytes(std::uint64_t bytes);

}  // namespace fundsim
