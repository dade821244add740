// `fundsim run`: load the study, run it (or one shard of it, or under MPI each rank's shard
// then a merge on rank 0), write the HDF5 file atomically, print the table.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <thread>

#include "calibrate/posterior_design.hpp"
#include "choice/run_decision.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/option_values.hpp"
#include "cli/parse_arguments.hpp"
#include "cli/progress.hpp"
#include "cli/resources.hpp"
#include "cli/signals.hpp"
#include "cli/summary_table.hpp"
#include "cli/world.hpp"
#include "errors.hpp"
#include "output/pending_output.hpp"
#include "run/job.hpp"
#include "run/merge.hpp"
#include "run/plan.hpp"
#include "run/runner.hpp"
#include "run/target_se.hpp"
#include "study/funding_horizon.hpp"
#include "study/study.hpp"

namespace po = boost::program_options;

namespace fundsim::cli {

namespace {

po::options_description run_options() {
  po::options_description options("fundsim run STUDY [options]");
  options.add_options()("help,h", "show this help")(
      "output,o", po::value<std::string>(), "output file (default: outputs/<study name>.h5)")(
      "replicates", po::value<std::string>(), "number of replicates >= 1 (default: the study's)")(
      "seed", po::value<std::string>(), "random seed 0..2^64-1 (default: the study's)")(
      "threads", po::value<std::string>(), "worker threads 1..1024 (default: all cores)")(
      "central", "every uncertain parameter at its median; monthly draws stay random")(
      "parameters", po::value<std::string>(),
      "FILE of fundsim calibrate: each replicate's calibrated parameters are a draw of its "
      "posterior sample instead of the priors (docs/calibration.md)")(
      "summary-only", "write summaries only, no per-replicate arrays (memory flat in replicates)")(
      "independent",
      "no common random numbers: every scenario gets its own parameter draws and "
      "random streams (to measure what pairing is worth; see docs/model.md §8)")(
      "sweep-months",
      "sweep points keep per-month summaries too (by default they keep per-year and horizon "
      "ones, like every scenario; named scenarios keep per-month ones as well)")(
      "overwrite",
      "replace an existing output file (and discard a checkpoint an unfinished run left)")(
      "shard", po::value<std::string>(),
      "I/N: compute only shard I (0..N-1) of N, a fixed range of "
      "replicates, into its own file; combine with fundsim merge")(
      "resume",
      "finish the run an interrupted run of the same command left (its checkpoint beside "
      "the output); without a checkpoint, just run")(
      "target-se", po::value<std::string>(),
      "add replicates until the Monte Carlo standard error of every "
      "scenario's 5-year contact-abuse difference from the baseline is "
      "at most this (the file equals a fixed run with the final count)")(
      "max-replicates", po::value<std::string>()->default_value("1000000"),
      "upper limit for --target-se")(
      "checkpoint-every", po::value<std::string>()->default_value("60"),
      "seconds between checkpoints of completed replicate blocks (0: none)")(
      "dry-run",
      "print the plan (scenarios, estimated file size, memory and time from a short "
      "pilot run) and exit without writing anything")(
      "max-output-size", po::value<std::string>()->default_value(kDefaultMaxOutputSize),
      "refuse to start if the estimated output is larger (bytes, or with K, M, G, T suffix); "
      "a run is also refused if the estimate exceeds the free space of the target file system")(
      "progress-every", po::value<std::string>()->default_value("60"),
      "seconds between progress lines when stderr is not a terminal (batch logs, notebooks)")(
      "decision-sets", po::value<std::string>()->default_value("named"),
      "choice sets whose EVPPIs the run writes into a full file (docs/decision.md §3): "
      "a comma-separated list of all, named and sweep names, or none")(
      "decision-evpi",
      "the decision statistics also include the noise-handled EVPI and P(best) given the "
      "parameters (about 15 s of CPU per objective on uk-2018 at 10,000 replicates)")(
      "quiet,q", "no progress and no table");
  return options;
}

// "I/N" with 0 <= I < N.
std::pair<std::uint64_t, std::uint64_t> parse_shard(const std::string& text) {
  const std::size_t slash = text.find('/');
  auto number = [&](const std::string& part, std::uint64_t& out) {
    if (part.empty() || part.size() > 9 ||
        part.find_first_not_of("0123456789") != std::string::npos)
      return false;
    out = std::stoull(part);
    return true;
  };
  std::uint64_t index = 0, count = 0;
  if (slash == std::string::npos || !number(text.substr(0, slash), index) ||
      !number(text.substr(slash + 1), count) || count == 0 || index >= count) {
    throw InputError(
        "fundsim run: --shard must be I/N with 0 <= I < N (shards are numbered from 0), got '" +
        text + "'");
  }
  return {index, count};
}

double parse_positive(const std::string& text, const char* option) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(value > 0) || !std::isfinite(value)) {
    throw InputError(std::string("fundsim run: ") + option + " must be a positive number, got '" +
                     text + "'");
  }
  return value;
}

std::uint64_t file_size_or_zero(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : size;
}

// `seconds` of wall time for `replicate_months` simulated by `workers` threads in all.
void print_written(std::ostream& out, const std::string& path, const Study& study,
                   const RunSpec& run, double seconds, std::uint64_t replicate_months,
                   const std::string& workers) {
  out << "wrote " << path << " (" << static_cast<double>(file_size_or_zero(path)) / 1e6
      << " MB): " << study.scenarios.size() << " scenarios x " << run.replicates << " replicates x "
      << study.run.months << " months in " << seconds << " s ("
      << static_cast<double>(replicate_months) / seconds / 1e6 << " M replicate-months/s, "
      << workers << ")\n";
}

// What `fundsim run` was asked for: the plan, and how the command itself behaves.
struct RunCommand {
  RunPlan plan;
  bool dry_run = false;
  bool quiet = false;
  double progress_every = 60.0;  // seconds between progress lines in a log
  std::uint64_t max_output_bytes = 0;
  std::string decision_sets;  // checked against the study by parse_run_command
  bool decision_evpi = false;
};

// Every rank runs shard RANK/SIZE into a hidden file beside the output (the output's directory
// must be shared by the ranks, as on any cluster file system); rank 0 then merges them.
int run_on_ranks(const Study& study, const RunCommand& command, const RunHooks& base_hooks,
                 const World& world) {
  const RunPlan& whole = command.plan;
  const std::filesystem::path final_path(whole.output_path);
  auto part_of = [&](int rank) {
    return (final_path.parent_path() /
            ("." + final_path.filename().string() + ".rank-" + std::to_string(rank) + "-of-" +
             std::to_string(world.size())))
        .string();
  };
  const auto started = std::chrono::steady_clock::now();
  int code = 0;
  if (world.rank() == 0) {  // refuse early, on every rank, if the output cannot be written
    try {
      PendingOutput probe(whole.output_path, whole.overwrite);
      check_output_fits(whole.output_path,
                        estimate_output_size(study, whole.spec.replicates, whole.spec.summary_only),
                        command.max_output_bytes);
    } catch (...) {
      code = report_error(std::current_exception());
    }
  }
  if (const int worst = world.max_over_ranks(code); worst != 0) return worst;

  ProgressPrinter progress(
      study.name + " (rank 0 of " + std::to_string(world.size()) + ")", "replicate-months",
      stderr_progress(command.quiet || world.rank() != 0, command.progress_every));
  RunHooks hooks = base_hooks;
  hooks.on_progress = [&progress](const RunProgress& p) {
    progress.update(static_cast<double>(p.done), static_cast<double>(p.total), p.seconds);
  };
  RunPlan part = whole;
  part.spec.shard_index = static_cast<std::uint64_t>(world.rank());
  part.spec.shard_count = static_cast<std::uint64_t>(world.size());
  part.output_path = part_of(world.rank());
  part.overwrite = true;  // a part left by an earlier failed attempt
  const std::string rank_name = "rank " + std::to_string(world.rank());
  const Notice notice = [rank_name](const std::string& text) {
    std::cerr << "fundsim: " << rank_name << ": " << text << '\n';
  };
  try {
    run_job(study, part, hooks, notice);
  } catch (...) {
    code = report_error(std::current_exception());
  }
  progress.finish();
  if (const int worst = world.max_over_ranks(code); worst != 0) {
    std::filesystem::remove(part.output_path);
    if (code == 0)
      std::cerr << "fundsim: " << rank_name << ": stopped because another rank failed\n";
    return code != 0 ? code : worst;
  }
  if (world.rank() == 0) {
    std::vector<std::string> parts;
    for (int r = 0; r < world.size(); ++r) parts.push_back(part_of(r));
    try {
      const MergeResult merged = merge_shards(parts, whole.output_path, whole.overwrite,
                                              whole.command_line, base_hooks.on_finished_file);
      for (const std::string& p : parts) std::filesystem::remove(p);
      if (!command.quiet) {
        print_summary_table(std::cout, study, merged.results);
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        print_written(std::cout, whole.output_path, study, whole.spec, wall,
                      merged.results.replicate_months,
                      std::to_string(world.size()) + " ranks x " +
                          std::to_string(whole.execution.threads) + " threads");
      }
    } catch (...) {
      code = report_error(std::current_exception());
    }
  }
  return world.max_over_ranks(code);
}

// The command line, parsed once.
RunCommand parse_run_command(const po::variables_map& vm, const Study& study,
                             const std::string& command_line, const World& world) {
  RunCommand c;
  RunPlan& plan = c.plan;
  RunSpec& spec = plan.spec;
  spec.replicates = vm.count("replicates")
                        ? parse_count(vm, "fundsim run", "replicates", 1, kMaxReplicates)
                        : study.run.replicates;
  spec.seed =
      vm.count("seed") ? parse_count(vm, "fundsim run", "seed", 0, UINT64_MAX) : study.run.seed;
  spec.central = vm.count("central") > 0;
  spec.summary_only = vm.count("summary-only") > 0;
  spec.independent = vm.count("independent") > 0;
  spec.sweep_months = vm.count("sweep-months") > 0;
  if (vm.count("shard"))
    std::tie(spec.shard_index, spec.shard_count) = parse_shard(vm["shard"].as<std::string>());
  if (vm.count("parameters")) {
    if (spec.central || spec.independent)
      throw InputError(
          "fundsim run: --parameters does not combine with --central or "
          "--independent (the posterior sample is the parameters' design)");
    const PosteriorDesign posterior =
        posterior_design(study, vm["parameters"].as<std::string>(), spec.seed);
    plan.design = posterior.design;
    spec.parameters_sha256 = posterior.posterior.sha256;
    spec.parameters_file = posterior.posterior.path;
  }
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  plan.execution.threads =
      vm.count("threads")
          ? static_cast<unsigned>(parse_count(vm, "fundsim run", "threads", 1, 1024))
      : world.size() > 1 ? std::max(1U, cores / static_cast<unsigned>(world.local_size()))
                         : cores;
  c.quiet = vm.count("quiet") > 0;
  c.dry_run = vm.count("dry-run") > 0;
  c.max_output_bytes = parse_size(vm["max-output-size"].as<std::string>(), "--max-output-size");
  c.decision_sets = vm["decision-sets"].as<std::string>();
  c.decision_evpi = vm.count("decision-evpi") > 0;
  choice::parse_decision_sets(study, c.decision_sets, "fundsim run: --decision-sets");
  plan.overwrite = vm.count("overwrite") > 0;
  plan.resume = vm.count("resume") > 0;
  plan.checkpoint_seconds = parse_seconds(vm, "fundsim run", "checkpoint-every");
  c.progress_every = parse_seconds(vm, "fundsim run", "progress-every");
  plan.command_line = command_line;
  if (vm.count("output")) {
    plan.output_path = vm["output"].as<std::string>();
  } else {
    if (!c.dry_run) std::filesystem::create_directories("outputs");
    plan.output_path = "outputs/" + study.name + ".h5";
  }
  if (vm.count("target-se")) {
    plan.target_se = TargetSe{parse_positive(vm["target-se"].as<std::string>(), "--target-se"),
                              parse_count(vm, "fundsim run", "max-replicates", 1, kMaxReplicates)};
  }
  return c;
}

}  // namespace

int run_command(const std::vector<std::string>& args, const std::string& command_line,
                const World& world) {
  po::options_description options = run_options();
  const po::variables_map vm = parse_arguments(args, options, po::value<std::string>(), "study", 1);
  if (vm.count("help")) {
    std::cout << options << '\n';
    return 0;
  }
  if (!vm.count("study"))
    throw InputError("fundsim run: missing STUDY file (see fundsim run --help)");

  const Study study = load_study(vm["study"].as<std::string>());
  if (world.rank() == 0) {
    for (const FundingPastHorizon& f : funding_past_horizon(study))
      std::cerr << "fundsim: " << study.file << ": " << describe(f, study) << '\n';
  }
  const RunCommand command = parse_run_command(vm, study, command_line, world);
  const RunPlan& plan = command.plan;

  RunHooks hooks;
  hooks.stop = &install_stop_handlers();
  hooks.on_finished_file = choice::run_decision_finisher(
      command.decision_sets, command.decision_evpi, plan.execution.threads);
  if (command.dry_run) {
    if (world.rank() == 0) print_plan(std::cout, study, plan, hooks.stop, command.max_output_bytes);
    return 0;
  }
  if (world.size() > 1) {
    if (plan.spec.shard_count > 1) {
      throw InputError(
          "fundsim run: --shard and mpirun do not combine: under MPI every rank computes "
          "its own shard and rank 0 merges them");
    }
    return run_on_ranks(study, command, hooks, world);
  }

  ProgressPrinter progress(study.name, "replicate-months",
                           stderr_progress(command.quiet, command.progress_every));
  hooks.on_progress = [&progress](const RunProgress& p) {
    progress.update(static_cast<double>(p.done), static_cast<double>(p.total), p.seconds);
  };
  const Notice notice = [](const std::string& text) { std::cerr << "fundsim: " << text << '\n'; };
  const auto check_size = [&](std::uint64_t replicates) {
    check_output_fits(plan.output_path,
                      estimate_output_size(study, replicates, plan.spec.summary_only),
                      command.max_output_bytes);
  };
  JobResult result;
  RunSpec done = plan.spec;
  if (plan.target_se) {
    result = run_to_target_se(study, plan, hooks, notice, check_size);
    done.replicates = result.results.completed.count();
  } else {
    check_size(plan.spec.replicates);
    result = run_job(study, plan, hooks, notice);
  }
  progress.finish();
  if (!command.quiet) {
    if (plan.spec.shard_count > 1) {
      std::cout << "shard " << plan.spec.shard_index << "/" << plan.spec.shard_count
                << " (replicates " << result.results.completed.describe()
                << "): its summaries only\n";
    }
    print_summary_table(std::cout, study, result.results);
    print_written(std::cout, plan.output_path, study, done, result.results.seconds,
                  result.results.replicate_months,
                  std::to_string(plan.execution.threads) + " threads");
  }
  return 0;
}

}  // namespace fundsim::cli
