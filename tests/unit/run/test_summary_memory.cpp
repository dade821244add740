// Summary-only memory must not grow with replicates: every histogram is pre-sized when its
// anchors are set from the pilot (replicates 0..63), so the heap the summaries hold after a long
// run is the heap they held after the pilot, up to the rare extremes beyond the pre-sized range.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "run/runner.hpp"
#include "study/study.hpp"

namespace fundsim {
namespace {

std::size_t summary_bytes(const RunResults& r) {
  std::size_t bytes = 0;
  for (const ScenarioSummary& s : r.summaries) bytes += s.allocated_bytes();
  for (const PairedDifferenceSummary& d : r.differences) bytes += d.allocated_bytes();
  return bytes;
}

// The first `replicates` of a run of 8,000 (the same anchors whatever is run).
std::size_t bytes_after(const Study& study, std::uint64_t replicates) {
  RunSpec spec;
  spec.replicates = 8000;
  spec.seed = 20181;
  spec.summary_only = true;
  Execution execution;
  execution.only = ReplicateRanges(ReplicateRange{0, replicates});
  execution.threads = 2;
  return summary_bytes(run_study(study, spec, execution, {}, nullptr));
}

TEST(SummaryMemory, HistogramsDoNotGrowAfterThePilot) {
  const Study study = load_study(std::string(FUNDSIM_SOURCE_DIR) + "/scenarios/small.toml");
  const std::size_t pilot = bytes_after(study, 64);
  const std::size_t longer = bytes_after(study, 8000);
  std::printf("summary heap: %zu bytes after 64 replicates, %zu after 8000\n", pilot, longer);
  // Tolerance 1%: values beyond 8 pilot ranges (or below zero where the pilot saw none) still
  // get buckets when they occur; everything else was allocated up front.
  EXPECT_LE(static_cast<double>(longer), 1.01 * static_cast<double>(pilot));
  EXPECT_GT(pilot, 0u);
}

}  // namespace
}  // namespace fundsim
