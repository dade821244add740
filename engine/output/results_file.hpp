#pragma once
// Reads a fundsim output file (docs/output-format.md): the study it ran, how it was run, its
// scenarios, and any variable of the variable table (output/variables.hpp), checked against
// the shape the table and the study give it. `fundsim report`, `fundsim merge` and the analyses
// built on finished runs read files through this one type. A problem with the file is the
// user's input: errors are InputError naming the file.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "output/h5.hpp"
#include "output/variables.hpp"
#include "results/run_spec.hpp"
#include "study/study.hpp"

namespace fundsim {

class ResultsFile {
 public:
  // Throws InputError if the file is missing, unreadable, or not a fundsim output.
  explicit ResultsFile(const std::string& path);

  const std::string& path() const { return path_; }
  const Study& study() const { return study_; }
  RunSpec spec() const { return spec_; }
  const std::string& baseline() const { return baseline_; }
  double run_seconds() const { return run_seconds_; }  // 0 if not recorded

  // The variable of the table with this name; InputError if the table has none.
  static const Variable& variable(const std::string& name);
  bool has(const std::string& name) const;
  // A whole variable as doubles in C order; InputError if it is missing or its shape is not
  // the one the table and the study give it.
  std::vector<double> read(const Variable& v) const;
  std::vector<double> read(const std::string& name) const { return read(variable(name)); }
  std::vector<std::string> read_strings(const std::string& name) const;
  // The mergeable state of a shard file (fundsim_internal/state), if it has one.
  std::optional<std::vector<std::uint8_t>> state() const;

 private:
  std::vector<hsize_t> expected_shape(const Variable& v) const;
  std::string path_;
  h5::Handle file_;
  Study study_;
  RunSpec spec_;
  std::string baseline_;
  double run_seconds_ = 0;
};

}  // namespace fundsim
