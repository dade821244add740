// fundsim: the command-line entry point and the only place that maps errors to exit codes
// (STUDY.md: 0 success, 2 invalid input, 3 output problem, 1 anything else; 130/143 on
// SIGINT/SIGTERM).
#include <boost/program_options/errors.hpp>
#include <cstring>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "errors.hpp"
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
    "  report FILE.h5   scenarios against the baseline: paired differences, cost-effectiveness\n"
    "\n"
    "Options:\n"
    "  -h, --help       show this help (fundsim <command> --help for a command's options)\n"
    "  --version        show the version and build\n"
    "\n"
    "Exit codes: 0 success, 2 invalid input, 3 output problem, 1 other error,\n"
    "            130/143 stopped by SIGINT/SIGTERM.\n";

int dispatch(int argc, char** argv) {
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
  if (command == "run") return fundsim::cli::run_command(args, command_line);
  if (command == "validate") return fundsim::cli::validate_command(args);
  if (command == "report") return fundsim::cli::report_command(args);
  std::cerr << "fundsim: unknown command '" << command << "'\n\n" << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return dispatch(argc, argv);
  } catch (const fundsim::Interrupted& e) {
    std::cerr << "fundsim: stopped by signal " << e.signal << " (" << strsignal(e.signal)
              << "); no output was written\n";
    return 128 + e.signal;
  } catch (const fundsim::InputError& e) {
    std::cerr << e.what() << '\n';
    return 2;
  } catch (const boost::program_options::error& e) {
    std::cerr << "fundsim: " << e.what() << " (see fundsim <command> --help)\n";
    return 2;
  } catch (const fundsim::OutputError& e) {
    std::cerr << e.what() << '\n';
    return 3;
  } catch (const fundsim::NumericError& e) {
    std::cerr << e.what() << '\n';  // starts with the study file
    return 1;
  } catch (const fundsim::Error& e) {
    std::cerr << "fundsim: " << e.what() << '\n';
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "fundsim: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "fundsim: internal error: " << e.what() << '\n';
    return 1;
  }
}
