#include "output/results_file.hpp"

#include <filesystem>
#include <map>

#include "analysis/objective_summary.hpp"
#include "analysis/scenario_summary.hpp"
#include "errors.hpp"

namespace fundsim {

namespace {

const std::map<std::string, Variable>& table() {
  static const std::map<std::string, Variable> variables = [] {
    std::map<std::string, Variable> all;
    // The layout depends on the study only through names and sizes, which the reader takes from
    // the file's study; an empty study gives every variable's definition.
    Study any;
    any.levers.resize(1);
    any.parameters.resize(1);
    for (const Variable& v : layout_variables(any, true, false)) all.emplace(v.name, v);
    for (const Variable& v : summary_variables()) all.emplace(v.name, v);
    any.parameter_groups.resize(1);
    for (const Variable& v : decision_variables(any)) all.emplace(v.name, v);
    return all;
  }();
  return variables;
}

}  // namespace

const Variable& ResultsFile::variable(const std::string& name) {
  const auto it = table().find(name);
  if (it == table().end()) throw InputError("no variable '" + name + "' in fundsim output files");
  return it->second;
}

ResultsFile::ResultsFile(const std::string& path) : path_(path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw InputError(path + ": no such file");
  h5::silence_error_stack();
  try {
    file_ = h5::open_file_read(path);
    const hid_t root = file_.id();
    if (h5::has_attribute(root, "file_kind")) {  // another kind of fundsim file (a posterior)
      throw InputError(path + ": a fundsim " + h5::read_text_attribute(root, "file_kind") +
                       " file, not a run's output (see docs/output-format.md)");
    }
    if (!h5::has_attribute(root, "study") || !h5::has_dataset(root, "scenario")) {
      throw InputError(path + ": not a fundsim output file (no stored study)");
    }
    const std::string study_file = h5::has_attribute(root, "study_file")
                                       ? h5::read_text_attribute(root, "study_file")
                                       : path + ":study";
    try {
      study_ = parse_study(h5::read_text_attribute(root, "study"), study_file);
    } catch (const InputError& e) {
      throw InputError(path + ": its stored study does not parse: " + e.what());
    }
    spec_.replicates = static_cast<std::uint64_t>(h5::read_number_attribute(root, "replicates"));
    spec_.seed = std::stoull(h5::read_text_attribute(root, "seed"));
    const auto flag = [&](const char* name) {
      return h5::has_attribute(root, name) && h5::read_number_attribute(root, name) != 0;
    };
    spec_.central = flag("central");
    spec_.summary_only = flag("summary_only");
    spec_.independent = flag("independent");
    if (h5::has_attribute(root, "parameters_sha256")) {
      spec_.parameters_sha256 = h5::read_text_attribute(root, "parameters_sha256");
      spec_.parameters_file = h5::read_text_attribute(root, "parameters_file");
    }
    baseline_ = h5::read_text_attribute(root, "baseline");
    if (h5::has_attribute(root, "run_seconds"))
      run_seconds_ = h5::read_number_attribute(root, "run_seconds");
  } catch (const OutputError& e) {  // HDF5 could not read it: the file is this command's input
    throw InputError(path + ": cannot read the file: " + e.what());
  }
}

bool ResultsFile::has(const std::string& name) const {
  try {
    return h5::has_dataset(file_.id(), name);
  } catch (const OutputError& e) {
    throw InputError(path_ + ": " + e.what());
  }
}

std::vector<hsize_t> ResultsFile::expected_shape(const Variable& v) const {
  std::vector<hsize_t> shape;
  const auto T = static_cast<hsize_t>(study_.run.simulated_months());
  const auto policy = static_cast<hsize_t>(study_.run.months);
  for (const std::string& d : v.dims) {
    if (d == "scenario")
      shape.push_back(study_.scenarios.size());
    else if (d == "replicate")
      shape.push_back(spec_.replicates);
    else if (d == "month")
      shape.push_back(T);
    else if (d == "class")
      shape.push_back(study_.classes.size());
    else if (d == "lever")
      shape.push_back(study_.levers.size());
    else if (d == "parameter")
      shape.push_back(study_.parameters.size());
    else if (d == "quantile")
      shape.push_back(kSummaryQuantiles.size());
    else if (d == "year")
      shape.push_back((policy + 11) / 12);
    else if (d == "objective")
      shape.push_back(study_.objectives.size());
    else if (d == "choice_set")
      shape.push_back(choice_sets(study_).size());
    else if (d == "parameter_group")
      shape.push_back(study_.parameter_groups.size());
    else
      throw Error("internal: unknown dimension '" + d + "'");
  }
  return shape;
}

std::vector<double> ResultsFile::read(const Variable& v) const {
  if (!has(v.name)) {
    throw InputError(path_ + ": no dataset '" + v.name +
                     "' (not a fundsim output of this version, or a summary-only file; re-run "
                     "the study)");
  }
  try {
    if (h5::dataset_shape(file_.id(), v.name) != expected_shape(v))
      throw InputError(path_ + ": dataset '" + v.name + "' has an unexpected shape");
    return h5::read_doubles(file_.id(), v.name);
  } catch (const OutputError& e) {
    throw InputError(path_ + ": " + e.what());
  }
}

std::vector<std::string> ResultsFile::read_strings(const std::string& name) const {
  if (!has(name)) throw InputError(path_ + ": no dataset '" + name + "'");
  try {
    return h5::read_strings(file_.id(), name);
  } catch (const OutputError& e) {
    throw InputError(path_ + ": " + e.what());
  }
}

std::optional<std::vector<std::uint8_t>> ResultsFile::state() const {
  try {
    if (!h5::has_dataset(file_.id(), "fundsim_internal") ||
        !h5::has_dataset(file_.id(), "fundsim_internal/state"))
      return std::nullopt;
    return h5::read_bytes(file_.id(), "fundsim_internal/state");
  } catch (const OutputError& e) {
    throw InputError(path_ + ": cannot read the shard state: " + e.what());
  }
}

}  // namespace fundsim
