#include "run/size_estimate.hpp"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "analysis/scenario_summary.hpp"
#include "errors.hpp"
#include "model/trajectory_block.hpp"
#include "run/runner.hpp"

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
  const auto S = static_cast<std::uint64_t>(study.scenarios.size());
  const auto T = static_cast<std::uint64_t>(study.run.months);
  const auto K = static_cast<std::uint64_t>(study.classes.size());
  const auto L = static_cast<std::uint64_t>(study.levers.size());
  const auto P = static_cast<std::uint64_t>(study.parameters.size());
  OutputSizeEstimate e;
  for (const bool stored : replicate_storage_plan(study, summary_only))
    e.stored_scenarios += stored ? 1 : 0;

  // Per-replicate arrays: per stored scenario, replicate and month, kClassMetricCount int32
  // values per class plus capacity (float32) and safeguarded (int32); parameters: float64.
  if (!summary_only) {
    const double raw_per_month = 4.0 * static_cast<double>(kClassMetricCount * K + 2);
    const double metrics = static_cast<double>(e.stored_scenarios) *
                           static_cast<double>(replicates) * static_cast<double>(T) *
                           raw_per_month / kReplicateCompression;
    const double parameters = 8.0 * static_cast<double>(P) * static_cast<double>(replicates);
    e.replicate_bytes = static_cast<std::uint64_t>(metrics + parameters) + 8 * replicates;
  }
  // Summaries (float64, uncompressed): mean, sd and the quantiles of every per-month cell and
  // of every horizon metric, per scenario; plus spend, shares and the study text.
  const std::uint64_t stats = 2 + kSummaryQuantiles.size();
  const std::uint64_t cells = T * (kClassMetricCount * K + 2) + kHorizonMetricCount;
  // Paired differences against the baseline (docs/output-format.md 2.6-2.7): per month, mean,
  // se and quantiles of every horizon metric; per year and over the horizon the same plus
  // prob_better (over the horizon also for offender-years); three cost ratios with se,
  // quantiles and a count.
  const std::uint64_t differences = T * kHorizonMetricCount * stats +
                                    (T + 11) / 12 * kHorizonMetricCount * (stats + 1) +
                                    (kHorizonMetricCount + 1) * (stats + 1) + 3 * (stats + 1);
  e.summary_bytes = 8 * S * (stats * cells + differences) + 8 * S * (T * L + L + 4) +
                    study.text.size() + kFixedBytes;
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
