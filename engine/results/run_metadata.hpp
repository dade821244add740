#pragma once
// How a run's file is written: its spec, the command that made it, and the storage choices of
// the writer (engine/output/hdf5_writer.hpp).
#include <string>

#include "results/run_spec.hpp"

namespace fundsim {

struct RunMetadata {
  RunSpec spec;
  std::string command_line;
  // Checkpoint rows are written uncompressed: they are read once, by the resumed run.
  bool compress_replicates = true;
  // The replicate dimension can grow (run --target-se adds replicates until a precision is met).
  bool growable_replicates = false;
};

}  // namespace fundsim
