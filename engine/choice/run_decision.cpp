#include "choice/run_decision.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>

#include "choice/decision_analysis.hpp"
#include "choice/parallel.hpp"
#include "errors.hpp"
#include "output/variables.hpp"

namespace fundsim::choice {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

std::vector<std::string> parse_decision_sets(const Study& study, const std::string& text,
                                             const std::string& option) {
  std::vector<std::string> sets;
  if (text == "none") return sets;
  std::size_t from = 0;
  for (;;) {
    const std::size_t comma = text.find(',', from);
    const std::string item = text.substr(from, comma == std::string::npos ? comma : comma - from);
    if (item.empty())
      throw InputError(option +
                       ": expected none or a comma-separated list of all, named and "
                       "sweep names, got '" +
                       text + "'");
    const std::string name = find_choice_set(study, item, option).name;
    if (std::find(sets.begin(), sets.end(), name) == sets.end()) sets.push_back(name);
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  return sets;
}

void write_run_decision(Hdf5Writer& writer, const RunDecisionSettings& settings) {
  const Study& study = writer.study();
  const RunSpec& spec = writer.metadata().spec;
  if (spec.summary_only || settings.sets.empty()) return;
  const auto started = std::chrono::steady_clock::now();
  const std::size_t O = study.objectives.size(), S = study.scenarios.size();
  const std::size_t P = study.parameters.size(), G = study.parameter_groups.size();
  const std::vector<ChoiceSet> sets = choice_sets(study);
  const std::size_t C = sets.size();

  const std::vector<double> values = writer.read_back("objective_value");
  const std::size_t N = O * S == 0 ? 0 : values.size() / (O * S);  // a --target-se run grew
  const std::vector<double> draws = P ? writer.read_back("parameters") : std::vector<double>{};

  std::vector<double> evpi(O * C, kNaN), evpi_se(O * C, kNaN);
  std::vector<double> p_best(O * C * S, kNaN), loss(O * C * S, kNaN);
  std::vector<double> evppi(O * C * P, kNaN), evppi_se(O * C * P, kNaN);
  std::vector<double> group(O * C * G, kNaN), group_se(O * C * G, kNaN);
  std::string analysed;
  std::vector<std::pair<std::size_t, std::size_t>> tasks;  // (set, objective)
  for (std::size_t c = 0; c < C && N >= 10; ++c) {  // fewer replicates: every value stays NaN
    if (std::find(settings.sets.begin(), settings.sets.end(), sets[c].name) == settings.sets.end())
      continue;
    analysed += (analysed.empty() ? "" : ", ") + sets[c].name;
    for (std::size_t o = 0; o < O; ++o) tasks.emplace_back(c, o);
  }
  // One task per set and objective, each writing its own cells.
  // The statistics are an addition to a finished run: a failure of one (a degenerate regression)
  // leaves its cells NaN and is named in the attribute decision_errors, not lost with the run.
  std::vector<std::string> errors(tasks.size());
  parallel_for(tasks.size(), settings.threads, [&](std::size_t t) {
    const auto [c, o] = tasks[t];
    DecisionResult r;
    try {
      const DecisionData data = decision_data(study, N, values, draws, o, sets[c], spec.central);
      DecisionOptions options = run_decision_options(study, spec.seed, 1);
      options.single_parameters = settings.single_parameters;
      options.evpi = settings.evpi;
      r = analyse_decision(study, data, direction_of(study.objectives[o]), options);
    } catch (const Error& e) {
      errors[t] = "objective " + study.objectives[o].name + ", " + sets[c].name + ": " + e.what();
      return;
    }
    evpi[o * C + c] = r.evpi.value;
    evpi_se[o * C + c] = r.evpi.standard_error;
    for (std::size_t j = 0; j < r.scenarios.size() && r.evpi_computed; ++j) {
      const auto i = static_cast<Eigen::Index>(j);
      p_best[(o * C + c) * S + r.scenarios[j]] = r.parameters.prob_best[i];
      loss[(o * C + c) * S + r.scenarios[j]] = r.parameters.expected_loss[i];
    }
    for (std::size_t k = 0; k < r.evppi.size(); ++k) {
      const ParameterEvppi& e = r.evppi[k];
      if (!e.computed) continue;
      if (e.set.group) {
        const std::size_t g = k - (r.evppi.size() - G);
        group[(o * C + c) * G + g] = e.estimate.value;
        group_se[(o * C + c) * G + g] = e.estimate.standard_error;
      } else {
        const std::size_t p = e.set.parameters.front();
        evppi[(o * C + c) * P + p] = e.estimate.value;
        evppi_se[(o * C + c) * P + p] = e.estimate.standard_error;
      }
    }
  });

  const std::map<std::string, const std::vector<double>*> data = {
      {"objective_evpi", &evpi},
      {"objective_evpi_se", &evpi_se},
      {"objective_p_best_given_parameters", &p_best},
      {"objective_expected_loss_given_parameters", &loss},
      {"objective_evppi", &evppi},
      {"objective_evppi_se", &evppi_se},
      {"objective_evppi_group", &group},
      {"objective_evppi_group_se", &group_se}};
  for (const Variable& v : decision_variables(study)) {
    const bool with_evpi = v.name == "objective_evpi" || v.name == "objective_evpi_se" ||
                           v.name.find("given_parameters") != std::string::npos;
    if (with_evpi && !settings.evpi) continue;
    if (v.name == "parameter_group") {
      std::vector<std::string> names;
      for (const ParameterGroup& g : study.parameter_groups) names.push_back(g.name);
      writer.add_coordinate(v, names);
    } else if (v.name == "parameter_group_members") {
      std::vector<std::string> members;
      for (const ParameterGroup& g : study.parameter_groups) {
        std::string text;
        for (std::size_t p : g.parameters)
          text += (text.empty() ? "" : ",") + study.parameters[p].name;
        members.push_back(text);
      }
      writer.add_strings(v, members);
    } else {
      writer.add_variable(v, *data.at(v.name));
    }
  }
  writer.set_file_attribute("decision_sets", analysed.empty() ? std::string("none") : analysed);
  std::string failed;
  for (const std::string& e : errors)
    if (!e.empty()) failed += (failed.empty() ? "" : "; ") + e;
  if (!failed.empty()) writer.set_file_attribute("decision_errors", failed);
  writer.set_file_attribute(
      "decision_evpi",
      std::string(settings.evpi ? "computed"
                                : "not computed (fundsim run --decision-evpi, or fundsim decide)"));
  writer.set_file_attribute(
      "decision_method",
      std::string("EVPI and EVPPI by regression of the per-replicate objective values on the "
                  "uncertain parameters' draws (Strong, Oakley & Brennan 2014): one parameter a "
                  "penalised spline (REML), groups of 2-6 a Gaussian process, more an additive "
                  "spline model with pairwise interactions; the model's own randomness is the "
                  "residual (docs/decision.md §3)"));
  writer.set_file_attribute(
      "decision_seconds",
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

DecisionOptions run_decision_options(const Study& study, std::uint64_t seed, unsigned threads) {
  DecisionOptions options;
  options.groups = declared_groups(study);
  options.voi.seed = seed;
  options.threads = threads;
  return options;
}

std::optional<DecisionResult> stored_decision(const ResultsFile& file, const DecisionData& data,
                                              std::size_t objective, const ChoiceSet& set) {
  const Study& study = file.study();
  if (!file.has("objective_evpi")) return std::nullopt;
  const std::vector<ChoiceSet> sets = choice_sets(study);
  std::size_t c = 0;
  while (c < sets.size() && sets[c].name != set.name) ++c;
  if (c == sets.size()) return std::nullopt;
  const std::size_t C = sets.size(), S = study.scenarios.size(), P = study.parameters.size();
  const std::size_t G = study.parameter_groups.size();
  if (!file.has("objective_evpi")) return std::nullopt;
  const std::vector<double> evpi = file.read("objective_evpi");
  if (!std::isfinite(evpi[objective * C + c])) return std::nullopt;
  const std::vector<double> evpi_se = file.read("objective_evpi_se");
  const std::vector<double> p_best = file.read("objective_p_best_given_parameters");
  const std::vector<double> loss = file.read("objective_expected_loss_given_parameters");
  const std::vector<double> evppi = file.read("objective_evppi");
  const std::vector<double> evppi_se = file.read("objective_evppi_se");
  std::vector<double> group, group_se;
  if (G) {
    group = file.read("objective_evppi_group");
    group_se = file.read("objective_evppi_group_se");
  }

  DecisionResult out;
  out.scenarios = data.scenarios;
  const decision::Direction direction = direction_of(study.objectives[objective]);
  out.replicates = decision::summarise_decision(data.values, direction);
  out.uncertain_parameters = data.parameters.size();
  out.evpi_computed = true;
  out.evpi.value = evpi[objective * C + c];
  out.evpi.standard_error = evpi_se[objective * C + c];
  const double naive = out.replicates.evpi.value;
  out.noise_share = naive > 0.0 ? 1.0 - out.evpi.value / naive : kNaN;
  out.parameters = out.replicates;  // the means are the same; P(best) and losses as stored
  for (std::size_t j = 0; j < data.scenarios.size(); ++j) {
    const auto i = static_cast<Eigen::Index>(j);
    out.parameters.prob_best[i] = p_best[(objective * C + c) * S + data.scenarios[j]];
    out.parameters.expected_loss[i] = loss[(objective * C + c) * S + data.scenarios[j]];
  }
  out.parameters.evpi = {out.parameters.expected_loss[out.parameters.best], kNaN};
  for (std::size_t p : data.parameters) {
    ParameterEvppi e{{study.parameters[p].name, {p}, false}, {}, false};
    e.estimate.value = evppi[(objective * C + c) * P + p];
    e.estimate.standard_error = evppi_se[(objective * C + c) * P + p];
    e.estimate.unclamped = e.estimate.value;
    e.computed = std::isfinite(e.estimate.value);
    out.evppi.push_back(e);
  }
  for (std::size_t g = 0; g < G; ++g) {
    const ParameterGroup& pg = study.parameter_groups[g];
    ParameterEvppi e{{pg.name, pg.parameters, true}, {}, false};
    e.estimate.value = group[(objective * C + c) * G + g];
    e.estimate.standard_error = group_se[(objective * C + c) * G + g];
    e.estimate.unclamped = e.estimate.value;
    e.computed = std::isfinite(e.estimate.value);
    out.evppi.push_back(e);
  }
  return out;
}

FileFinisher run_decision_finisher(const std::string& sets_text, bool evpi, unsigned threads) {
  return [sets_text, evpi, threads](Hdf5Writer& writer) {
    RunDecisionSettings settings;
    settings.sets = parse_decision_sets(writer.study(), sets_text, "--decision-sets");
    settings.evpi = evpi;
    settings.threads = threads;
    write_run_decision(writer, settings);
  };
}

}  // namespace fundsim::choice
