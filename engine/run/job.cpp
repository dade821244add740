#include "run/job.hpp"

#include <filesystem>
#include <optional>

#include "errors.hpp"
#include "output/pending_output.hpp"
#include "run/checkpoint.hpp"

namespace fundsim {

namespace fs = std::filesystem;

ReplicateRanges shard_replicates(std::uint64_t replicates, std::uint64_t shard_index,
                                 std::uint64_t shard_count) {
  if (shard_count == 0 || shard_index >= shard_count) {
    throw InputError("--shard I/N needs 0 <= I < N, got " + std::to_string(shard_index) + "/" +
                     std::to_string(shard_count));
  }
  if (shard_count > replicates) {
    throw InputError("--shard " + std::to_string(shard_index) + "/" + std::to_string(shard_count) +
                     ": more shards than the " + std::to_string(replicates) +
                     " replicates (a shard would be empty)");
  }
  return ReplicateRanges(shard_range(replicates, shard_index, shard_count));
}

namespace {

// An existing checkpoint for this output: resumed, discarded, or a reason to refuse.
std::optional<LoadedCheckpoint> take_checkpoint(const Study& study, const JobOptions& job,
                                                const RunIdentity& identity,
                                                const std::string& directory) {
  std::error_code ec;
  if (!fs::exists(directory, ec)) return std::nullopt;
  if (!job.resume) {
    std::optional<LoadedCheckpoint> found;
    try {
      found = load_checkpoint(directory, study);
    } catch (const InputError&) {
      found.reset();  // damaged: nothing worth protecting
    }
    if (found && !job.discard_checkpoint) {
      throw OutputError(
          directory + ": an unfinished run of " + job.output_path + " left a checkpoint here (" +
          std::to_string(found->state.completed.count()) + " of " +
          std::to_string(found->state.identity.replicates) +
          " replicates done): add --resume to finish it, or --overwrite to start again");
    }
    fs::remove_all(directory, ec);
    return std::nullopt;
  }
  std::optional<LoadedCheckpoint> loaded = load_checkpoint(directory, study);
  if (!loaded) {
    fs::remove_all(directory, ec);  // killed before its first checkpoint: nothing to resume
    return std::nullopt;
  }
  const std::string difference =
      identity.difference(loaded->state.identity, "the checkpoint " + directory, false);
  if (!difference.empty()) {
    throw InputError("cannot resume " + job.output_path + ": " + difference +
                     " (run with the same arguments, or with --overwrite to start again)");
  }
  return loaded;
}

}  // namespace

JobResult run_job(const Study& study, JobOptions job) {
  RunOptions& run = job.run;
  if (job.shard_count > 1)
    run.only = shard_replicates(run.replicates, job.shard_index, job.shard_count);
  const RunIdentity identity = run_identity(study, run, job.shard_index, job.shard_count);
  const std::string directory = checkpoint_directory(job.output_path);
  auto notice = [&](const std::string& text) {
    if (job.notice) job.notice(text);
  };

  PendingOutput pending(job.output_path, job.overwrite);
  std::optional<LoadedCheckpoint> loaded = take_checkpoint(study, job, identity, directory);

  RunMetadata metadata{job.command_line, run.replicates, run.seed, run.central, run.summary_only};
  metadata.independent = run.independent;
  metadata.shard_index = job.shard_index;
  metadata.shard_count = job.shard_count;
  JobResult out;
  try {
    Hdf5Writer writer(pending.temporary_path(), study, metadata);
    RunResults start;
    if (loaded) {
      for (const auto& [path, ranges] : loaded->rows) writer.copy_replicates_from(path, ranges);
      start = std::move(loaded->state.results);
      start.completed = loaded->state.completed;
      out.resumed_replicates = start.completed.count();
      notice("resuming from " + directory + ": " + std::to_string(out.resumed_replicates) +
             " replicates done (" + start.completed.describe() + ")");
    }
    std::optional<Checkpointer> checkpointer;
    if (job.checkpoint_seconds > 0) {
      checkpointer.emplace(directory, study, identity, metadata, &writer,
                           loaded ? loaded->index + 1 : 1, start.completed);
      run.checkpoint_seconds = job.checkpoint_seconds;
      run.on_checkpoint = [&](const RunResults& r) { checkpointer->checkpoint(r); };
    }
    BlockSink* sink = checkpointer ? static_cast<BlockSink*>(&*checkpointer) : &writer;
    try {
      out.results = run_study(study, run, sink, std::move(start));
    } catch (const Interrupted&) {
      if (checkpointer && checkpointer->exists()) {
        notice("checkpoint kept in " + directory +
               ": run the same command with --resume to finish");
      }
      throw;
    }
    out.checkpoints = checkpointer ? checkpointer->checkpoints_written() : 0;
    writer.write_summaries(out.results);
    if (job.shard_count > 1)
      writer.write_state(encode_state(identity, out.results.completed, out.results));
    writer.close();
    pending.commit();
  } catch (const OutputError& e) {
    // The detail names the temporary file; say which output failed and that nothing was lost.
    throw OutputError(
        job.output_path +
        ": cannot write the output (nothing written; any earlier file is unchanged): " + e.what());
  }
  std::error_code ec;
  fs::remove_all(directory, ec);  // the output is safe: the checkpoint has served
  return out;
}

}  // namespace fundsim
