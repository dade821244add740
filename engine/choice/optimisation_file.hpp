#pragma once
// The file `fundsim optimise` writes (docs/output-format.md §9): a flat netCDF-4-compatible
// HDF5 file with root attribute file_kind = "optimisation": every split scored in the search
// (shares, score, standard error), the finalists' scores and per-replicate objective values on
// the fresh replicates, the comparisons with the named scenarios, and provenance. Written under a
// temporary name and renamed into place when complete (output/pending_output.hpp).
#include <string>

#include "choice/split_search.hpp"

namespace fundsim::choice {

struct OptimisationRecord {
  std::string command_line;
  std::string tolerance;  // as given, e.g. "5%"
  std::string reference;  // where the budget and window came from, e.g. "scenario announced-2018"
};

// Throws OutputError if the file exists (without overwrite) or cannot be written.
void write_optimisation_file(const std::string& path, bool overwrite, const Study& study,
                             const SplitSearchSettings& settings, const SplitSearchResult& result,
                             const OptimisationRecord& record);

}  // namespace fundsim::choice
