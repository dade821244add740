#pragma once
// The one path by which run, --target-se and merge publish a file: written under a temporary
// name beside the output (output/pending_output.hpp), filled, its summaries (and a shard's state)
// written, closed, and only then renamed into place. A failure leaves any earlier file as it was
// and says so.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "output/hdf5_writer.hpp"
#include "output/pending_output.hpp"
#include "results/run_metadata.hpp"
#include "results/run_results.hpp"

namespace fundsim {

// Adds to a finished file before it is closed and published: the decision statistics a run
// computes from its per-replicate arrays (choice/run_decision.hpp). Not used for shard files.
using FileFinisher = std::function<void(Hdf5Writer& writer)>;

class Publication {
 public:
  Publication(PendingOutput& pending, const Study& study, const RunMetadata& metadata);
  Hdf5Writer& writer() { return *writer_; }
  const std::string& output_path() const { return pending_.final_path(); }
  // Starts the file afresh with new metadata (a Latin hypercube --target-se round).
  void restart(const RunMetadata& metadata);
  // Stored in the file's fundsim_internal group when the file is finished (shard files).
  void set_state(std::vector<std::uint8_t> state) { state_ = std::move(state); }
  // Called once the summaries are written, before the file is closed (whole-run files only).
  void set_finisher(FileFinisher finisher) { finisher_ = std::move(finisher); }

 private:
  friend RunResults publish(PendingOutput&, const Study&, const RunMetadata&, const std::string&,
                            const std::function<RunResults(Publication&)>&);
  void finish(const RunResults& results);
  PendingOutput& pending_;
  const Study& study_;
  std::unique_ptr<Hdf5Writer> writer_;
  std::optional<std::vector<std::uint8_t>> state_;
  FileFinisher finisher_;
};

// Opens the writer on `pending`'s temporary file, runs `produce` (which fills the writer and
// returns the results), writes the summaries and commits. Output errors on the way name the
// output and `what` it is ("the output", "the merged output"). The caller creates `pending`
// first, so that an existing output is refused before anything else happens.
RunResults publish(PendingOutput& pending, const Study& study, const RunMetadata& metadata,
                   const std::string& what, const std::function<RunResults(Publication&)>& produce);

}  // namespace fundsim
