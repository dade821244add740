#include "run/run_state.hpp"

#include "analysis/summary_codec.hpp"
#include "support/sha256.hpp"

namespace fundsim {

namespace {
constexpr const char* kMagic = "fundsim-state-1";
constexpr std::size_t kTrailer = 64;  // hex SHA-256 of everything before it
}  // namespace

void encode_state_to(const RunIdentity& id, const ReplicateRanges& completed,
                     const RunResults& results, const ByteSink& sink) {
  Sha256 hash;
  ByteWriter out([&](std::span<const std::uint8_t> piece) {
    hash.update(piece);
    sink(piece);
  });
  out.text(kMagic);
  out.text(id.study_sha256);
  out.u64(id.spec.seed);
  out.u64(id.spec.replicates);
  // Bit 16: the run drew its parameters from a posterior (then its digest and path follow the
  // build), so states of runs on the priors keep their bytes.
  const bool posterior = !id.spec.parameters_sha256.empty();
  out.u64((id.spec.central ? 1U : 0U) | (id.spec.summary_only ? 2U : 0U) |
          (id.spec.independent ? 4U : 0U) | (id.spec.sweep_months ? 8U : 0U) |
          (posterior ? 16U : 0U));
  out.text(id.build);
  if (posterior) {
    out.text(id.spec.parameters_sha256);
    out.text(id.spec.parameters_file);
  }
  out.u64(id.spec.shard_index);
  out.u64(id.spec.shard_count);
  out.u64(completed.ranges().size());
  for (const ReplicateRange& r : completed.ranges()) {
    out.u64(r.first);
    out.u64(r.last);
  }
  out.u64(results.summaries.size());
  for (const ScenarioSummary& s : results.summaries) SummaryCodec::encode(out, s);
  for (const PairedDifferenceSummary& d : results.differences) SummaryCodec::encode(out, d);
  out.u64(results.objectives.size());
  for (const ObjectiveSummary& o : results.objectives) SummaryCodec::encode(out, o);
  out.flush();
  const std::string digest = hash.hex_digest();
  sink(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(digest.data()),
                                     digest.size()));
}

std::vector<std::uint8_t> encode_state(const RunIdentity& id, const ReplicateRanges& completed,
                                       const RunResults& results) {
  std::vector<std::uint8_t> bytes;
  encode_state_to(id, completed, results, [&](std::span<const std::uint8_t> piece) {
    bytes.insert(bytes.end(), piece.begin(), piece.end());
  });
  return bytes;
}

RunState decode_state(std::span<const std::uint8_t> bytes, const Study& study,
                      bool with_summaries) {
  if (bytes.size() < kTrailer) throw CorruptState("too short to be a fundsim state");
  const std::span<const std::uint8_t> body = bytes.first(bytes.size() - kTrailer);
  const std::string digest(bytes.end() - static_cast<std::ptrdiff_t>(kTrailer), bytes.end());
  ByteReader in(body);
  if (in.text() != kMagic) throw CorruptState("not a fundsim state (wrong header)");
  if (sha256_hex(std::string_view(reinterpret_cast<const char*>(body.data()), body.size())) !=
      digest) {
    throw CorruptState("checksum mismatch (the file is damaged or was cut short)");
  }
  RunState state;
  RunIdentity& id = state.identity;
  id.study_sha256 = in.text();
  id.spec.seed = in.u64();
  id.spec.replicates = in.u64();
  const std::uint64_t flags = in.u64();
  id.spec.central = flags & 1;
  id.spec.summary_only = flags & 2;
  id.spec.independent = flags & 4;
  id.spec.sweep_months = flags & 8;
  id.build = in.text();
  if (flags & 16) {
    id.spec.parameters_sha256 = in.text();
    id.spec.parameters_file = in.text();
  }
  id.spec.shard_index = in.u64();
  id.spec.shard_count = in.u64();
  const std::uint64_t ranges = in.bounded(bytes.size(), "range count");
  for (std::uint64_t i = 0; i < ranges; ++i) {
    const std::uint64_t first = in.u64();
    const std::uint64_t last = in.u64();
    if (first >= last || last > id.spec.replicates)
      throw CorruptState("replicate range out of bounds");
    state.completed.add({first, last});
  }
  if (in.u64() != study.scenarios.size())
    throw CorruptState("the state holds a different number of scenarios");
  if (!with_summaries) return state;
  state.results = empty_results(study, id.spec.sweep_months);
  for (ScenarioSummary& s : state.results.summaries) SummaryCodec::decode(in, s);
  for (PairedDifferenceSummary& d : state.results.differences) SummaryCodec::decode(in, d);
  if (in.u64() != state.results.objectives.size())
    throw CorruptState("the state holds a different number of objectives");
  for (ObjectiveSummary& o : state.results.objectives) SummaryCodec::decode(in, o);
  if (!in.at_end()) throw CorruptState("trailing bytes after the state");
  return state;
}

}  // namespace fundsim
