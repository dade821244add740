#pragma once
// Writes a run into one flat, netCDF-4-compatible HDF5 file (docs/output-format.md): the
// coordinates and scenario variables when it opens, per-replicate arrays as blocks arrive
// (output/replicate_store.hpp), summaries, paired differences, cost-effectiveness and provenance
// at the end, every variable as the variable table (output/variables.hpp) describes it.
// Thread-safe: worker threads call the BlockSink methods.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "output/netcdf_file.hpp"
#include "output/replicate_store.hpp"
#include "results/run_metadata.hpp"
#include "results/run_results.hpp"

namespace fundsim {

class Hdf5Writer final : public BlockSink {
 public:
  // Creates `path` (which must not exist: it is the temporary name of a PendingOutput).
  Hdf5Writer(const std::string& path, const Study& study, const RunMetadata& metadata);

  void write_trajectories(std::size_t scenario, const TrajectoryBlock& block) override;
  void write_parameters(std::uint64_t first_replicate, std::size_t replicates,
                        std::span<const double> values) override;
  void write_totals(std::size_t scenario, const BlockTotals& totals,
                    std::uint64_t first_replicate) override;
  void write_objectives(std::uint64_t first_replicate, std::size_t replicates,
                        std::span<const double> values) override;

  const Study& study() const { return study_; }
  const RunMetadata& metadata() const { return metadata_; }

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
  void set_file_attribute(const std::string& name, double value);

  // For analyses that add to a finished run before it is published (decision statistics,
  // docs/output-format.md §8): a whole numeric variable as written so far, as doubles in C
  // order; a new coordinate; a new float64 variable over the file's dimensions from a C-order
  // buffer.
  std::vector<double> read_back(const std::string& name);
  void add_coordinate(const Variable& v, const std::vector<std::string>& labels);
  void add_variable(const Variable& v, const std::vector<double>& values);
  void add_strings(const Variable& v, const std::vector<std::string>& values);
  // Flushes and closes; errors (e.g. disk full) surface here as OutputError.
  void close();

 private:
  void write_layout();
  void write_provenance(const RunResults& results);

  std::mutex mutex_;
  const Study& study_;
  RunMetadata metadata_;
  std::vector<bool> stored_;  // replicate_storage_plan: which scenarios keep per-replicate arrays
  NetcdfFile file_;
  std::optional<ReplicateStore> replicates_;
};

}  // namespace fundsim
