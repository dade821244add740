// `fundsim run`: load the study, run it, write the HDF5 file atomically, print the table.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/parse_arguments.hpp"
#include "cli/progress.hpp"
#include "cli/run_plan.hpp"
#include "cli/signals.hpp"
#include "cli/summary_table.hpp"
#include "errors.hpp"
#include "output/hdf5_writer.hpp"
#include "output/pending_output.hpp"
#include "run/runner.hpp"
#include "study/study.hpp"

namespace po = boost::program_options;

namespace fundsim::cli {

namespace {

po::options_description run_options() {
  po::options_description options("fundsim run STUDY [options]");
  options.add_options()
      ("help,h", "show this help")
      ("output,o", po::value<std::string>(), "output file (default: outputs/<study name>.h5)")
      ("replicates", po::value<std::string>(), "number of replicates >= 1 (default: the study's)")
      ("seed", po::value<std::string>(), "random seed 0..2^64-1 (default: the study's)")
      ("threads", po::value<std::string>(), "worker threads 1..1024 (default: all cores)")
      ("central", "every uncertain parameter at its median; monthly draws stay random")
      ("summary-only", "write summaries only, no per-replicate arrays (memory flat in replicates)")
      ("independent", "no common random numbers: every scenario gets its own parameter draws and "
                      "random streams (to measure what pairing is worth; see docs/model.md 8)")
      ("overwrite", "replace an existing output file")
      ("dry-run", "print the plan (scenarios, estimated file size, memory and time from a short "
                  "pilot run) and exit without writing anything")
      ("max-output-size", po::value<std::string>()->default_value(kDefaultMaxOutputSize),
       "refuse to start if the estimated output is larger (bytes, or with K, M, G, T suffix); "
       "a run is also refused if the estimate exceeds the free space of the target file system")
      ("quiet,q", "no progress and no table");
  return options;
}

// Unsigned decimal integer in [lo, hi]. Parsed by hand: Boost's lexical_cast accepts "-1" for
// unsigned types and wraps it, which would turn a typo into a huge run.
std::uint64_t parse_count(const po::variables_map& vm, const char* option, std::uint64_t lo,
                          std::uint64_t hi) {
  const std::string text = vm[option].as<std::string>();
  std::uint64_t value = 0;
  bool ok = !text.empty() && text.size() <= 20;
  for (char c : text) {
    if (c < '0' || c > '9' || __builtin_mul_overflow(value, 10U, &value) ||
        __builtin_add_overflow(value, static_cast<unsigned>(c - '0'), &value)) {
      ok = false;
      break;
    }
  }
  if (!ok || value < lo || value > hi) {
    throw InputError("fundsim run: --" + std::string(option) + " must be a whole number from " +
                     std::to_string(lo) + " to " + std::to_string(hi) + ", got '" + text + "'");
  }
  return value;
}

std::uint64_t file_size_or_zero(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : size;
}

}  // namespace

int run_command(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description options = run_options();
  const po::variables_map vm = parse_arguments(args, options, po::value<std::string>(), "study", 1);
  if (vm.count("help")) {
    std::cout << options << '\n';
    return 0;
  }
  if (!vm.count("study")) throw InputError("fundsim run: missing STUDY file (see fundsim run --help)");

  const Study study = load_study(vm["study"].as<std::string>());
  RunOptions run;
  constexpr std::uint64_t kMaxReplicates = std::uint64_t{1} << 40;
  run.replicates = vm.count("replicates") ? parse_count(vm, "replicates", 1, kMaxReplicates)
                                          : study.run.replicates;
  run.seed = vm.count("seed") ? parse_count(vm, "seed", 0, UINT64_MAX) : study.run.seed;
  run.threads = vm.count("threads") ? static_cast<unsigned>(parse_count(vm, "threads", 1, 1024))
                                    : std::max(1U, std::thread::hardware_concurrency());
  run.central = vm.count("central") > 0;
  run.summary_only = vm.count("summary-only") > 0;
  run.independent = vm.count("independent") > 0;
  const bool quiet = vm.count("quiet") > 0;

  const bool overwrite = vm.count("overwrite") > 0;
  const std::uint64_t max_output = parse_size(vm["max-output-size"].as<std::string>(), "--max-output-size");
  const bool dry_run = vm.count("dry-run") > 0;

  std::string output_path;
  if (vm.count("output")) {
    output_path = vm["output"].as<std::string>();
  } else {
    if (!dry_run) std::filesystem::create_directories("outputs");
    output_path = "outputs/" + study.name + ".h5";
  }

  const std::atomic<int>& stop = install_stop_handlers();
  run.stop = &stop;
  if (dry_run) {
    print_plan(std::cout, study, run, output_path, overwrite, max_output);
    return 0;
  }
  ProgressPrinter progress(study.name, !quiet && ::isatty(STDERR_FILENO));
  run.on_progress = [&progress](const RunProgress& p) { progress.update(p); };

  PendingOutput pending(output_path, overwrite);
  check_output_fits(output_path, estimate_output_size(study, run.replicates, run.summary_only), max_output);
  RunMetadata metadata{command_line, run.replicates, run.seed, run.central, run.summary_only};
  metadata.independent = run.independent;
  RunResults results;
  try {
    Hdf5Writer writer(pending.temporary_path(), study, metadata);
    results = run_study(study, run, &writer);
    progress.finish();
    writer.write_summaries(results);
    writer.close();
  } catch (const OutputError& e) {
    // The detail names the temporary file; say which output failed and that nothing was lost.
    throw OutputError(output_path + ": cannot write the output (nothing written; any earlier file is unchanged): " +
                      e.what());
  }
  if (stop.load() != 0) throw Interrupted(stop.load());
  pending.commit();

  if (!quiet) {
    print_summary_table(std::cout, study, results);
    std::cout << "wrote " << output_path << " (" << static_cast<double>(file_size_or_zero(output_path)) / 1e6
              << " MB): " << study.scenarios.size() << " scenarios x " << run.replicates
              << " replicates x " << study.run.months << " months in " << results.seconds << " s ("
              << static_cast<double>(results.replicate_months) / results.seconds / 1e6
              << " M replicate-months/s, " << run.threads << " threads)\n";
  }
  return 0;
}

}  // namespace fundsim::cli
