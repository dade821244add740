#include "run/merge.hpp"

#include <map>
#include <optional>

#include "errors.hpp"
#include "output/results_file.hpp"
#include "run/publish.hpp"

namespace fundsim {

namespace {

struct Shard {
  std::string path;
  Study study;
  RunState state;  // the summaries only while this shard is being added (memory: one at a time)
  double seconds = 0;
};

// Reads and checks a shard; keeps its summaries only if `keep_summaries`.
Shard read_shard(const std::string& path, bool keep_summaries) {
  const ResultsFile file(path);
  const std::optional<std::vector<std::uint8_t>> bytes = file.state();
  if (!bytes)
    throw InputError(path +
                     ": not a fundsim shard file (write shards with fundsim run --shard I/N)");
  Shard shard;
  shard.path = path;
  shard.study = file.study();
  try {
    shard.state = decode_state(*bytes, file.study(), keep_summaries);
  } catch (const CorruptState& e) {
    throw InputError(path + ": damaged shard: " + e.what());
  }
  shard.seconds = file.run_seconds();
  return shard;
}

}  // namespace

MergeResult merge_shards(const std::vector<std::string>& paths, const std::string& output_path,
                         bool overwrite, const std::string& command_line,
                         const FileFinisher& finisher) {
  if (paths.empty()) throw InputError("fundsim merge: no shard files given");
  std::optional<Study> study;
  std::map<std::uint64_t, Shard> shards;  // by shard index
  RunIdentity first;
  for (const std::string& path : paths) {
    Shard shard = read_shard(path, false);
    if (!study) study = shard.study;
    const RunIdentity& id = shard.state.identity;
    if (shards.empty()) {
      first = id;
    } else {
      const std::string difference = id.difference(first, shards.begin()->second.path, true);
      if (!difference.empty())
        throw InputError(path + ": not a shard of the same run: " + difference);
    }
    const std::string name =
        std::to_string(id.spec.shard_index) + "/" + std::to_string(id.spec.shard_count);
    const ReplicateRange expected =
        shard_range(id.spec.replicates, id.spec.shard_index, id.spec.shard_count);
    if (!(shard.state.completed == ReplicateRanges(expected))) {
      throw InputError(path + ": shard " + name + " holds replicates " +
                       shard.state.completed.describe() + ", expected " +
                       ReplicateRanges(expected).describe());
    }
    if (auto it = shards.find(id.spec.shard_index); it != shards.end()) {
      throw InputError(path + ": shard " + name + " is given twice (also " + it->second.path + ")");
    }
    shards.emplace(id.spec.shard_index, std::move(shard));
  }
  std::string missing;
  for (std::uint64_t i = 0; i < first.spec.shard_count; ++i) {
    if (!shards.count(i))
      missing += (missing.empty() ? "" : ", ") + std::to_string(i) + "/" +
                 std::to_string(first.spec.shard_count);
  }
  if (!missing.empty()) {
    throw InputError("fundsim merge: shard" +
                     std::string(missing.find(',') == std::string::npos ? " " : "s ") + missing +
                     " missing (got " + std::to_string(shards.size()) + " of " +
                     std::to_string(first.spec.shard_count) + ")");
  }

  MergeResult merged{std::move(*study), first, {}};
  merged.identity.spec.shard_index = 0;
  merged.identity.spec.shard_count = 1;
  const RunMetadata metadata{merged.identity.spec, command_line};
  PendingOutput pending(output_path, overwrite);
  merged.results =
      publish(pending, merged.study, metadata, "the merged output", [&](Publication& publication) {
        RunResults results = empty_results(merged.study, first.spec.sweep_months);
        for (auto& [index, checked] : shards) {  // in shard order; the sums do not depend on it
          publication.writer().copy_replicates_from(checked.path, checked.state.completed);
          const Shard shard = read_shard(checked.path, true);  // one shard's summaries at a time
          if (!(shard.state.completed == checked.state.completed)) {
            throw InputError(shard.path + ": the shard changed while it was being merged");
          }
          RunResults part = shard.state.results;
          part.completed = shard.state.completed;
          results.merge(part);
          results.seconds += shard.seconds;
        }
        results.replicate_months =
            first.spec.replicates *
            (static_cast<std::uint64_t>(merged.study.run.history_months) +
             merged.study.scenarios.size() * static_cast<std::uint64_t>(merged.study.run.months));
        if (finisher) publication.set_finisher(finisher);
        return results;
      });
  return merged;
}

}  // namespace fundsim
