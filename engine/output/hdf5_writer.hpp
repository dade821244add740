#pragma once
// Writes a run into one flat, netCDF-4-compatible HDF5 file (DESIGN.md "Output file"):
// coordinate variables as dimension scales, per-replicate arrays as they arrive, summaries
// and provenance at the end. Thread-safe: worker threads call the BlockSink methods.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "output/h5.hpp"
#include "run/runner.hpp"

namespace fundsim {

struct RunMetadata {
  std::string command_line;
  std::uint64_t replicates = 0;
  std::uint64_t seed = 0;
  bool central = false;
  bool summary_only = false;
  bool independent = false;  // --independent: no common random numbers between scenarios
  // A shard file holds shard_index of shard_count (0-based) and the shard's mergeable state.
  std::uint64_t shard_index = 0;
  std::uint64_t shard_count = 1;
  // Checkpoint rows are written uncompressed: they are read once, by the resumed run.
  bool compress_replicates = true;
  // The replicate dimension can grow (run --target-se adds replicates until a precision is met).
  bool growable_replicates = false;
};

class Hdf5Writer final : public BlockSink {
 public:
  // Creates `path` (which must not exist: it is the temporary name of a PendingOutput).
  Hdf5Writer(const std::string& path, const Study& study, const RunMetadata& metadata);

  void write_trajectories(std::size_t scenario, const TrajectoryBlock& block) override;
  void write_parameters(std::uint64_t first_replicate, std::size_t replicates,
                        std::span<const double> values) override;

  void write_summaries(const RunResults& results);
  // Shard files: the shard's mergeable state (bytes of encode_state) in the group
  // fundsim_internal, which netCDF readers of the root group do not see.
  void write_state(const std::vector<std::uint8_t>& state);
  // Copies the per-replicate arrays of `ranges` (of the stored scenarios, and the parameters)
  // from a file written by an Hdf5Writer for the same study, replicate count and options.
  void copy_replicates_from(const std::string& part_path, const ReplicateRanges& ranges);
  // Grows the replicate dimension to `replicates` (metadata.growable_replicates only).
  void grow_replicates(std::uint64_t replicates);
  // A text attribute on the file (root group).
  void set_file_attribute(const std::string& name, const std::string& value);
  // Flushes and closes; errors (e.g. disk full) surface here as OutputError.
  void close();

 private:
  h5::Handle create_variable(const std::string& name, hid_t type,
                             const std::vector<std::string>& dims,
                             const std::vector<hsize_t>& chunk, bool compress, bool with_fill,
                             double fill, const char* units, const char* long_name);
  void create_coordinates();
  void create_replicate_variables();
  void write_scenario_variables();
  void write_differences(const RunResults& results);
  void write_cost_effectiveness(const RunResults& results);
  void write_provenance(const RunResults* results);

  std::mutex mutex_;
  const Study& study_;
  RunMetadata metadata_;
  std::string path_;
  std::uint64_t chunk_replicates_ = 1;
  std::vector<bool> stored_;  // replicate_storage_plan: which scenarios keep per-replicate arrays
  h5::Handle file_;
  std::map<std::string, h5::Handle> scales_;
  std::map<std::string, hsize_t> dim_sizes_;
  std::vector<h5::Handle> class_metrics_;
  h5::Handle capacity_;
  h5::Handle safeguarded_;
  h5::Handle parameters_;
};

}  // namespace fundsim
