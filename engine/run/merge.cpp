#include "run/merge.hpp"

#include <map>
#include <optional>

#include "errors.hpp"
#include "output/h5.hpp"
#include "output/hdf5_writer.hpp"
#include "output/pending_output.hpp"

namespace fundsim {

namespace {

struct Shard {
  std::string path;
  RunState state;  // the summaries only while this shard is being added (memory: one at a time)
  double seconds = 0;
};

// Reads and checks a shard; keeps its summaries only if `keep_summaries`.
Shard read_shard(const std::string& path, std::optional<Study>& study, bool keep_summaries) {
  Shard shard;
  shard.path = path;
  try {
    h5::Handle file = h5::open_file_read(path);
    const hid_t root = file.id();
    if (!h5::has_attribute(root, "study") || !h5::has_dataset(root, "fundsim_internal") ||
        !h5::has_dataset(root, "fundsim_internal/state")) {
      throw InputError(path +
                       ": not a fundsim shard file (write shards with fundsim run --shard I/N)");
    }
    if (!study)
      study = parse_study(h5::read_text_attribute(root, "study"),
                          h5::read_text_attribute(root, "study_file"));
    shard.state =
        decode_state(h5::read_bytes(root, "fundsim_internal/state"), *study, keep_summaries);
    if (h5::has_attribute(root, "run_seconds"))
      shard.seconds = h5::read_number_attribute(root, "run_seconds");
    file.close(path);
  } catch (const CorruptState& e) {
    throw InputError(path + ": damaged shard: " + e.what());
  } catch (const OutputError& e) {  // HDF5 could not read it
    throw InputError(path + ": cannot read the shard: " + e.what());
  }
  return shard;
}

}  // namespace

MergeResult merge_shards(const std::vector<std::string>& paths, const std::string& output_path,
                         bool overwrite, const std::string& command_line) {
  if (paths.empty()) throw InputError("fundsim merge: no shard files given");
  h5::silence_error_stack();
  std::optional<Study> study;
  std::map<std::uint64_t, Shard> shards;  // by shard index
  RunIdentity first;
  for (const std::string& path : paths) {
    Shard shard = read_shard(path, study, false);
    const RunIdentity& id = shard.state.identity;
    if (shards.empty()) {
      first = id;
    } else {
      const std::string difference = id.difference(first, shards.begin()->second.path, true);
      if (!difference.empty())
        throw InputError(path + ": not a shard of the same run: " + difference);
    }
    const std::string name = std::to_string(id.shard_index) + "/" + std::to_string(id.shard_count);
    const ReplicateRange expected = shard_range(id.replicates, id.shard_index, id.shard_count);
    if (!(shard.state.completed == ReplicateRanges(expected))) {
      throw InputError(path + ": shard " + name + " holds replicates " +
                       shard.state.completed.describe() + ", expected " +
                       ReplicateRanges(expected).describe());
    }
    if (auto it = shards.find(id.shard_index); it != shards.end()) {
      throw InputError(path + ": shard " + name + " is given twice (also " + it->second.path + ")");
    }
    shards.emplace(id.shard_index, std::move(shard));
  }
  std::string missing;
  for (std::uint64_t i = 0; i < first.shard_count; ++i) {
    if (!shards.count(i))
      missing += (missing.empty() ? "" : ", ") + std::to_string(i) + "/" +
                 std::to_string(first.shard_count);
  }
  if (!missing.empty()) {
    throw InputError("fundsim merge: shard" +
                     std::string(missing.find(',') == std::string::npos ? " " : "s ") + missing +
                     " missing (got " + std::to_string(shards.size()) + " of " +
                     std::to_string(first.shard_count) + ")");
  }

  MergeResult merged{std::move(*study), first, {}};
  merged.identity.shard_index = 0;
  merged.identity.shard_count = 1;
  merged.results = empty_results(merged.study);
  RunMetadata metadata{command_line, first.replicates, first.seed, first.central,
                       first.summary_only};
  metadata.independent = first.independent;
  PendingOutput pending(output_path, overwrite);
  try {
    Hdf5Writer writer(pending.temporary_path(), merged.study, metadata);
    std::optional<Study> parsed(merged.study);
    for (auto& [index, checked] : shards) {  // in shard order; the sums do not depend on it
      writer.copy_replicates_from(checked.path, checked.state.completed);
      const Shard shard =
          read_shard(checked.path, parsed, true);  // one shard's summaries at a time
      if (!(shard.state.completed == checked.state.completed)) {
        throw InputError(shard.path + ": the shard changed while it was being merged");
      }
      for (std::size_t s = 0; s < merged.results.summaries.size(); ++s) {
        merged.results.summaries[s].merge(shard.state.results.summaries[s]);
        merged.results.differences[s].merge(shard.state.results.differences[s]);
      }
      merged.results.completed.add(shard.state.completed);
      merged.results.seconds += shard.seconds;
    }
    merged.results.replicate_months = first.replicates * merged.study.scenarios.size() *
                                      static_cast<std::uint64_t>(merged.study.run.months);
    writer.write_summaries(merged.results);
    writer.close();
    pending.commit();
  } catch (const OutputError& e) {
    throw OutputError(
        output_path +
        ": cannot write the merged output (nothing written; any earlier file is unchanged): " +
        e.what());
  }
  return merged;
}

}  // namespace fundsim
