#pragma once
// The file `fundsim sensitivity` writes (docs/output-format.md §8): a netCDF-4 file whose root
// attribute file_kind is "sensitivity", with every index over (scenario, metric, period,
// parameter), per-output values over (scenario, metric, period), and the provenance of the
// analysis. Written whole or not at all.
#include <string>

#include "output/pending_output.hpp"
#include "run/sensitivity_run.hpp"
#include "study/study.hpp"

namespace fundsim::cli {

struct SensitivityFileInfo {
  std::string path;
  bool overwrite = false;
  std::string command_line;
  std::string source;  // "study", or the results file the replicates were read from
  // The posterior sample the calibrated parameters came from (--parameters, or the run's), if any.
  std::string parameters_file;
  std::string parameters_sha256;
};

class SensitivityFile {
 public:
  // Refuses an existing file without overwrite, or an unwritable directory (OutputError), before
  // any work is done.
  explicit SensitivityFile(SensitivityFileInfo info);
  // Fills the file under a temporary name and renames it into place.
  void write(const Study& study, const SensitivityResults& results);
  const std::string& path() const { return info_.path; }

 private:
  SensitivityFileInfo info_;
  PendingOutput pending_;
};

}  // namespace fundsim::cli
