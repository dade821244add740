// `fundsim sensitivity STUDY --method prcc|morris|sobol` and `fundsim sensitivity FILE.h5 --method
// prcc` (docs/sensitivity.md): which uncertain parameters drive each scenario's outcomes and the
// differences between scenarios. Writes the indices to a netCDF-4 file (docs/output-format.md §10)
// and prints the top drivers as a table or every index as JSON.
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "calibrate/posterior_design.hpp"
#include "cli/commands.hpp"
#include "cli/file_input.hpp"
#include "cli/option_values.hpp"
#include "cli/parse_arguments.hpp"
#include "cli/progress.hpp"
#include "cli/sensitivity_file.hpp"
#include "cli/sensitivity_report.hpp"
#include "cli/signals.hpp"
#include "cli/table.hpp"
#include "errors.hpp"
#include "output/results_file.hpp"
#include "run/sensitivity_outputs.hpp"
#include "run/sensitivity_run.hpp"

namespace po = boost::program_options;

namespace fundsim::cli {

namespace {

constexpr const char* kCommand = "fundsim sensitivity";
// Refuse designs whose estimators would hold more than this (docs/sensitivity.md §3).
constexpr std::uint64_t kMaxMemory = std::uint64_t{4} << 30;
constexpr std::uint64_t kBatchBytes = std::uint64_t{256} << 20;

po::options_description sensitivity_options() {
  po::options_description options("fundsim sensitivity STUDY|FILE.h5 --method METHOD [options]");
  options.add_options()("help,h", "show this help")(
      "method", po::value<std::string>(),
      "prcc (Latin hypercube; also on the replicates of a full run FILE.h5), morris (screening) "
      "or sobol (first-order and total indices)")(
      "samples", po::value<std::string>(),
      "prcc: rows (default 1000); morris: trajectories (default 100); sobol: base rows, each "
      "D + 3 model runs (default 1024)")(
      "scenarios", po::value<std::vector<std::string>>()->composing(),
      "scenarios, comma-separated (sweep points by their names); all; named (default: the "
      "scenarios that are not sweep points). The reference is always added")(
      "reference", po::value<std::string>(),
      "differences are scenario - REFERENCE, replicate by replicate (default: the baseline)")(
      "metrics", po::value<std::vector<std::string>>()->composing(),
      "metrics with totals and objectives, comma-separated, or all (default: contact_abuse, "
      "arrests, safeguarded, active and the study's own objectives)")(
      "monthly", "prcc: indices for every month too")(
      "seed", po::value<std::string>(), "random seed of the design (default: the study's)")(
      "parameters", po::value<std::string>(),
      "a posterior of fundsim calibrate: its calibrated parameters vary over their posterior "
      "marginals, the others over their priors (docs/sensitivity.md §8)")(
      "threads", po::value<std::string>(), "worker threads 1..1024 (default: all cores)")(
      "confidence", po::value<std::string>()->default_value("0.95"),
      "level of the intervals, in (0, 1)")(
      "bootstrap", po::value<std::string>(),
      "bootstrap replicates (default: sobol 200, morris 1000, prcc noise share 200)")(
      "output,o", po::value<std::string>(),
      "output file (default: outputs/<study name>-<method>.h5)")("overwrite",
                                                                 "replace an existing output file")(
      "format", po::value<std::string>()->default_value("table"), "table or json")(
      "top", po::value<std::string>()->default_value("5"), "table: drivers shown per output")(
      "period", po::value<std::string>()->default_value("horizon"),
      "table: the period shown (horizon, 'year 0', ..., 'month 0', ...)")(
      "progress-every", po::value<std::string>()->default_value("60"),
      "seconds between progress lines when stderr is not a terminal (batch logs, notebooks)")(
      "quiet,q", "no progress and no 'wrote' line");
  return options;
}

double parse_confidence(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(value > 0 && value < 1)) {
    throw InputError(std::string(kCommand) +
                     ": --confidence must be a number between 0 and 1 (exclusive), got '" + text +
                     "'");
  }
  return value;
}

// "a,b[x=1,y=0],c" -> a, b[x=1,y=0], c: commas inside brackets belong to sweep point names.
std::vector<std::string> split_names(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& value : values) {
    std::string current;
    int depth = 0;
    for (const char c : value) {
      if (c == '[') ++depth;
      if (c == ']') --depth;
      if (c == ',' && depth == 0) {
        if (!current.empty()) out.push_back(current);
        current.clear();
      } else {
        current += c;
      }
    }
    if (!current.empty()) out.push_back(current);
  }
  return out;
}

bool is_hdf5(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char signature[8] = {};
  in.read(signature, sizeof signature);
  return in.gcount() == 8 && std::string(signature, 8) == std::string("\x89HDF\r\n\x1a\n", 8);
}

struct Command {
  std::string input;
  bool from_run = false;
  SensitivityMethod method = SensitivityMethod::prcc;
  SensitivityRequest request;
  std::vector<std::string> scenarios;  // as given
  std::optional<std::string> reference;
  std::optional<std::string> parameters;  // --parameters posterior.h5
  std::vector<std::string> metrics;
  bool monthly = false;
  std::optional<std::string> output;
  bool overwrite = false;
  bool json = false;
  std::size_t top = 5;
  std::string period;
  bool quiet = false;
  double progress_every = 60.0;  // seconds between progress lines in a log
};

// The command line, parsed once; what needs the study is resolved later.
Command parse_command(const po::variables_map& vm) {
  Command c;
  if (!vm.count("input"))
    throw InputError(std::string(kCommand) + ": missing STUDY or FILE.h5 (see " + kCommand +
                     " --help)");
  c.input = vm["input"].as<std::string>();
  if (!vm.count("method"))
    throw InputError(std::string(kCommand) + ": --method prcc, morris or sobol is required");
  const std::string method = vm["method"].as<std::string>();
  const auto m = find_method(method);
  if (!m) {
    throw InputError(std::string(kCommand) + ": --method must be prcc, morris or sobol, not '" +
                     method + "'");
  }
  c.method = *m;
  c.request.method = *m;
  c.request.samples = vm.count("samples")
                          ? parse_count(vm, kCommand, "samples", 1, std::uint64_t{1} << 32)
                          : default_samples(*m);
  if (vm.count("seed")) c.request.seed = parse_count(vm, kCommand, "seed", 0, UINT64_MAX);
  c.request.threads = vm.count("threads")
                          ? static_cast<unsigned>(parse_count(vm, kCommand, "threads", 1, 1024))
                          : std::max(1U, std::thread::hardware_concurrency());
  c.request.confidence = parse_confidence(vm["confidence"].as<std::string>());
  if (vm.count("bootstrap"))
    c.request.bootstrap = parse_count(vm, kCommand, "bootstrap", 10, 100000);
  if (vm.count("scenarios"))
    c.scenarios = split_names(vm["scenarios"].as<std::vector<std::string>>());
  if (vm.count("reference")) c.reference = vm["reference"].as<std::string>();
  if (vm.count("parameters")) c.parameters = vm["parameters"].as<std::string>();
  if (vm.count("metrics")) {
    c.metrics = split_names(vm["metrics"].as<std::vector<std::string>>());
    if (c.metrics.empty()) throw InputError(std::string(kCommand) + ": --metrics is empty");
  }
  c.monthly = vm.count("monthly") > 0;
  if (c.monthly && c.method != SensitivityMethod::prcc) {
    throw InputError(std::string(kCommand) +
                     ": --monthly is for --method prcc (Morris and Sobol' indices are per year "
                     "and over the horizon; docs/sensitivity.md §1)");
  }
  if (vm.count("output")) c.output = vm["output"].as<std::string>();
  c.overwrite = vm.count("overwrite") > 0;
  const std::string format = vm["format"].as<std::string>();
  if (format != "table" && format != "json")
    throw InputError(std::string(kCommand) + ": --format must be table or json, not '" + format +
                     "'");
  c.json = format == "json";
  c.top = parse_count(vm, kCommand, "top", 1, 1000000);
  c.period = vm["period"].as<std::string>();
  c.quiet = vm.count("quiet") > 0;
  c.progress_every = parse_seconds(vm, kCommand, "progress-every");
  c.from_run = is_hdf5(c.input);
  if (c.from_run) {
    if (c.method != SensitivityMethod::prcc) {
      throw InputError(c.input + ": " + kCommand +
                       " reads the replicates of a finished run with "
                       "--method prcc only; Morris and Sobol' need their own designs: give the "
                       "study file");
    }
    for (const char* option : {"samples", "seed", "bootstrap", "parameters"}) {
      if (vm.count(option)) {
        throw InputError(std::string(kCommand) + ": --" + option +
                         " does not apply to a results file (its replicates are the design)");
      }
    }
  }
  return c;
}

SensitivitySelection selection(const Study& study, const Command& c) {
  SensitivitySelection s;
  for (const std::string& name : c.scenarios) {
    if (name == "all") {
      for (std::size_t i = 0; i < study.scenarios.size(); ++i) s.scenarios.push_back(i);
    } else if (name == "named") {
      for (std::size_t i = 0; i < study.scenarios.size(); ++i)
        if (study.scenarios[i].sweep.empty()) s.scenarios.push_back(i);
    } else {
      s.scenarios.push_back(find_scenario(study, name, std::string(kCommand) + " --scenarios"));
    }
  }
  if (c.reference)
    s.reference = find_scenario(study, *c.reference, std::string(kCommand) + " --reference");
  s.quantities = c.metrics;
  s.monthly = c.monthly;
  return s;
}

std::size_t find_period(const SensitivityAxes& axes, const std::string& label) {
  std::vector<std::string> labels;
  for (std::size_t p = 0; p < axes.periods.size(); ++p) {
    if (axes.periods[p].label == label) return p;
    labels.push_back(axes.periods[p].label);
  }
  throw InputError(std::string(kCommand) + ": --period '" + label + "' is not one of: " + [&] {
    std::string s;
    for (const auto& l : labels) s += (s.empty() ? "" : ", ") + l;
    return s;
  }());
}

// The per-replicate totals of the chosen scenarios of a full run, laid out as evaluate() does
// (scenario k of the layout is axes.scenarios[k]); monthly values summed over classes.
Evaluation read_totals(const ResultsFile& file, const SensitivityAxes& axes) {
  const Study& study = file.study();
  Evaluation e;
  e.scenarios = axes.scenarios.size();
  e.replicates = file.spec().replicates;
  e.metrics = total_metrics().size();
  e.months = static_cast<std::size_t>(study.run.months);
  e.years = (e.months + 11) / 12;
  const std::size_t K = e.scenarios, R = e.replicates, M = e.metrics, Y = e.years, T = e.months;
  e.horizon.assign(K * R * M, 0);
  e.year.assign(K * R * M * Y, 0);
  std::vector<bool> needed(kMetricCount, false);
  for (const SensitivityQuantity& q : axes.quantities) {
    if (q.metric) {
      needed[static_cast<std::size_t>(*q.metric)] = true;
    } else {
      for (const auto& [m, w] : study.objectives[q.objective].weights)
        needed[static_cast<std::size_t>(m)] = true;
    }
  }
  for (const Metric m : total_metrics()) {
    if (!needed[static_cast<std::size_t>(m)]) continue;
    const std::string name = metric_name(m);
    const std::size_t i = total_index(m);
    const std::vector<double> horizon = file.read(name + "_horizon_total");
    const std::vector<double> year = file.read(name + "_year_total");
    for (std::size_t k = 0; k < K; ++k) {
      const std::size_t s = axes.scenarios[k];
      for (std::size_t r = 0; r < R; ++r) {
        e.horizon[(k * R + r) * M + i] = static_cast<std::int64_t>(horizon[s * R + r]);
        for (std::size_t y = 0; y < Y; ++y)
          e.year[((k * R + r) * M + i) * Y + y] =
              static_cast<std::int64_t>(year[(s * R + r) * Y + y]);
      }
    }
  }
  const std::vector<Metric> monthly = monthly_metrics(study, axes);
  if (!monthly.empty()) {
    const std::vector<double> kept = file.read("replicates_stored");
    for (const std::size_t s : axes.scenarios) {
      if (kept[s] != 1) {
        throw InputError(file.path() + ": --monthly needs the monthly per-replicate values of '" +
                         study.scenarios[s].name +
                         "', which the file does not keep (sweep points keep totals only)");
      }
    }
    e.monthly.assign(K * R * monthly.size() * T, 0);
    for (std::size_t q = 0; q < monthly.size(); ++q) {
      const std::vector<double> values = file.read(metric_name(monthly[q]));
      const std::size_t W = metric_info(monthly[q]).per_class ? study.classes.size() : 1;
      // The file's months: the horizon's, after any months simulated before the policy start.
      const std::size_t stored = values.size() / (study.scenarios.size() * R * W);
      const std::size_t first = stored - T;
      for (std::size_t k = 0; k < K; ++k) {
        const std::size_t s = axes.scenarios[k];
        for (std::size_t r = 0; r < R; ++r) {
          for (std::size_t t = 0; t < T; ++t) {
            std::int64_t sum = 0;
            for (std::size_t w = 0; w < W; ++w)
              sum += static_cast<std::int64_t>(values[((s * R + r) * stored + first + t) * W + w]);
            e.monthly[((k * R + r) * monthly.size() + q) * T + t] = sum;
          }
        }
      }
    }
  }
  return e;
}

std::string default_output(const Study& study, SensitivityMethod method) {
  std::filesystem::create_directories("outputs");
  return "outputs/" + study.name + "-" + method_name(method) + ".h5";
}

}  // namespace

int sensitivity_command(const std::vector<std::string>& args, const std::string& command_line) {
  const po::options_description options = sensitivity_options();
  const po::variables_map vm = parse_arguments(args, options, po::value<std::string>(), "input", 1);
  if (vm.count("help")) {
    std::cout << options
              << "\nWhich uncertain parameters drive each scenario's outcomes and its paired "
                 "difference from the reference, over the horizon and per year "
                 "(docs/sensitivity.md). Writes the indices to a netCDF-4 file (draw it with "
                 "scripts/plot FILE -o DIR) and prints the top drivers.\n";
    return 0;
  }
  Command c = parse_command(vm);

  std::optional<ResultsFile> run_file;
  Study study;
  if (c.from_run) {
    run_file.emplace(c.input);
    require_totals(*run_file, kCommand);
    study = run_file->study();
    c.request.seed = run_file->spec().seed;
  } else {
    study = load_study(c.input);
    if (!vm.count("seed")) c.request.seed = study.run.seed;
  }
  const SensitivityAxes axes = sensitivity_axes(study, selection(study, c));
  const std::size_t period = find_period(axes, c.period);
  if (!c.from_run) {
    // Batches of at most ~256 MB of evaluated rows (monthly values of many scenarios are large);
    // the batch size changes no result.
    c.request.batch_rows = std::clamp<std::uint64_t>(
        kBatchBytes / std::max<std::uint64_t>(1, row_bytes(study, axes)), 256, 4096);
    const std::uint64_t bytes = estimated_memory(study, axes, c.request);
    if (bytes > kMaxMemory) {
      throw InputError(std::string(kCommand) + ": " + std::to_string(axes.outputs()) +
                       " outputs (targets x metrics x periods) with these options need about " +
                       pretty(static_cast<double>(bytes) / 1e9, 1) +
                       " GB; choose fewer --scenarios or --metrics, fewer --samples, or a smaller "
                       "--bootstrap");
    }
  }
  SensitivityFileInfo info{c.output ? *c.output : default_output(study, c.method),
                           c.overwrite,
                           command_line,
                           c.from_run ? c.input : "study",
                           {},
                           {}};
  std::vector<std::string> calibrated;
  if (c.parameters) {
    const PosteriorMarginalsInput posterior = posterior_marginals(study, *c.parameters);
    c.request.posterior = posterior.marginals;
    info.parameters_file = posterior.posterior.path;
    info.parameters_sha256 = posterior.posterior.sha256;
    for (std::size_t j = 0; j < axes.factors.size(); ++j)
      if (posterior.marginals->calibrated(axes.factors[j]))
        calibrated.push_back(axes.factor_names[j]);
    if (calibrated.empty())
      throw InputError(*c.parameters +
                       ": none of its calibrated parameters is an uncertain "
                       "parameter of " +
                       study.file + ", so the analysis would be the prior's");
  } else if (c.from_run) {
    info.parameters_file = run_file->spec().parameters_file;
    info.parameters_sha256 = run_file->spec().parameters_sha256;
  }
  SensitivityFile file(info);

  const std::atomic<int>& stop = install_stop_handlers();
  SensitivityResults results;
  if (c.from_run) {
    const std::vector<double> parameters = run_file->read("parameters");
    results = prcc_of_run(study, axes, parameters, read_totals(*run_file, axes), c.request.seed,
                          c.request.confidence);
  } else {
    SensitivityHooks hooks;
    hooks.stop = &stop;
    ProgressPrinter progress(study.name + " " + method_name(c.method), "design rows",
                             stderr_progress(c.quiet, c.progress_every));
    hooks.on_progress = [&](std::uint64_t done, std::uint64_t total, double seconds) {
      progress.update(static_cast<double>(done), static_cast<double>(total), seconds);
    };
    results = run_sensitivity(study, axes, c.request, hooks);
    progress.finish();
  }
  if (stop.load() != 0) throw Interrupted(stop.load());
  file.write(study, results);
  if (!c.quiet) std::cerr << "wrote " << file.path() << '\n';
  const SensitivityReport report{c.from_run,           c.input,   c.top, period,
                                 info.parameters_file, calibrated};
  if (c.json) {
    print_sensitivity_json(std::cout, study, results, report);
  } else {
    print_sensitivity_table(std::cout, study, results, report);
  }
  return 0;
}

}  // namespace fundsim::cli
