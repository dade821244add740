#pragma once
// Encodes the mergeable summaries of a run (exact sums and histogram counts) to bytes and
// back, losslessly: a decoded summary merged with others gives bitwise the same results as
// if all replicates had been added to one summary. Used by checkpoints, shards and MPI ranks.
#include "analysis/byte_codec.hpp"
#include "analysis/objective_summary.hpp"
#include "analysis/paired_difference.hpp"
#include "analysis/scenario_summary.hpp"

namespace fundsim {

struct SummaryCodec {
  static void encode(ByteWriter& out, const ScenarioSummary& summary);
  static void encode(ByteWriter& out, const PairedDifferenceSummary& differences);
  // Decode into a summary constructed with the expected shape; a different encoded shape
  // throws CorruptState.
  static void decode(ByteReader& in, ScenarioSummary& summary);
  static void decode(ByteReader& in, PairedDifferenceSummary& differences);
  static void encode(ByteWriter& out, const ObjectiveSummary& objective);
  static void decode(ByteReader& in, ObjectiveSummary& objective);

 private:
  static void encode(ByteWriter& out, const Moments& m);
  static void decode(ByteReader& in, Moments& m);
  template <int SubBits>
  static void encode(ByteWriter& out, const BasicLogHistogram<SubBits>& h);
  template <int SubBits>
  static void decode(ByteReader& in, BasicLogHistogram<SubBits>& h);
  static void encode(ByteWriter& out, const AnchoredHistogram& h);
  static void decode(ByteReader& in, AnchoredHistogram& h);
  static void encode(ByteWriter& out, const DifferenceSummary& d);
  static void decode(ByteReader& in, DifferenceSummary& d);
};

}  // namespace fundsim
