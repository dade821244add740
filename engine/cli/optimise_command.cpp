// `fundsim optimise STUDY --objective NAME`: the split of a budget over chosen levers that is
// best for the objective (docs/decision.md §4), its interval on fresh replicates, the near-optimal
// splits, P(best) among the finalists and the paired difference against the baseline and every
// named scenario; every scored split in an HDF5 file. Formats: table, json.
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "calibrate/posterior_design.hpp"
#include "choice/decision_data.hpp"
#include "choice/optimisation_file.hpp"
#include "choice/split_search.hpp"
#include "cli/commands.hpp"
#include "cli/parse_arguments.hpp"
#include "cli/signals.hpp"
#include "cli/table.hpp"
#include "errors.hpp"
#include "output/pending_output.hpp"
#include "study/suggest.hpp"

namespace po = boost::program_options;

namespace fundsim::cli {

namespace {

constexpr double kZ95 = 1.959963984540054;

std::string option_error(const std::string& option, const std::string& message) {
  return "fundsim optimise: " + option + ": " + message;
}

// A number in [lo, hi] (whole if `whole`), or InputError naming the option.
double parse_number(const std::string& text, const std::string& option, double lo, double hi,
                    bool whole = false) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(value) || value < lo || value > hi ||
      (whole && value != std::floor(value))) {
    throw InputError(
        option_error(option, "must be " + std::string(whole ? "a whole number" : "a number") +
                                 " from " + study_detail::format_number(lo) + " to " +
                                 study_detail::format_number(hi) + ", got '" + text + "'"));
  }
  return value;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (;;) {
    const std::size_t comma = text.find(',', from);
    out.push_back(text.substr(from, comma == std::string::npos ? comma : comma - from));
    if (comma == std::string::npos) return out;
    from = comma + 1;
  }
}

std::size_t find_lever(const Study& study, const std::string& name, const std::string& option) {
  std::vector<std::string> names;
  for (std::size_t l = 0; l < study.levers.size(); ++l) {
    if (study.levers[l].name == name) return l;
    names.push_back(study.levers[l].name);
  }
  const std::string suggestion = study_detail::did_you_mean(name, names);
  throw InputError(option_error(option, "unknown lever '" + name + "'" +
                                            (suggestion.empty() ? ";" : suggestion) +
                                            " levers: " + study_detail::join_names(names, true)));
}

// The scenario whose budget and spending window the search uses by default: the objective's
// reference if it has money, else the first named scenario with money, else the first sweep's
// first point.
const Scenario* budget_reference(const Study& study, const Objective& objective) {
  if (objective.risk == RiskMeasure::p_beat && study.scenarios[objective.reference].budget > 0)
    return &study.scenarios[objective.reference];
  for (const Scenario& s : study.scenarios)
    if (s.sweep.empty() && s.budget > 0) return &s;
  for (const Scenario& s : study.scenarios)
    if (s.budget > 0) return &s;
  return nullptr;
}

nlohmann::ordered_json shares_json(const std::vector<std::string>& levers,
                                   const decision::Shares& shares) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (std::size_t l = 0; l < levers.size(); ++l) out[levers[l]] = shares[l];
  return out;
}

std::string shares_text(const std::vector<std::string>& levers, const decision::Shares& shares) {
  std::string out;
  for (std::size_t l = 0; l < levers.size(); ++l)
    out += (l ? ", " : "") + levers[l] + " " + pretty(100 * shares[l], 1) + "%";
  return out;
}

std::string score_sign_text(const Objective& o) {
  if (o.risk == RiskMeasure::p_beat) return "higher is better";
  return o.direction == Direction::minimise ? "minimise" : "maximise";
}

}  // namespace

int optimise_command(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description options("fundsim optimise STUDY --objective NAME [options]");
  options.add_options()("help,h", "show this help")("objective", po::value<std::string>(),
                                                    "the objective to optimise (required)")(
      "levers", po::value<std::string>(),
      "comma-separated levers to split the budget over (default: every lever; the others get "
      "nothing)")("bound", po::value<std::vector<std::string>>(),
                  "LEVER=MIN:MAX, bounds on a lever's share in [0, 1] (repeatable)")(
      "budget", po::value<std::string>(),
      "money over the duration, in the study's currency (default: the budget of the objective's "
      "reference, or of the first named scenario with a budget)")(
      "duration", po::value<std::string>(), "months of spending (default: as the budget's)")(
      "start-month", po::value<std::string>(),
      "first month of spending (default: as the budget's)")(
      "replicates", po::value<std::string>()->default_value("1000"),
      "common-random-number replicates every split is scored on")(
      "fresh-replicates", po::value<std::string>(),
      "fresh replicates the finalists are scored on again (default: as --replicates)")(
      "seed", po::value<std::string>(), "seed of the search replicates (default: the study's)")(
      "central", "every uncertain parameter at its median (the model stays random)")(
      "parameters", po::value<std::string>(),
      "a posterior of fundsim calibrate: every replicate draws its calibrated parameters from it "
      "(docs/calibration.md §5)")("grid-step", po::value<std::string>()->default_value("0.1"),
                                  "step of the coarse grid of shares (1/step a whole number)")(
      "max-evaluations", po::value<std::string>()->default_value("100"),
      "new splits each refinement start may score (Sbplx, both passes)")(
      "refine-starts", po::value<std::string>()->default_value("3"),
      "best grid points refined, one after another")(
      "finalists", po::value<std::string>()->default_value("10"),
      "best splits of the search scored again on fresh replicates")(
      "tolerance", po::value<std::string>()->default_value("5%"),
      "near-optimal: at most this much worse than the best, in the objective's units, or with % "
      "as a share of the best split's gain over the baseline")(
      "threads", po::value<std::string>(), "worker threads (default: all cores; same result)")(
      "output,o", po::value<std::string>(),
      "the optimisation file (default: outputs/<study>-optimise-<objective>.h5)")(
      "overwrite", "replace an existing output file")(
      "format", po::value<std::string>()->default_value("table"), "table or json")("quiet,q",
                                                                                   "no progress");
  const po::variables_map vm = parse_arguments(args, options, po::value<std::string>(), "study", 1);
  if (vm.count("help")) {
    std::cout << options
              << "\nThe split of a budget over levers that is best for an objective, by "
                 "sample-average approximation on\ncommon-random-number replicates "
                 "(docs/decision.md §4).\n";
    return 0;
  }
  if (!vm.count("study")) throw InputError("fundsim optimise: missing STUDY (see --help)");
  if (!vm.count("objective"))
    throw InputError("fundsim optimise: --objective NAME is required (see --help)");
  const std::string format = vm["format"].as<std::string>();
  if (format != "table" && format != "json")
    throw InputError(option_error("--format", "must be table or json, not '" + format + "'"));

  const Study study = load_study(vm["study"].as<std::string>());
  choice::SplitSearchSettings s;
  s.objective = choice::find_objective(study, vm["objective"].as<std::string>(),
                                       "fundsim optimise: --objective");
  const Objective& objective = study.objectives[s.objective];
  if (study.levers.empty()) throw InputError("fundsim optimise: the study has no levers");
  if (vm.count("levers")) {
    for (const std::string& name : split_list(vm["levers"].as<std::string>())) {
      const std::size_t l = find_lever(study, name, "--levers");
      if (std::find(s.levers.begin(), s.levers.end(), l) != s.levers.end())
        throw InputError(option_error("--levers", "lever '" + name + "' is listed twice"));
      s.levers.push_back(l);
    }
  } else {
    for (std::size_t l = 0; l < study.levers.size(); ++l) s.levers.push_back(l);
  }
  s.bounds.lower.assign(s.levers.size(), 0.0);
  s.bounds.upper.assign(s.levers.size(), 1.0);
  std::vector<bool> bounded(s.levers.size(), false);
  if (vm.count("bound")) {
    for (const std::string& text : vm["bound"].as<std::vector<std::string>>()) {
      const std::string option = "--bound '" + text + "'";
      const std::size_t equals = text.find('='), colon = text.find(':', equals);
      if (equals == std::string::npos || colon == std::string::npos)
        throw InputError(option_error(option, "expected LEVER=MIN:MAX, e.g. prevention=0.1:0.5"));
      const std::size_t lever = find_lever(study, text.substr(0, equals), option);
      const auto at = std::find(s.levers.begin(), s.levers.end(), lever);
      if (at == s.levers.end())
        throw InputError(option_error(option, "lever '" + study.levers[lever].name +
                                                  "' is not among the levers searched (--levers)"));
      const auto j = static_cast<std::size_t>(at - s.levers.begin());
      if (bounded[j])
        throw InputError(
            option_error(option, "lever '" + study.levers[lever].name + "' is bounded twice"));
      bounded[j] = true;
      s.bounds.lower[j] =
          parse_number(text.substr(equals + 1, colon - equals - 1), option + " (MIN)", 0, 1);
      s.bounds.upper[j] = parse_number(text.substr(colon + 1), option + " (MAX)", 0, 1);
      if (s.bounds.lower[j] > s.bounds.upper[j])
        throw InputError(option_error(option, "MIN is above MAX"));
    }
  }
  double lower = 0, upper = 0;
  for (std::size_t j = 0; j < s.levers.size(); ++j) {
    lower += s.bounds.lower[j];
    upper += s.bounds.upper[j];
  }
  if (lower > 1 + 1e-12 || upper < 1 - 1e-12)
    throw InputError(
        option_error("--bound",
                     "no split satisfies the bounds: the lower bounds sum "
                     "to " +
                         study_detail::format_number(lower) + " and the upper ones to " +
                         study_detail::format_number(upper) + "; shares must sum to 1"));

  const Scenario* reference = budget_reference(study, objective);
  std::string budget_from = reference ? "scenario " + reference->name : "";
  if (vm.count("budget")) {
    s.budget = parse_number(vm["budget"].as<std::string>(), "--budget", 1e-9, 1e18);
    budget_from = "--budget";
  } else if (reference) {
    s.budget = reference->budget;
  } else {
    throw InputError(
        "fundsim optimise: no scenario of the study has a budget to split: give --budget");
  }
  s.duration_months = reference ? reference->duration_months : 12;
  s.start_month = reference ? reference->start_month : 0;
  if (vm.count("duration"))
    s.duration_months = static_cast<int>(
        parse_number(vm["duration"].as<std::string>(), "--duration", 1, 1200, true));
  if (vm.count("start-month"))
    s.start_month = static_cast<int>(parse_number(vm["start-month"].as<std::string>(),
                                                  "--start-month", 0, study.run.months - 1, true));
  s.replicates = static_cast<std::uint64_t>(
      parse_number(vm["replicates"].as<std::string>(), "--replicates", 10, 1e7, true));
  s.fresh_replicates =
      vm.count("fresh-replicates")
          ? static_cast<std::uint64_t>(parse_number(vm["fresh-replicates"].as<std::string>(),
                                                    "--fresh-replicates", 10, 1e7, true))
          : s.replicates;
  if (vm.count("seed")) {
    const std::string text = vm["seed"].as<std::string>();
    if (text.empty() || text.size() > 20 ||
        text.find_first_not_of("0123456789") != std::string::npos)
      throw InputError(
          option_error("--seed", "must be a whole number 0..2^64-1, got '" + text + "'"));
    errno = 0;
    s.seed = std::strtoull(text.c_str(), nullptr, 10);
    if (errno == ERANGE) throw InputError(option_error("--seed", "is above 2^64-1"));
  } else {
    s.seed = study.run.seed;
  }
  s.central = vm.count("central") > 0;
  if (vm.count("parameters")) {
    if (s.central)
      throw InputError(
          "fundsim optimise: --parameters does not combine with --central (the posterior "
          "sample is the parameters' design)");
    // Read and checked once (a mismatch is an error before the search starts); the search and
    // the fresh replicates then each draw from it under their own seed.
    auto posterior = std::make_shared<const PosteriorFile>(
        posterior_design(study, vm["parameters"].as<std::string>(), s.seed).posterior);
    s.parameters_file = posterior->path;
    s.parameters_sha256 = posterior->sha256;
    s.design = [&study, posterior](std::uint64_t seed) -> std::shared_ptr<const ReplicateDesign> {
      return posterior_design(study, *posterior, seed).design;
    };
  }
  s.search.grid_step = parse_number(vm["grid-step"].as<std::string>(), "--grid-step", 1e-3, 1);
  const double steps = 1 / s.search.grid_step;
  if (std::fabs(steps - std::round(steps)) > 1e-9 * steps)
    throw InputError(option_error("--grid-step",
                                  "1 / step must be a whole number (e.g. 0.1, "
                                  "0.05), got " +
                                      vm["grid-step"].as<std::string>()));
  s.search.max_grid_points = 100000;
  s.search.batch_size = 64;
  s.search.share_tolerance = 1e-3;
  s.search.max_evaluations_per_start = static_cast<int>(
      parse_number(vm["max-evaluations"].as<std::string>(), "--max-evaluations", 0, 1e6, true));
  s.search.refine_starts = static_cast<int>(
      parse_number(vm["refine-starts"].as<std::string>(), "--refine-starts", 0, 1000, true));
  s.finalists = static_cast<std::size_t>(
      parse_number(vm["finalists"].as<std::string>(), "--finalists", 1, 1000, true));
  const std::string tolerance = vm["tolerance"].as<std::string>();
  s.tolerance.relative = !tolerance.empty() && tolerance.back() == '%';
  s.tolerance.value =
      s.tolerance.relative
          ? parse_number(tolerance.substr(0, tolerance.size() - 1), "--tolerance", 0, 1e6) / 100
          : parse_number(tolerance, "--tolerance", 0, 1e300);
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  s.threads = vm.count("threads")
                  ? static_cast<unsigned>(
                        parse_number(vm["threads"].as<std::string>(), "--threads", 1, 1024, true))
                  : cores;
  const std::string output = vm.count("output")
                                 ? vm["output"].as<std::string>()
                                 : "outputs/" + study.name + "-optimise-" + objective.name + ".h5";
  const bool overwrite = vm.count("overwrite") > 0;
  choice::check_split_settings(study, s);  // anything the checks above did not catch
  // Refuse an existing output before spending minutes on the search.
  if (!vm.count("output")) std::filesystem::create_directories("outputs");
  { PendingOutput probe(output, overwrite); }

  RunHooks hooks;
  hooks.stop = &install_stop_handlers();
  const bool verbose = !vm.count("quiet") && ::isatty(STDERR_FILENO);
  const choice::SplitSearchResult r =
      choice::search_split(study, s, hooks, [&](const std::string& note) {
        if (verbose) std::cerr << "\rfundsim optimise: " << note << "        " << std::flush;
      });
  if (verbose) std::cerr << '\n';
  choice::write_optimisation_file(output, overwrite, study, s, r,
                                  {command_line, tolerance, budget_from});

  std::vector<std::string> levers;
  for (std::size_t l : s.levers) levers.push_back(study.levers[l].name);
  const choice::Finalist& best = r.finalists[r.best];
  const decision::Shares& best_shares = r.evaluated[best.candidate].shares;
  const double lo = best.score.value - kZ95 * best.score.standard_error;
  const double hi = best.score.value + kZ95 * best.score.standard_error;
  const std::string units = objective.risk == RiskMeasure::p_beat
                                ? ""
                                : (objective.units.empty() ? "" : " " + objective.units);
  const char* risk[] = {"mean", "quantile", "cvar", "p_beat"};

  if (format == "json") {
    nlohmann::ordered_json doc = {
        {"objective", objective.name},
        {"risk", risk[static_cast<int>(objective.risk)]},
        {"direction", objective.direction == Direction::minimise ? "minimise" : "maximise"},
        {"units", objective.units},
        {"budget", s.budget},
        {"currency", study.currency},
        {"start_month", s.start_month},
        {"duration_months", s.duration_months},
        {"budget_from", budget_from},
        {"best",
         {{"shares", shares_json(levers, best_shares)},
          {"value", json_value(best.score.value)},
          {"se", json_value(best.score.standard_error)},
          {"ci", {json_value(lo), json_value(hi)}},
          {"search_value", json_value(r.evaluated[best.candidate].score.value)}}}};
    nlohmann::ordered_json near = nlohmann::ordered_json::array(),
                           finalists = nlohmann::ordered_json::array();
    for (const choice::Finalist& f : r.finalists) {
      const nlohmann::ordered_json row = {
          {"shares", shares_json(levers, r.evaluated[f.candidate].shares)},
          {"value", json_value(f.score.value)},
          {"se", json_value(f.score.standard_error)},
          {"expected_loss", json_value(f.expected_loss)},
          {"expected_loss_se", json_value(f.expected_loss_se)},
          {"p_best_replicates", json_value(f.p_best)},
          {"search_value", json_value(r.evaluated[f.candidate].score.value)}};
      finalists.push_back(row);
      if (f.near_optimal)
        near.push_back({{"shares", row["shares"]},
                        {"value", row["value"]},
                        {"expected_loss", row["expected_loss"]}});
    }
    doc["near_optimal"] = near;
    doc["tolerance"] = json_value(r.tolerance);
    doc["finalists"] = finalists;
    nlohmann::ordered_json comparisons = nlohmann::ordered_json::array();
    for (const choice::Comparison& c : r.comparisons) {
      comparisons.push_back({{"scenario", study.scenarios[c.scenario].name},
                             {"value", json_value(c.score.value)},
                             {"se", json_value(c.score.standard_error)},
                             {"difference",
                              {{"mean", json_value(c.difference.mean)},
                               {"se", json_value(c.difference.se)},
                               {"ci",
                                {json_value(c.difference.mean - kZ95 * c.difference.se),
                                 json_value(c.difference.mean + kZ95 * c.difference.se)}},
                               {"p_best_better", json_value(c.difference.prob_better)}}}});
    }
    doc["comparisons"] = comparisons;
    doc["evaluations"] = r.evaluated.size();
    doc["grid_points"] = r.grid_points;
    doc["replicates"] = s.replicates;
    doc["fresh_replicates"] = r.fresh_replicates;
    doc["seed"] = std::to_string(s.seed);
    if (!s.parameters_file.empty()) doc["parameters_file"] = s.parameters_file;
    doc["fresh_seed"] = std::to_string(r.fresh_seed);
    doc["seconds"] = r.seconds;
    doc["output"] = output;
    std::cout << doc.dump(1) << '\n';
    return 0;
  }

  const std::string budget = pretty(s.budget, 0);
  std::cout << "Optimising '" << objective.name << "' (" << risk[static_cast<int>(objective.risk)]
            << ", " << (score_sign_text(objective)) << ") over " << levers.size()
            << " levers: " << study.currency << " " << budget << " over " << s.duration_months
            << " months from month " << s.start_month << " (" << budget_from << ")\n"
            << (s.parameters_file.empty()
                    ? ""
                    : "Calibrated parameters drawn from the posterior " + s.parameters_file + "\n")
            << r.evaluated.size() << " splits scored on " << pretty(double(s.replicates), 0)
            << " replicates (" << r.grid_points << " on the grid), the best " << r.finalists.size()
            << " again on " << pretty(double(r.fresh_replicates), 0) << " fresh replicates; "
            << pretty(r.seconds, 0) << " s\n\n"
            << "Best split: " << shares_text(levers, best_shares) << "\n  " << objective.name << " "
            << pretty(best.score.value, 2) << units << ", 95% interval [" << pretty(lo, 2) << ", "
            << pretty(hi, 2) << "] on the fresh replicates (search: "
            << pretty(r.evaluated[best.candidate].score.value, 2) << ")\n\n";
  std::cout << "Finalists (near-optimal: within " << pretty(r.tolerance, 2) << units
            << " of the best, --tolerance " << tolerance << "):\n\n";
  Table t;
  t.header = levers;
  for (const char* h : {"value", "± se", "exp. loss", "± se", "P(best) raw", "near-optimal"})
    t.header.push_back(h);
  for (const choice::Finalist& f : r.finalists) {
    std::vector<std::string> row;
    for (double share : r.evaluated[f.candidate].shares) row.push_back(pretty(share, 3));
    row.push_back(pretty(f.score.value, 2));
    row.push_back(pretty(f.score.standard_error, 2));
    row.push_back(pretty(f.expected_loss, 2));
    row.push_back(pretty(f.expected_loss_se, 2));
    row.push_back(pretty(f.p_best, 3));
    row.push_back(f.near_optimal ? "yes" : "");
    t.rows.push_back(row);
  }
  t.print(std::cout, false);
  std::cout
      << "\nexp. loss: how much worse than the best finalist on the fresh replicates. P(best) "
         "raw: share of fresh\nreplicates where the finalist has the best value, luck "
         "included (docs/decision.md §4).\n\n"
      << "The best split against the named scenarios, replicate by replicate on the fresh "
         "replicates:\n\n";
  Table c;
  c.header = {"scenario", "its value", "best - it", "± se", "P(best does better)"};
  for (const choice::Comparison& x : r.comparisons)
    c.rows.push_back({study.scenarios[x.scenario].name, pretty(x.score.value, 2),
                      signed_pretty(x.difference.mean, 2), pretty(x.difference.se, 2),
                      pretty(x.difference.prob_better, 3)});
  c.print(std::cout, false);
  std::cout << "\nwrote " << output << " (every scored split; plots: scripts/plot " << output
            << " -o DIR)\n";
  return 0;
}

}  // namespace fundsim::cli
