// `fundsim calibrate STUDY`: fit the study's uncertain parameters to its observed series
// (history matching, then a posterior sample) and write the posterior file; `fundsim calibrate
// --report FILE` prints a finished calibration (docs/calibration.md).
#include <boost/program_options.hpp>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <limits>
#include <thread>

#include "calibrate/calibrate_job.hpp"
#include "calibrate/calibration_report.hpp"
#include "cli/calibration_report_print.hpp"
#include "cli/commands.hpp"
#include "cli/option_values.hpp"
#include "cli/parse_arguments.hpp"
#include "cli/signals.hpp"
#include "errors.hpp"
#include "study/study.hpp"

namespace po = boost::program_options;

namespace fundsim::cli {

namespace {

// Defaults sized for the default study on a laptop (docs/calibration.md §3: measured cost).
constexpr const char* kReplicates = "4";
constexpr const char* kParticles = "1000";
constexpr const char* kWavePoints = "1000";
constexpr const char* kMaxSimulations = "3000000";
constexpr const char* kMaxWaves = "10";

po::options_description calibrate_options() {
  po::options_description options(
      "fundsim calibrate STUDY [options]  |  fundsim calibrate --report FILE");
  options.add_options()("help,h", "show this help")(
      "data", po::value<std::string>(),
      "observations CSV (default: the study's [calibration] observations)")(
      "output,o", po::value<std::string>(),
      "posterior file (default: outputs/<study name>-posterior.h5)")(
      "max-simulations", po::value<std::string>()->default_value(kMaxSimulations),
      "simulation budget: trajectories over all waves and posterior steps")(
      "seed", po::value<std::string>(), "random seed 0..2^64-1 (default: the study's)")(
      "threads", po::value<std::string>(), "worker threads 1..1024 (default: all cores)")(
      "replicates", po::value<std::string>()->default_value(kReplicates),
      "simulator replicates per parameter point (>= 2)")(
      "particles", po::value<std::string>()->default_value(kParticles),
      "size of the posterior sample")("wave-points",
                                      po::value<std::string>()->default_value(kWavePoints),
                                      "points per history-matching wave")(
      "cutoff", po::value<std::string>()->default_value("3"),
      "implausibility cut-off (on the k-th largest implausibility)")(
      "kth", po::value<std::string>()->default_value("2"),
      "k: the cut-off applies to the k-th largest implausibility (1 = the maximum)")(
      "max-waves", po::value<std::string>()->default_value(kMaxWaves),
      "history-matching waves at most")(
      "volume-tolerance", po::value<std::string>(),
      "also stop the waves when the estimated non-implausible volume changes by at most this "
      "(relative); default: stop at the second wave that reaches the cut-off")(
      "proposal-spread", po::value<std::string>()->default_value("1"),
      "multiplies the bandwidth of the next wave's (and the posterior's initial) proposal")(
      "discrepancy", po::value<std::string>(),
      "relative model-discrepancy sd (default: the study's, else 0.1)")(
      "overwrite", "replace an existing output and discard a saved calibration")(
      "resume", "continue the calibration a killed run saved beside the output")(
      "report", po::value<std::string>(),
      "print the report of a finished calibration FILE instead of calibrating")(
      "format", po::value<std::string>()->default_value("table"), "report format: table or json")(
      "quiet,q", "no progress lines and no report");
  return options;
}

constexpr const char* kCommand = "fundsim calibrate";

std::uint64_t parse_unsigned(const po::variables_map& vm, const char* option, std::uint64_t lo,
                             std::uint64_t hi) {
  return parse_count(vm, kCommand, option, lo, hi);
}

double parse_real(const po::variables_map& vm, const char* option, double lo, double hi) {
  const std::string text = vm[option].as<std::string>();
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(value >= lo && value <= hi))
    throw InputError("fundsim calibrate: --" + std::string(option) + " must be a number in [" +
                     std::to_string(lo) + ", " + std::to_string(hi) + "], got '" + text + "'");
  return value;
}

CalibratePlan parse_plan(const po::variables_map& vm, const Study& study,
                         const std::string& command_line) {
  CalibratePlan plan;
  if (vm.count("data")) plan.data_path = vm["data"].as<std::string>();
  if (vm.count("discrepancy")) plan.discrepancy = parse_real(vm, "discrepancy", 0, 10);
  if (vm.count("output")) {
    plan.output_path = vm["output"].as<std::string>();
  } else {
    std::filesystem::create_directories("outputs");
    plan.output_path = "outputs/" + study.name + "-posterior.h5";
  }
  plan.overwrite = vm.count("overwrite") > 0;
  plan.resume = vm.count("resume") > 0;
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  plan.threads =
      vm.count("threads") ? static_cast<unsigned>(parse_unsigned(vm, "threads", 1, 1024)) : cores;
  calibration::CalibrationSettings& s = plan.settings;
  s.seed = vm.count("seed") ? parse_unsigned(vm, "seed", 0, UINT64_MAX) : study.run.seed;
  s.replicates = parse_unsigned(vm, "replicates", 2, 1000);
  s.posterior.particles = parse_unsigned(vm, "particles", 2, 1000000);
  s.history.wave_points = parse_unsigned(vm, "wave-points", 10, 10000000);
  s.history.first_wave_points = s.history.wave_points;
  s.history.min_nonimplausible = std::max<std::size_t>(1, s.history.wave_points / 5);
  s.history.cutoff = parse_real(vm, "cutoff", 1e-6, 1e6);
  s.history.kth = parse_unsigned(vm, "kth", 1, 1000000);
  s.history.max_waves = parse_unsigned(vm, "max-waves", 1, 1000);
  // The core's volume estimate (importance sampling over the unit cube) degenerates in dozens
  // of dimensions, so by default the waves stop at the second wave that reaches the cut-off.
  s.history.volume_tolerance = vm.count("volume-tolerance")
                                   ? parse_real(vm, "volume-tolerance", 1e-12, 1e12)
                                   : std::numeric_limits<double>::infinity();
  s.history.spread = parse_real(vm, "proposal-spread", 0.01, 100);
  plan.max_simulations = parse_unsigned(vm, "max-simulations", 1, UINT64_MAX);
  plan.command_line = command_line;
  return plan;
}

}  // namespace

int calibrate_command(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description options = calibrate_options();
  const po::variables_map vm = parse_arguments(args, options, po::value<std::string>(), "study", 1);
  if (vm.count("help")) {
    std::cout << options << '\n';
    return 0;
  }
  const std::string format = vm["format"].as<std::string>();
  if (format != "table" && format != "json")
    throw InputError("fundsim calibrate: --format must be table or json, not '" + format + "'");
  if (vm.count("report")) {
    if (vm.count("study"))
      throw InputError(
          "fundsim calibrate: --report FILE takes no STUDY (it reads a finished "
          "calibration)");
    print_calibration_report(std::cout, read_calibration_report(vm["report"].as<std::string>()),
                             format == "json");
    return 0;
  }
  if (!vm.count("study"))
    throw InputError("fundsim calibrate: missing STUDY file (see fundsim calibrate --help)");
  const Study study = load_study(vm["study"].as<std::string>());
  const CalibratePlan plan = parse_plan(vm, study, command_line);
  const bool quiet = vm.count("quiet") > 0;
  const CalibrationNotice notice = [quiet](const std::string& text) {
    if (!quiet) std::cerr << "fundsim calibrate: " << text << '\n';
  };
  const CalibrateResult result = run_calibration(study, plan, &install_stop_handlers(), notice);
  if (!quiet) {
    print_calibration_report(std::cout, read_calibration_report(plan.output_path),
                             format == "json");
    if (format == "table")
      std::cout << "wrote " << plan.output_path << ": " << result.trajectories
                << " trajectories simulated in " << result.outcome.seconds << " s (" << plan.threads
                << " threads)\n";
  }
  return 0;
}

}  // namespace fundsim::cli
