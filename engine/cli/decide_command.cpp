// `fundsim decide FILE`: the decision statistics of a set of scenarios for one objective
// (docs/decision.md §3): each scenario's P(best) and expected loss given the parameters (the
// model's own randomness removed) beside the raw ones, the EVPI with its naive bound, and the
// EVPPI of every uncertain parameter and of parameter groups. Formats: table, markdown, csv,
// json. Summary-only files give the streamed (raw) statistics only.
#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <thread>

#include "choice/decision_analysis.hpp"
#include "choice/run_decision.hpp"
#include "cli/commands.hpp"
#include "cli/parse_arguments.hpp"
#include "cli/table.hpp"
#include "errors.hpp"
#include "study/suggest.hpp"

namespace po = boost::program_options;

namespace fundsim::cli {

namespace {

using choice::DecisionResult;
using choice::ParameterEvppi;

constexpr const char* kCommand = "fundsim decide";
constexpr std::size_t kTableEvppiRows = 12;

std::string describe_objective(const Objective& o) {
  static const char* kRisks[] = {"mean", "quantile", "cvar", "p_beat"};
  std::string weights;
  for (const auto& [metric, weight] : o.weights)
    weights += (weights.empty() ? "" : " + ") + study_detail::format_number(weight) + " x " +
               metric_name(metric);
  std::string risk = kRisks[static_cast<int>(o.risk)];
  if (o.risk == RiskMeasure::quantile || o.risk == RiskMeasure::cvar)
    risk += " " + study_detail::format_number(o.level);
  return std::string(o.direction == Direction::minimise ? "minimise" : "maximise") + " " + weights +
         (o.year < 0 ? " over the horizon" : " in year " + std::to_string(o.year + 1)) +
         " (risk measure " + risk + (o.units.empty() ? "" : "; " + o.units) + ")";
}

// --group NAME=A,B or A,B (named A+B).
choice::ParameterSet parse_group(const Study& study, const std::string& text) {
  const std::string option = std::string(kCommand) + ": --group '" + text + "'";
  const std::size_t equals = text.find('=');
  std::string list = equals == std::string::npos ? text : text.substr(equals + 1);
  choice::ParameterSet set;
  set.group = true;
  std::vector<std::string> names;
  for (const ParameterDecl& p : study.parameters) names.push_back(p.name);
  std::size_t from = 0;
  for (;;) {
    const std::size_t comma = list.find(',', from);
    const std::string name = list.substr(from, comma == std::string::npos ? comma : comma - from);
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      const std::string suggestion = study_detail::did_you_mean(name, names);
      throw InputError(option + ": unknown parameter '" + name + "'" +
                       (suggestion.empty() ? ";" : suggestion) +
                       " parameters: " + study_detail::join_names(names, false, 12));
    }
    const auto p = static_cast<std::size_t>(it - names.begin());
    if (study.parameters[p].dist.is_fixed())
      throw InputError(option + ": parameter '" + name + "' is fixed; only uncertain ones count");
    if (std::find(set.parameters.begin(), set.parameters.end(), p) != set.parameters.end())
      throw InputError(option + ": parameter '" + name + "' is listed twice");
    set.parameters.push_back(p);
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  if (equals != std::string::npos) {
    set.label = text.substr(0, equals);
    if (set.label.empty()) throw InputError(option + ": the group's name is empty");
  } else {
    for (std::size_t p : set.parameters)
      set.label += (set.label.empty() ? "" : "+") + study.parameters[p].name;
  }
  return set;
}

nlohmann::ordered_json shares_json(const Study& study, std::size_t s) {
  nlohmann::ordered_json shares = nlohmann::ordered_json::object();
  for (std::size_t l = 0; l < study.levers.size(); ++l)
    shares[study.levers[l].name] = study.scenarios[s].share[l];
  return shares;
}

// EVPPI rows, largest first (ties in their order).
std::vector<const ParameterEvppi*> ranked(const DecisionResult& r) {
  std::vector<const ParameterEvppi*> rows;
  for (const ParameterEvppi& e : r.evppi)
    if (e.computed) rows.push_back(&e);
  std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
    return a->estimate.value > b->estimate.value;
  });
  return rows;
}

struct Summary {  // of a summary-only file: the streamed, raw statistics
  std::vector<double> mean, se, p_best, expected_loss;
  double evpi_naive = 0;
};

Summary streamed(const ResultsFile& file, std::size_t o, const ChoiceSet& set) {
  const Study& study = file.study();
  const std::vector<ChoiceSet> sets = choice_sets(study);
  std::size_t c = 0;
  while (sets[c].name != set.name) ++c;
  const std::size_t C = sets.size(), S = study.scenarios.size();
  const std::vector<double> mean = file.read("objective_mean"), se = file.read("objective_se");
  const std::vector<double> p_best = file.read("objective_p_best");
  const std::vector<double> loss = file.read("objective_expected_loss");
  Summary out;
  for (std::size_t s : set.scenarios) {
    out.mean.push_back(mean[o * S + s]);
    out.se.push_back(se[o * S + s]);
    out.p_best.push_back(p_best[(o * C + c) * S + s]);
    out.expected_loss.push_back(loss[(o * C + c) * S + s]);
  }
  out.evpi_naive = file.read("objective_evpi_naive")[o * C + c];
  return out;
}

const char* kNoReplicates =
    "EVPI, EVPPI and the statistics given the parameters need per-replicate values, which "
    "summary-only files do not keep: run the study without --summary-only. The statistics "
    "above are the streamed ones, over the raw replicates (the model's own randomness "
    "included; the naive EVPI is an upper bound).";

}  // namespace

int decide_command(const std::vector<std::string>& args) {
  po::options_description options("fundsim decide FILE.h5 [options]");
  options.add_options()("help,h", "show this help")("objective", po::value<std::string>(),
                                                    "objective to decide on (default: the first)")(
      "scenarios", po::value<std::string>()->default_value("named"),
      "the choice set: named, all, or a sweep's name")(
      "evppi", po::value<std::string>(),
      "which EVPPIs: all (each uncertain parameter and every group; the default), groups "
      "(declared and --group ones only) or none")(
      "group", po::value<std::vector<std::string>>(),
      "EVPPI of a group of parameters, NAME=A,B,... or A,B,... (repeatable)")(
      "recompute", "compute even what the run stored in the file")(
      "threads", po::value<unsigned>(), "threads for the EVPPI fits (default: all cores)")(
      "format", po::value<std::string>()->default_value("table"), "table, markdown, csv or json");
  const po::variables_map vm = parse_arguments(args, options, po::value<std::string>(), "file", 1);
  if (vm.count("help")) {
    std::cout << options
              << "\nP(best), expected loss, EVPI and EVPPI of a set of scenarios for one objective "
                 "(docs/decision.md §3).\n";
    return 0;
  }
  if (!vm.count("file")) throw InputError("fundsim decide: missing FILE.h5 (see --help)");
  const std::string format = vm["format"].as<std::string>();
  if (format != "table" && format != "markdown" && format != "csv" && format != "json")
    throw InputError("fundsim decide: --format must be table, markdown, csv or json, not '" +
                     format + "'");
  const std::string evppi_kind = vm.count("evppi") ? vm["evppi"].as<std::string>() : "all";
  if (evppi_kind != "all" && evppi_kind != "groups" && evppi_kind != "none")
    throw InputError("fundsim decide: --evppi must be all, groups or none, not '" + evppi_kind +
                     "'");
  if (vm.count("threads") && vm["threads"].as<unsigned>() == 0)
    throw InputError("fundsim decide: --threads must be at least 1");

  const ResultsFile file(vm["file"].as<std::string>());
  const Study& study = file.study();
  const std::size_t o =
      vm.count("objective")
          ? choice::find_objective(study, vm["objective"].as<std::string>(), "--objective")
          : 0;
  const Objective& objective = study.objectives[o];
  const ChoiceSet set =
      choice::find_choice_set(study, vm["scenarios"].as<std::string>(), "--scenarios");
  std::vector<choice::ParameterSet> extra;
  if (vm.count("group"))
    for (const std::string& g : vm["group"].as<std::vector<std::string>>())
      extra.push_back(parse_group(study, g));
  const bool full = file.has("objective_value");
  if (!full && (vm.count("evppi") || vm.count("group") || vm.count("recompute"))) {
    throw InputError(file.path() +
                     ": --evppi, --group and --recompute need per-replicate values, which "
                     "summary-only files do not keep; run the study without --summary-only");
  }
  const std::size_t R = file.spec().replicates;
  const bool markdown = format == "markdown";

  std::optional<DecisionResult> result;
  std::optional<Summary> summary;
  std::string source = "computed";
  if (full) {
    const choice::DecisionData data = choice::read_decision_data(file, o, set);
    const unsigned threads = vm.count("threads")
                                 ? vm["threads"].as<unsigned>()
                                 : std::max(1U, std::thread::hardware_concurrency());
    choice::DecisionOptions request =
        choice::run_decision_options(study, file.spec().seed, threads);
    request.single_parameters = evppi_kind == "all";
    if (evppi_kind == "none") request.groups.clear();
    for (const auto& g : extra) request.groups.push_back(g);
    // What the run stored is what this would compute (same code, options and seed): read it
    // when the request is the run's own.
    if (!vm.count("recompute") && evppi_kind == "all" && extra.empty())
      result = choice::stored_decision(file, data, o, set);
    if (result) {
      source = "stored by the run";
    } else {
      if (R < 10)
        throw InputError(file.path() +
                         ": EVPI and EVPPI need at least 10 replicates, the file has " +
                         std::to_string(R));
      result = choice::analyse_decision(study, data, choice::direction_of(objective), request);
    }
  } else {
    summary = streamed(file, o, set);
  }

  // One row per scenario: the primary (given the parameters) and raw statistics.
  struct Row {
    std::size_t scenario;
    double mean, se, p_best, loss, p_best_raw, loss_raw;
  };
  const std::vector<double> se_all = file.read("objective_se");
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::vector<Row> rows;
  for (std::size_t j = 0; j < set.scenarios.size(); ++j) {
    const std::size_t s = set.scenarios[j];
    const double se = se_all[o * study.scenarios.size() + s];
    if (result) {
      const auto i = static_cast<Eigen::Index>(j);
      rows.push_back({s, result->replicates.mean[i], se, result->parameters.prob_best[i],
                      result->parameters.expected_loss[i], result->replicates.prob_best[i],
                      result->replicates.expected_loss[i]});
    } else {
      rows.push_back(
          {s, summary->mean[j], se, kNaN, kNaN, summary->p_best[j], summary->expected_loss[j]});
    }
  }
  const double naive = result ? result->replicates.evpi.value : summary->evpi_naive;

  if (format == "json") {
    nlohmann::ordered_json doc = {{"file", file.path()},
                                  {"objective", objective.name},
                                  {"definition", describe_objective(objective)},
                                  {"units", objective.units},
                                  {"choice_set", set.name},
                                  {"replicates", R}};
    nlohmann::ordered_json scenarios = nlohmann::ordered_json::array();
    for (const Row& row : rows) {
      scenarios.push_back({{"name", study.scenarios[row.scenario].name},
                           {"shares", shares_json(study, row.scenario)},
                           {"mean", json_value(row.mean)},
                           {"se", json_value(row.se)},
                           {"p_best", json_value(row.p_best)},
                           {"expected_loss", json_value(row.loss)},
                           {"p_best_replicates", json_value(row.p_best_raw)},
                           {"expected_loss_replicates", json_value(row.loss_raw)}});
    }
    doc["scenarios"] = scenarios;
    doc["evpi"] = json_value(result ? result->evpi.value : kNaN);
    doc["evpi_se"] = json_value(result ? result->evpi.standard_error : kNaN);
    doc["evpi_naive"] = json_value(naive);
    doc["noise_share"] = json_value(result ? result->noise_share : kNaN);
    nlohmann::ordered_json evppi = nlohmann::ordered_json::array();
    if (result) {
      doc["uncertain_parameters"] = result->uncertain_parameters;
      for (const ParameterEvppi* e : ranked(*result)) {
        nlohmann::ordered_json names = nlohmann::ordered_json::array();
        for (std::size_t p : e->set.parameters) names.push_back(study.parameters[p].name);
        evppi.push_back({{"parameters", names},
                         {"group", e->set.group ? nlohmann::ordered_json(e->set.label)
                                                : nlohmann::ordered_json(nullptr)},
                         {"value", json_value(e->estimate.value)},
                         {"se", json_value(e->estimate.standard_error)}});
      }
    }
    doc["evppi"] = evppi;
    doc["source"] = result ? source : std::string("streamed summaries");
    if (!file.spec().parameters_file.empty()) doc["parameters_file"] = file.spec().parameters_file;
    if (!result) doc["note"] = kNoReplicates;
    std::cout << doc.dump(1) << '\n';
    return 0;
  }

  Table table;
  if (format == "csv") {
    table.header = {"scenario"};
    for (const LeverDecl& l : study.levers) table.header.push_back("share_" + l.name);
    for (const char* h :
         {"mean", "se", "p_best", "expected_loss", "p_best_replicates", "expected_loss_replicates"})
      table.header.push_back(h);
    for (const Row& row : rows) {
      std::vector<std::string> cells = {study.scenarios[row.scenario].name};
      for (double share : study.scenarios[row.scenario].share) cells.push_back(csv_number(share));
      for (double v : {row.mean, row.se, row.p_best, row.loss, row.p_best_raw, row.loss_raw})
        cells.push_back(csv_number(v));
      table.rows.push_back(cells);
    }
    table.print_csv(std::cout);
    std::cout << '\n';
    Table voi;
    voi.header = {"parameters", "group", "value", "se"};
    voi.rows.push_back(
        {"(naive EVPI: the model's own randomness counted)", "", csv_number(naive), ""});
    if (result) {
      voi.rows.push_back({"(EVPI: all uncertain parameters)", "", csv_number(result->evpi.value),
                          csv_number(result->evpi.standard_error)});
      for (const ParameterEvppi* e : ranked(*result)) {
        std::string names;
        for (std::size_t p : e->set.parameters)
          names += (names.empty() ? "" : ";") + study.parameters[p].name;
        voi.rows.push_back({names, e->set.group ? e->set.label : "", csv_number(e->estimate.value),
                            csv_number(e->estimate.standard_error)});
      }
    }
    voi.print_csv(std::cout);
    return 0;
  }

  const std::string units = objective.units.empty() ? "" : " " + objective.units;
  std::cout << (markdown ? "## " : "") << "Choosing among the " << set.name
            << (set.name.rfind("sweep:", 0) == 0 ? " points" : " scenarios") << " of "
            << file.path() << " (" << rows.size() << " scenarios, " << pretty(double(R), 0)
            << " replicates)\n"
            << (file.spec().parameters_file.empty()
                    ? ""
                    : "calibrated parameters drawn from the posterior " +
                          file.spec().parameters_file + "\n")
            << (markdown ? "\n" : "") << "objective '" << objective.name
            << "': " << describe_objective(objective) << "\n\n";
  table.header = {"scenario",  "mean",        "± se",         "P(best)",
                  "exp. loss", "P(best) raw", "exp. loss raw"};
  for (const Row& row : rows) {
    table.rows.push_back({study.scenarios[row.scenario].name, pretty(row.mean, 1),
                          pretty(row.se, 1), pretty(row.p_best, 3), pretty(row.loss, 1),
                          pretty(row.p_best_raw, 3), pretty(row.loss_raw, 1)});
  }
  table.print(std::cout, markdown);
  std::cout << "\nP(best), exp. loss: given the parameters, the model's own randomness removed "
               "(docs/decision.md §3);\nraw: over the replicates, luck included. Expected loss: "
               "what choosing the scenario costs against the\nbest choice, on average.\n\n";
  if (!result) {
    std::cout << "naive EVPI (the model's own randomness counted): " << pretty(naive, 1) << units
              << "\n\n"
              << kNoReplicates << '\n';
    return 0;
  }
  std::cout << "EVPI: " << pretty(result->evpi.value, 1) << " ± "
            << pretty(result->evpi.standard_error, 1) << units << ", the value of learning all "
            << result->uncertain_parameters << " uncertain parameters before choosing\n"
            << "  naive EVPI, the model's own randomness counted as information: "
            << pretty(naive, 1) << units;
  if (std::isfinite(result->noise_share))
    std::cout << " (" << pretty(100 * result->noise_share, 0) << "% of it is noise)";
  std::cout << "\n  (" << source << ")\n";
  const std::vector<const ParameterEvppi*> voi = ranked(*result);
  if (voi.empty()) return 0;
  std::cout << "\nEVPPI, the value of learning one parameter (or group) before choosing, largest "
               "first:\n\n";
  Table evppi;
  evppi.header = {"parameter or group", "EVPPI", "± se", "% of EVPI"};
  const std::size_t shown = std::min(voi.size(), kTableEvppiRows);
  for (std::size_t k = 0; k < voi.size(); ++k) {
    const ParameterEvppi& e = *voi[k];
    if (k >= shown && !e.set.group) continue;  // groups are always shown
    std::string label = e.set.label;
    if (e.set.group) {
      label = "group " + label + " (";
      for (std::size_t i = 0; i < e.set.parameters.size(); ++i)
        label += (i ? ", " : "") + study.parameters[e.set.parameters[i]].name;
      label += ")";
    }
    evppi.rows.push_back(
        {label, pretty(e.estimate.value, 1), pretty(e.estimate.standard_error, 1),
         result->evpi.value > 0 ? pretty(100 * e.estimate.value / result->evpi.value, 0) : "n/a"});
  }
  evppi.print(std::cout, markdown);
  std::size_t hidden = 0;
  for (std::size_t k = shown; k < voi.size(); ++k) hidden += !voi[k]->set.group;
  if (hidden)
    std::cout << "(" << hidden << " more parameters, each at most "
              << pretty(voi[shown - 1]->estimate.value, 1) << units
              << "; --format json lists every one)\n";
  return 0;
}

}  // namespace fundsim::cli
