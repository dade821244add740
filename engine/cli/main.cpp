// fundsim: the command-line entry point; errors become exit codes in cli/exit_codes.cpp.
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/world.hpp"
#include "version.hpp"

namespace {

constexpr const char* kUsage =
    "Usage: fundsim <command> [options]\n"
    "\n"
    "Monte Carlo scenario engine for funding-impact modelling.\n"
    "\n"
    "Commands:\n"
    "  run STUDY        run every scenario of a study and write an HDF5 file\n"
    "  validate STUDY…  check study files without running them\n"
    "  report FILE.h5   scenarios against the baseline (or --reference): paired differences,\n"
    "                   cost-effectiveness\n"
    "  compare FILE A B the paired difference A - B of every metric and objective\n"
    "  decide FILE.h5   P(best), expected loss, EVPI and EVPPI of a set of scenarios\n"
    "  optimise STUDY   the best split of a budget over levers for an objective\n"
    "  sensitivity STUDY which uncertain parameters drive the outcomes and the differences:\n"
    "                   PRCC, Morris or Sobol' indices (also PRCC of a full run's FILE.h5)\n"
    "  calibrate STUDY  fit the uncertain parameters to observed series; write a posterior\n"
    "                   for run --parameters (calibrate --report FILE: its report)\n"
    "  merge OUT SHARD… combine the shard files of `run --shard I/N` into one run's file\n"
    "  schema           the engine's registries as JSON (metrics, effect targets, study keys...)\n"
    "\n"
    "Options:\n"
    "  -h, --help       show this help (fundsim <command> --help for a command's options)\n"
    "  --version        show the version and build\n"
    "\n"
    "Exit codes: 0 success, 2 invalid input, 3 output problem, 1 other error,\n"
    "            130/143 stopped by SIGINT/SIGTERM.\n";

int dispatch(int argc, char** argv, const fundsim::cli::World& world) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);
  if (args.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "-h" || command == "--help" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (command == "--version" || command == "version") {
    std::cout << "fundsim " << fundsim::kVersion << " (commit " << fundsim::kGitCommit << ", "
              << fundsim::kBuildType << ")\n";
    return 0;
  }
  if (command == "run") return fundsim::cli::run_command(args, command_line, world);
  if (command == "merge") return fundsim::cli::merge_command(args, command_line);
  if (command == "validate") return fundsim::cli::validate_command(args);
  if (command == "report") return fundsim::cli::report_command(args);
  if (command == "schema") return fundsim::cli::schema_command(args);
  if (command == "compare") return fundsim::cli::compare_command(args);
  if (command == "decide") return fundsim::cli::decide_command(args);
  if (command == "optimise") return fundsim::cli::optimise_command(args, command_line);
  if (command == "sensitivity") return fundsim::cli::sensitivity_command(args, command_line);
  if (command == "calibrate") return fundsim::cli::calibrate_command(args, command_line);
  std::cerr << "fundsim: unknown command '" << command << "'\n\n" << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    fundsim::cli::World world(&argc, &argv);
    try {
      return dispatch(argc, argv, world);
    } catch (...) {
      return fundsim::cli::report_error(std::current_exception());
    }
  } catch (...) {
    return fundsim::cli::report_error(std::current_exception());
  }
}
