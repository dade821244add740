// `fundsim run`: load the study, run it, write the HDF5 file atomically, print the table.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
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
      ("replicates", po::value<std::uint64_t>(), "number of replicates (default: the study's)")
      ("seed", po::value<std::uint64_t>(), "random seed 0..2^64-1 (default: the study's)")
      ("threads", po::value<unsigned>(), "worker threads (default: all cores)")
      ("central", "every uncertain parameter at its median; monthly draws stay random")
      ("summary-only", "write summaries only, no per-replicate arrays (memory flat in replicates)")
      ("overwrite", "replace an existing output file")
      ("quiet,q", "no progress and no table");
  return options;
}

std::uint64_t file_size_or_zero(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : size;
}

}  // namespace

int run_command(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description options = run_options();
  po::options_description hidden;
  hidden.add_options()("study", po::value<std::string>());
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("study", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << options << '\n';
    return 0;
  }
  if (!vm.count("study")) throw InputError("fundsim run: missing STUDY file (see fundsim run --help)");

  const Study study = load_study(vm["study"].as<std::string>());
  RunOptions run;
  run.replicates = vm.count("replicates") ? vm["replicates"].as<std::uint64_t>() : study.run.replicates;
  run.seed = vm.count("seed") ? vm["seed"].as<std::uint64_t>() : study.run.seed;
  run.threads = vm.count("threads") ? vm["threads"].as<unsigned>()
                                    : std::max(1U, std::thread::hardware_concurrency());
  run.central = vm.count("central") > 0;
  run.summary_only = vm.count("summary-only") > 0;
  if (run.replicates == 0) throw InputError("fundsim run: --replicates must be at least 1");
  if (run.threads == 0 || run.threads > 1024) throw InputError("fundsim run: --threads must be 1..1024");
  const bool quiet = vm.count("quiet") > 0;

  std::string output_path;
  if (vm.count("output")) {
    output_path = vm["output"].as<std::string>();
  } else {
    std::filesystem::create_directories("outputs");
    output_path = "outputs/" + study.name + ".h5";
  }

  const std::atomic<int>& stop = install_stop_handlers();
  run.stop = &stop;
  ProgressPrinter progress(study.name, !quiet && ::isatty(STDERR_FILENO));
  run.on_progress = [&progress](const RunProgress& p) { progress.update(p); };

  PendingOutput pending(output_path, vm.count("overwrite") > 0);
  RunMetadata metadata{command_line, run.replicates, run.seed, run.central, run.summary_only};
  RunResults results;
  {
    Hdf5Writer writer(pending.temporary_path(), study, metadata);
    results = run_study(study, run, &writer);
    progress.finish();
    writer.write_summaries(results);
    writer.close();
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
