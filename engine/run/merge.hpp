#pragma once
// `fundsim merge`: shard files of one run (fundsim run --shard I/N) into the file a single
// run would have written — the same datasets, bitwise. Shards must share the study, seed,
// replicate count, options and build, and be exactly shards 0..N-1 of N, each once.
#include <string>
#include <vector>

#include "run/publish.hpp"
#include "run/run_state.hpp"
#include "study/study.hpp"

namespace fundsim {

struct MergeResult {
  Study study;           // parsed from the shards' stored study text
  RunIdentity identity;  // shard fields zero/one
  RunResults results;
};

// Throws InputError naming the offending shard (not a shard, mismatched, missing,
// duplicated, damaged) and OutputError if the output cannot be written. `finisher` adds to the
// merged file what a whole run adds (RunHooks::on_finished_file).
MergeResult merge_shards(const std::vector<std::string>& shards, const std::string& output_path,
                         bool overwrite, const std::string& command_line,
                         const FileFinisher& finisher = {});

}  // namespace fundsim
