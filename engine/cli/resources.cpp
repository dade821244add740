#include "cli/resources.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "errors.hpp"
#include "registry/metrics.hpp"
#include "run/runner.hpp"

namespace fundsim::cli {

namespace {

std::string output_directory(const std::string& output_path) {
  const std::filesystem::path dir = std::filesystem::path(output_path).parent_path();
  return dir.empty() ? "." : dir.string();
}

std::uint64_t peak_rss_bytes() {
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // kilobytes on Linux
}

// HDF5 keeps about one chunk (~1 MiB, hdf5_writer.cpp) per per-replicate variable and stored
// scenario in its chunk caches while replicate blocks arrive.
std::uint64_t chunk_cache_bytes(const Study& study, std::uint64_t replicates, std::size_t stored) {
  if (stored == 0) return 0;
  const auto T = static_cast<std::uint64_t>(study.run.simulated_months());
  const std::uint64_t K = study.classes.size();
  const std::uint64_t per_replicate = T * K * 4;
  const std::uint64_t chunk_replicates =
      std::min(replicates, std::max<std::uint64_t>(1, (1U << 20) / per_replicate));
  std::uint64_t per_month = 0;  // values per replicate and month, over all metrics
  for (Metric m : all_metrics()) per_month += metric_info(m).per_class ? K : 1;
  const std::uint64_t per_scenario = chunk_replicates * T * per_month * 4;
  return (stored + 1) * per_scenario;
}

std::string format_seconds(double s) {
  char buf[64];
  if (s < 120)
    std::snprintf(buf, sizeof buf, "%.1f s", s);
  else if (s < 7200)
    std::snprintf(buf, sizeof buf, "%.1f min", s / 60);
  else
    std::snprintf(buf, sizeof buf, "%.1f h", s / 3600);
  return buf;
}

}  // namespace

std::uint64_t parse_size(const std::string& text, const std::string& option) {
  const auto bad = [&]() -> InputError {
    return InputError("fundsim run: " + option + " '" + text +
                      "' is not a size (bytes, or a number with K, M, G or T, e.g. 20G)");
  };
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    ++i;
  if (i == 0) throw bad();
  double value = 0;
  try {
    std::size_t used = 0;
    value = std::stod(text.substr(0, i), &used);
    if (used != i) throw bad();
  } catch (const std::logic_error&) {
    throw bad();
  }
  std::string suffix = text.substr(i);
  for (char& c : suffix) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (suffix.size() >= 2 && suffix.substr(suffix.size() - 2) == "IB")
    suffix.resize(suffix.size() - 2);
  else if (suffix.size() >= 2 && suffix.back() == 'B')
    suffix.pop_back();
  double unit = 1;
  if (suffix == "K")
    unit = 1024.0;
  else if (suffix == "M")
    unit = 1024.0 * 1024;
  else if (suffix == "G")
    unit = 1024.0 * 1024 * 1024;
  else if (suffix == "T")
    unit = 1024.0 * 1024 * 1024 * 1024;
  else if (!suffix.empty() && suffix != "B")
    throw bad();
  const double bytes = value * unit;
  if (!std::isfinite(bytes) || bytes >= 1.8e19) throw bad();
  return static_cast<std::uint64_t>(bytes);
}

void check_output_fits(const std::string& output_path, const OutputSizeEstimate& estimate,
                       std::uint64_t max_bytes) {
  const std::uint64_t size = estimate.total();
  if (size > max_bytes) {
    throw OutputError(output_path + ": refused: the estimated output size " + format_bytes(size) +
                      " exceeds --max-output-size " + format_bytes(max_bytes) +
                      " (raise --max-output-size, use fewer replicates or --summary-only)");
  }
  const std::string dir = output_directory(output_path);
  std::uint64_t free = 0;
  try {
    free = free_bytes(dir);
  } catch (const OutputError&) {
    return;  // unknown free space (statvfs refused): the write itself still reports a full disk
  }
  if (size > free) {
    throw OutputError(output_path + ": refused: the estimated output size " + format_bytes(size) +
                      " exceeds the free space on the file system of '" + dir + "' (" +
                      format_bytes(free) + ")");
  }
}

void print_plan(std::ostream& out, const Study& study, const RunPlan& plan,
                const std::atomic<int>* stop, std::uint64_t max_bytes) {
  const RunSpec& run = plan.spec;
  const std::string& output_path = plan.output_path;
  const bool overwrite = plan.overwrite;
  const OutputSizeEstimate size = estimate_output_size(study, run.replicates, run.summary_only);
  std::size_t sweep_points = 0;
  for (const Scenario& s : study.scenarios) sweep_points += s.sweep.empty() ? 0 : 1;

  // Pilot: a timed run of the plan without output, ended after kPilotSeconds. It does what the
  // run does first (the 64-replicate anchor pilot, then allocating every summary histogram at
  // its final size), so its peak memory is the run's and that time counts as set-up; the rate
  // is taken from the last third of the pilot.
  constexpr double kPilotSeconds = 6.0;
  std::vector<RunProgress> samples;
  // Timed from the first completed block on (set-up excluded), so a long set-up does not eat
  // the timing window.
  double set_up = -1;
  RunHooks hooks;
  hooks.stop = stop;
  hooks.keep_going = [&](const RunProgress& p) {
    if (p.done == 0) return true;
    if (set_up < 0) set_up = p.seconds;
    samples.push_back(p);
    return p.seconds - set_up < kPilotSeconds;
  };
  const std::uint64_t per_replicate_months =
      static_cast<std::uint64_t>(study.run.history_months) +
      study.scenarios.size() * static_cast<std::uint64_t>(study.run.months);
  double per_replicate = 0, fixed = 0;
  const RunResults done =
      run_study(study, run, plan.execution, hooks, nullptr, {}, plan.design.get());
  std::uint64_t pilot_replicates = run.replicates;
  double pilot_seconds = done.seconds;
  if (done.completed.count() == run.replicates || samples.empty()) {  // finished in the window
    per_replicate = done.seconds / static_cast<double>(run.replicates);
  } else {
    const RunProgress& last = samples.back();
    const RunProgress* mid = &samples.front();
    for (const RunProgress& p : samples)
      if (p.seconds <= set_up + (last.seconds - set_up) / 3) mid = &p;
    const double replicates_done =
        static_cast<double>(last.done) / static_cast<double>(per_replicate_months);
    const double replicates_mid =
        static_cast<double>(mid->done) / static_cast<double>(per_replicate_months);
    per_replicate = last.done > mid->done
                        ? (last.seconds - mid->seconds) / (replicates_done - replicates_mid)
                        : last.seconds / std::max(1.0, replicates_done);
    fixed = std::max(0.0, last.seconds - per_replicate * replicates_done);
    pilot_replicates = static_cast<std::uint64_t>(replicates_done);
    pilot_seconds = last.seconds;
  }
  // Writing: deflate of the per-replicate arrays, about 100 MB/s of raw data per run
  // (serialised in the writer), plus the summaries.
  const double raw_bytes = static_cast<double>(size.replicate_bytes) * 3.2;
  const double estimated_seconds = fixed + per_replicate * static_cast<double>(run.replicates) +
                                   raw_bytes / 100e6 +
                                   static_cast<double>(size.summary_bytes) / 200e6;
  const std::uint64_t memory = peak_rss_bytes() +
                               chunk_cache_bytes(study, run.replicates, size.stored_scenarios) +
                               size.summary_bytes;

  const std::string dir = output_directory(output_path);
  std::error_code ec;
  const bool dir_exists = std::filesystem::is_directory(dir, ec);
  const std::uint64_t free = dir_exists ? free_bytes(dir) : 0;

  out << "plan for " << study.file << " (study '" << study.name << "'), nothing written:\n"
      << "  scenarios         " << study.scenarios.size() << " after sweep expansion ("
      << sweep_points << " sweep points), " << size.stored_scenarios << " with per-replicate arrays"
      << (run.summary_only ? " (--summary-only)" : "") << "\n"
      << "  replicates        " << run.replicates << (run.central ? " (central)" : "") << "\n"
      << "  months            " << study.run.months << " from " << study.run.start << "\n"
      << "  classes, levers   " << study.classes.size() << ", " << study.levers.size() << "\n"
      << "  parameters        " << study.parameters.size() << "\n"
      << "  threads           " << plan.execution.threads << "\n"
      << "  output            " << output_path
      << (std::filesystem::exists(output_path, ec)
              ? (overwrite ? " (exists; would be replaced)"
                           : " (exists: the run would refuse without --overwrite)")
              : "")
      << "\n"
      << "  est. file size    " << format_bytes(size.total()) << " (" << size.total()
      << " bytes: " << format_bytes(size.replicate_bytes) << " per-replicate, "
      << format_bytes(size.summary_bytes) << " summaries)\n"
      << "  size limit        " << format_bytes(max_bytes) << " (--max-output-size)"
      << (size.total() > max_bytes ? ": the run would be REFUSED" : "") << "\n"
      << "  free space        "
      << (dir_exists ? format_bytes(free) + " on the file system of '" + dir + "'" +
                           (size.total() > free ? ": the run would be REFUSED" : "")
                     : "unknown: directory '" + dir + "' does not exist")
      << "\n"
      << "  est. peak memory  " << format_bytes(memory) << "\n"
      << "  est. time         " << format_seconds(estimated_seconds) << " (" << estimated_seconds
      << " s; pilot: " << pilot_replicates << " replicates in " << format_seconds(pilot_seconds)
      << ")\n";
}

}  // namespace fundsim::cli
