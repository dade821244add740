#include "output/size_estimate.hpp"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "analysis/objective_summary.hpp"
#include "analysis/paired_difference.hpp"
#include "errors.hpp"
#include "output/variables.hpp"
#include "results/run_results.hpp"

namespace fundsim {

namespace {

// Measured (docs/output-format.md §7): the int32/float32 per-replicate arrays compress about
// 3.2:1 with shuffle + deflate level 1; the float64 parameters hardly compress.
constexpr double kReplicateCompression = 3.2;
// Coordinates, attributes, dimension scales and HDF5 metadata of a small file.
constexpr std::uint64_t kFixedBytes = 64 * 1024;

}  // namespace

OutputSizeEstimate estimate_output_size(const Study& study, std::uint64_t replicates,
                                        bool summary_only) {
  const auto S = static_cast<double>(study.scenarios.size());
  const auto T = static_cast<double>(study.run.simulated_months());
  const auto size_of = [&](const std::string& dimension) -> double {
    if (dimension == "scenario") return S;
    if (dimension == "replicate") return static_cast<double>(replicates);
    if (dimension == "month") return T;
    if (dimension == "class") return static_cast<double>(study.classes.size());
    if (dimension == "lever") return static_cast<double>(study.levers.size());
    if (dimension == "parameter") return static_cast<double>(study.parameters.size());
    if (dimension == "quantile") return static_cast<double>(kSummaryQuantiles.size());
    if (dimension == "objective") return static_cast<double>(study.objectives.size());
    if (dimension == "choice_set") return static_cast<double>(choice_sets(study).size());
    return static_cast<double>(years_of(study.run.months));  // year
  };
  OutputSizeEstimate e;
  for (const bool stored : replicate_storage_plan(study, summary_only))
    e.stored_scenarios += stored ? 1 : 0;
  double replicate_bytes = 0, summary_bytes = 0;
  // Every variable of the file (output/variables.hpp) at its size; text counts 16 bytes a label.
  std::vector<Variable> variables = layout_variables(study, !summary_only, false);
  for (Variable& v : summary_variables()) variables.push_back(std::move(v));
  for (const Variable& v : variables) {
    double values = 1;
    for (const std::string& d : v.dims) values *= size_of(d);
    const double bytes =
        values * static_cast<double>(v.type == ValueType::text ? 16 : value_bytes(v.type));
    if (v.content != Content::replicates) {
      summary_bytes += bytes;
    } else if (v.name == "parameters") {
      replicate_bytes += bytes;  // float64 draws hardly compress
    } else if (v.name == "objective_value" || v.period == Period::horizon ||
               v.period == Period::year) {
      replicate_bytes += bytes / 2;  // every scenario's totals; they compress about 2:1
    } else {
      // Only the stored scenarios hold values; the rest are fill, which costs nothing.
      replicate_bytes +=
          bytes / S * static_cast<double>(e.stored_scenarios) / kReplicateCompression;
    }
  }
  e.replicate_bytes = static_cast<std::uint64_t>(replicate_bytes);
  e.summary_bytes = static_cast<std::uint64_t>(summary_bytes) + study.text.size() + kFixedBytes;
  return e;
}

std::uint64_t free_bytes(const std::string& directory) {
  struct statvfs fs {};
  if (::statvfs(directory.c_str(), &fs) != 0) {
    throw OutputError(directory + ": cannot determine free space: " + std::strerror(errno));
  }
  return static_cast<std::uint64_t>(fs.f_bavail) * static_cast<std::uint64_t>(fs.f_frsize);
}

std::string format_bytes(std::uint64_t bytes) {
  char buf[32];
  const auto b = static_cast<double>(bytes);
  if (bytes < 1000)
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
  else if (b < 1e6)
    std::snprintf(buf, sizeof buf, "%.1f kB", b / 1e3);
  else if (b < 1e9)
    std::snprintf(buf, sizeof buf, "%.1f MB", b / 1e6);
  else if (b < 1e12)
    std::snprintf(buf, sizeof buf, "%.2f GB", b / 1e9);
  else
    std::snprintf(buf, sizeof buf, "%.2f TB", b / 1e12);
  return buf;
}

}  // namespace fundsim
