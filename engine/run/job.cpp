#include "run/job.hpp"

#include <filesystem>
#include <optional>

#include "errors.hpp"
#include "run/checkpoint.hpp"
#include "run/publish.hpp"
#include "run/run_state.hpp"

namespace fundsim {

namespace fs = std::filesystem;

namespace {

// An existing checkpoint for this output: resumed, discarded, or a reason to refuse.
std::optional<LoadedCheckpoint> take_checkpoint(const Study& study, const RunPlan& plan,
                                                const RunIdentity& identity,
                                                const std::string& directory) {
  std::error_code ec;
  if (!fs::exists(directory, ec)) return std::nullopt;
  if (!plan.resume) {
    std::optional<LoadedCheckpoint> found;
    try {
      found = load_checkpoint(directory, study);
    } catch (const InputError&) {
      found.reset();  // damaged: nothing worth protecting
    }
    if (found && !plan.overwrite) {
      throw OutputError(directory + ": an unfinished run of " + plan.output_path +
                        " left a checkpoint here (" +
                        std::to_string(found->state.completed.count()) + " of " +
                        std::to_string(found->state.identity.spec.replicates) +
                        " replicates done): add --resume to finish it, or --overwrite to start "
                        "again");
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
    throw InputError("cannot resume " + plan.output_path + ": " + difference +
                     " (run with the same arguments, or with --overwrite to start again)");
  }
  return loaded;
}

}  // namespace

JobResult run_job(const Study& study, const RunPlan& plan, const RunHooks& hooks,
                  const Notice& notice) {
  const Execution execution = plan.part_execution();
  const RunIdentity identity = plan.identity(study);
  const RunMetadata metadata = plan.metadata();
  const std::string directory = checkpoint_directory(plan.output_path);
  const auto say = [&](const std::string& text) {
    if (notice) notice(text);
  };

  PendingOutput pending(plan.output_path, plan.overwrite);
  std::optional<LoadedCheckpoint> loaded = take_checkpoint(study, plan, identity, directory);
  JobResult out;
  out.results = publish(pending, study, metadata, "the output", [&](Publication& publication) {
    Hdf5Writer& writer = publication.writer();
    RunResults start;
    if (loaded) {
      for (const auto& [path, ranges] : loaded->rows) writer.copy_replicates_from(path, ranges);
      start = std::move(loaded->state.results);
      start.completed = loaded->state.completed;
      out.resumed_replicates = start.completed.count();
      say("resuming from " + directory + ": " + std::to_string(out.resumed_replicates) +
          " replicates done (" + start.completed.describe() + ")");
    }
    RunHooks watched = hooks;
    std::optional<Checkpointer> checkpointer;
    if (plan.checkpoint_seconds > 0) {
      checkpointer.emplace(directory, study, identity, metadata, &writer,
                           loaded ? loaded->index + 1 : 1, start.completed);
      watched.checkpoint_seconds = plan.checkpoint_seconds;
      watched.on_checkpoint = [&](const RunResults& r) { checkpointer->checkpoint(r); };
    }
    BlockSink* sink = checkpointer ? static_cast<BlockSink*>(&*checkpointer) : &writer;
    RunResults results;
    try {
      results = run_study(study, plan.spec, execution, watched, sink, std::move(start),
                          plan.design.get());
    } catch (const Interrupted&) {
      if (checkpointer && checkpointer->exists()) {
        say("checkpoint kept in " + directory + ": run the same command with --resume to finish");
      }
      throw;
    }
    out.checkpoints = checkpointer ? checkpointer->checkpoints_written() : 0;
    if (plan.spec.shard_count > 1)
      publication.set_state(encode_state(identity, results.completed, results));
    else if (hooks.on_finished_file)
      publication.set_finisher(hooks.on_finished_file);
    return results;
  });
  std::error_code ec;
  fs::remove_all(directory, ec);  // the output is safe: the checkpoint has served
  return out;
}

}  // namespace fundsim
