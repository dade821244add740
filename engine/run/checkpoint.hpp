#pragma once
// Checkpoints of a running job, so that a run killed at any moment (SIGKILL, node loss,
// preemption) can be finished by `fundsim run … --resume` with bitwise the same datasets.
//
// Layout, beside the output DIR/NAME: the directory DIR/.NAME.checkpoint holding
//   state-K.bin  the run's identity, the replicates completed by checkpoint K and their exact
//                summaries (encode_state); written whole or not at all (temporary + rename)
//   rows-J.h5    per-replicate arrays of the replicates completed between checkpoints J-1 and
//                J (full runs only), committed before state-J; attribute "replicates"
// The newest state-K is the checkpoint; rows-J with J <= K hold its replicates. Anything else
// (a later rows file, temporaries) is what a kill interrupted, and is discarded on resume.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "output/hdf5_writer.hpp"
#include "run/run_state.hpp"

namespace fundsim {

std::string checkpoint_directory(const std::string& output_path);

struct LoadedCheckpoint {
  RunState state;
  std::uint64_t index = 0;  // K of state-K.bin
  // rows-J.h5 files (J <= K) and the replicates each holds.
  std::vector<std::pair<std::string, ReplicateRanges>> rows;
};

// The newest usable checkpoint in `directory`, or nothing if there is none. A damaged newest
// state (a kill during its write cannot leave one, but a disk can) falls back to the one
// before it. Throws InputError if the directory exists but holds no readable state.
std::optional<LoadedCheckpoint> load_checkpoint(const std::string& directory, const Study& study);

// Writes checkpoints during a run. Per-replicate arrays go through it (as a BlockSink) to the
// output writer and to the current rows file; checkpoint() commits them with the state.
class Checkpointer final : public BlockSink {
 public:
  Checkpointer(std::string directory, const Study& study, RunIdentity identity,
               RunMetadata rows_metadata, BlockSink* output, std::uint64_t next_index,
               ReplicateRanges already_completed);
  ~Checkpointer() override;  // removes an uncommitted rows file

  void write_trajectories(std::size_t scenario, const TrajectoryBlock& block) override;
  void write_parameters(std::uint64_t first_replicate, std::size_t replicates,
                        std::span<const double> values) override;
  void write_totals(std::size_t scenario, const BlockTotals& totals,
                    std::uint64_t first_replicate) override;
  void write_objectives(std::uint64_t first_replicate, std::size_t replicates,
                        std::span<const double> values) override;

  // Called with the workers paused: results cover exactly results.completed.
  void checkpoint(const RunResults& results);
  // After the output is committed: the checkpoint is no longer needed.
  void remove();
  bool exists() const;
  std::uint64_t checkpoints_written() const { return written_; }

 private:
  void open_rows();
  std::string directory_;
  const Study& study_;
  RunIdentity identity_;
  RunMetadata rows_metadata_;
  BlockSink* output_;
  std::uint64_t index_;  // index of the next checkpoint
  std::uint64_t written_ = 0;
  ReplicateRanges committed_;  // replicates in committed rows files / the last state
  std::unique_ptr<Hdf5Writer> rows_;
  std::string rows_temporary_;
};

}  // namespace fundsim
