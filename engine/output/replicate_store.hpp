#pragma once
// The per-replicate arrays of a run's file (docs/output-format.md §2.3): one variable per metric
// over (scenario, replicate, month[, class]) and the parameter draws over (replicate,
// parameter), chunked along replicates and compressed. Blocks of replicates are written as they
// arrive; the replicate axis can grow (--target-se); a part's rows (a shard, a checkpoint) can
// be copied in.
#include <cstdint>
#include <span>
#include <vector>

#include "analysis/replicate_totals.hpp"
#include "model/trajectory_block.hpp"
#include "output/netcdf_file.hpp"
#include "results/replicate_ranges.hpp"
#include "results/run_metadata.hpp"
#include "study/study.hpp"

namespace fundsim {

class ReplicateStore {
 public:
  // `variables`: the Content::replicates rows of the variable table; `stored`: which scenarios
  // keep their arrays (replicate_storage_plan).
  ReplicateStore(NetcdfFile& file, const Study& study, const RunMetadata& metadata,
                 const std::vector<Variable>& variables, std::vector<bool> stored);

  void write(std::size_t scenario, const TrajectoryBlock& block);
  void write_parameters(std::uint64_t first_replicate, std::size_t replicates,
                        std::span<const double> values);
  void write_totals(std::size_t scenario, const BlockTotals& totals, std::uint64_t first_replicate);
  void write_objectives(std::uint64_t first_replicate, std::size_t replicates,
                        std::span<const double> values);
  void grow(std::uint64_t replicates);
  // Copies the arrays of `ranges` (stored scenarios, and the parameters) from a file written for
  // the same study, replicate count and options.
  void copy_from(const std::string& part_path, const ReplicateRanges& ranges);
  void close();

 private:
  struct Array {
    Variable variable;
    h5::Handle dataset;
  };
  NetcdfFile& file_;
  const Study& study_;
  std::vector<bool> stored_;
  std::uint64_t chunk_replicates_ = 1;
  std::vector<Array> metrics_;         // per-month arrays, by Metric
  std::vector<Array> horizon_totals_;  // by total_index
  std::vector<Array> year_totals_;     // by total_index
  Array objectives_;
  Array parameters_;
  bool has_parameters_ = false;
  std::vector<std::int64_t> buffer_;
};

}  // namespace fundsim
