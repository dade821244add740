#pragma once
// The mergeable state of a run or part of one: which replicates it covers and their exact
// summaries. Checkpoints, shard files and MPI ranks all carry this; adding states of disjoint
// replicate sets gives bitwise the summaries of one run over their union.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analysis/byte_codec.hpp"  // CorruptState
#include "results/replicate_ranges.hpp"
#include "results/run_identity.hpp"
#include "results/run_results.hpp"
#include "study/study.hpp"

namespace fundsim {

struct RunState {
  RunIdentity identity;
  ReplicateRanges completed;
  RunResults results;  // summaries and differences of the completed replicates
};

// Bytes with a magic header and a SHA-256 trailer; decode checks both and the study's shape
// and throws CorruptState on anything wrong.
std::vector<std::uint8_t> encode_state(const RunIdentity& identity,
                                       const ReplicateRanges& completed, const RunResults& results);
// The same bytes handed to `sink` in pieces of about 1 MiB (checkpoints stream to disk: the
// whole state in memory at once would add its size to the run's peak).
void encode_state_to(const RunIdentity& identity, const ReplicateRanges& completed,
                     const RunResults& results, const ByteSink& sink);
// With `with_summaries` false only the identity and ranges are decoded (the checksum still
// covers everything): for checks that do not need the summaries.
RunState decode_state(std::span<const std::uint8_t> bytes, const Study& study,
                      bool with_summaries = true);

}  // namespace fundsim
