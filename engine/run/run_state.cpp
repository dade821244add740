#include "run/run_state.hpp"

#include "analysis/summary_codec.hpp"
#include "output/sha256.hpp"
#include "version.hpp"

namespace fundsim {

namespace {
constexpr const char* kMagic = "fundsim-state-1";
constexpr std::size_t kTrailer = 64;  // hex SHA-256 of everything before it
}  // namespace

std::string build_id() {
  return std::string(kVersion) + " " + kGitCommit + " " + kBuildType;
}

RunIdentity run_identity(const Study& study, const RunOptions& options, std::uint64_t shard_index,
                         std::uint64_t shard_count) {
  RunIdentity id;
  id.study_sha256 = sha256_hex(study.text);
  id.seed = options.seed;
  id.replicates = options.replicates;
  id.central = options.central;
  id.summary_only = options.summary_only;
  id.independent = options.independent;
  id.build = build_id();
  id.shard_index = shard_index;
  id.shard_count = shard_count;
  return id;
}

std::string RunIdentity::difference(const RunIdentity& o, const std::string& other_name,
                                    bool ignore_shard) const {
  auto say = [&](const std::string& what, const std::string& here, const std::string& there) {
    return what + " differs: " + here + " here, " + there + " in " + other_name;
  };
  auto yes_no = [](bool b) { return std::string(b ? "on" : "off"); };
  if (study_sha256 != o.study_sha256) {
    return say("the study file", "sha256 " + study_sha256.substr(0, 12),
               "sha256 " + o.study_sha256.substr(0, 12));
  }
  if (seed != o.seed) return say("the seed", std::to_string(seed), std::to_string(o.seed));
  if (replicates != o.replicates) {
    return say("the replicate count", std::to_string(replicates), std::to_string(o.replicates));
  }
  if (central != o.central) return say("--central", yes_no(central), yes_no(o.central));
  if (summary_only != o.summary_only)
    return say("--summary-only", yes_no(summary_only), yes_no(o.summary_only));
  if (independent != o.independent)
    return say("--independent", yes_no(independent), yes_no(o.independent));
  if (build != o.build) return say("the fundsim build", "'" + build + "'", "'" + o.build + "'");
  if (!ignore_shard && (shard_index != o.shard_index || shard_count != o.shard_count)) {
    return say("the shard", std::to_string(shard_index) + "/" + std::to_string(shard_count),
               std::to_string(o.shard_index) + "/" + std::to_string(o.shard_count));
  }
  if (ignore_shard && shard_count != o.shard_count) {
    return say("the shard count", std::to_string(shard_count), std::to_string(o.shard_count));
  }
  return "";
}

RunResults empty_results(const Study& study) {
  RunResults r;
  const auto months = static_cast<std::size_t>(study.run.months);
  for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
    r.summaries.emplace_back(study.classes.size(), months);
    r.differences.emplace_back(study.classes.size(), months);
  }
  return r;
}

void encode_state_to(const RunIdentity& id, const ReplicateRanges& completed,
                     const RunResults& results, const ByteSink& sink) {
  Sha256 hash;
  ByteWriter out([&](std::span<const std::uint8_t> piece) {
    hash.update(piece);
    sink(piece);
  });
  out.text(kMagic);
  out.text(id.study_sha256);
  out.u64(id.seed);
  out.u64(id.replicates);
  out.u64((id.central ? 1U : 0U) | (id.summary_only ? 2U : 0U) | (id.independent ? 4U : 0U));
  out.text(id.build);
  out.u64(id.shard_index);
  out.u64(id.shard_count);
  out.u64(completed.ranges().size());
  for (const ReplicateRange& r : completed.ranges()) {
    out.u64(r.first);
    out.u64(r.last);
  }
  out.u64(results.summaries.size());
  for (const ScenarioSummary& s : results.summaries) SummaryCodec::encode(out, s);
  for (const PairedDifferenceSummary& d : results.differences) SummaryCodec::encode(out, d);
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
  id.seed = in.u64();
  id.replicates = in.u64();
  const std::uint64_t flags = in.u64();
  id.central = flags & 1;
  id.summary_only = flags & 2;
  id.independent = flags & 4;
  id.build = in.text();
  id.shard_index = in.u64();
  id.shard_count = in.u64();
  const std::uint64_t ranges = in.bounded(bytes.size(), "range count");
  for (std::uint64_t i = 0; i < ranges; ++i) {
    const std::uint64_t first = in.u64();
    const std::uint64_t last = in.u64();
    if (first >= last || last > id.replicates) throw CorruptState("replicate range out of bounds");
    state.completed.add({first, last});
  }
  if (in.u64() != study.scenarios.size())
    throw CorruptState("the state holds a different number of scenarios");
  if (!with_summaries) return state;
  state.results = empty_results(study);
  for (ScenarioSummary& s : state.results.summaries) SummaryCodec::decode(in, s);
  for (PairedDifferenceSummary& d : state.results.differences) SummaryCodec::decode(in, d);
  if (!in.at_end()) throw CorruptState("trailing bytes after the state");
  return state;
}

}  // namespace fundsim
