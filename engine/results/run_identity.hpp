#pragma once
// What must agree for the parts of a run to be combined: two shard files merged, a checkpoint
// resumed, MPI ranks' parts merged (docs/cluster.md "Why the numbers stay identical").
#include <string>

#include "results/run_spec.hpp"
#include "study/study.hpp"

namespace fundsim {

struct RunIdentity {
  std::string study_sha256;
  RunSpec spec;
  std::string build;  // version, commit and build type: another build may draw differently

  // The first difference in words ("the seed differs: 7 here, 8 in the checkpoint"), or "" when
  // the two identities agree (shards compared with `ignore_shard`: only their count must agree).
  std::string difference(const RunIdentity& other, const std::string& other_name,
                         bool ignore_shard) const;
};

RunIdentity run_identity(const Study& study, const RunSpec& spec);
std::string build_id();

}  // namespace fundsim
