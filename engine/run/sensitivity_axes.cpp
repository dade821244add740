// The axes of a sensitivity analysis: factors, targets, quantities, periods
// (run/sensitivity_run.hpp), and the method names and defaults.
#include <algorithm>
#include <string>

#include "errors.hpp"
#include "run/sensitivity_run.hpp"
#include "sensitivity/morris_effects.hpp"
#include "sensitivity/sobol_indices.hpp"
#include "study/suggest.hpp"

namespace fundsim {

namespace {

constexpr const char* kObjectivePrefix = "objective:";

// The label of objective o: its name, or objective:NAME when a metric has that name.
std::string objective_label(const Study& study, std::size_t o) {
  const std::string& name = study.objectives[o].name;
  return find_metric(name) && has_totals(*find_metric(name)) ? kObjectivePrefix + name : name;
}

SensitivityQuantity metric_quantity(Metric m) {
  return SensitivityQuantity{metric_name(m), m, 0};
}

SensitivityQuantity objective_quantity(const Study& study, std::size_t o) {
  return SensitivityQuantity{objective_label(study, o), std::nullopt, o};
}

SensitivityQuantity find_quantity(const Study& study, const std::string& name) {
  const bool prefixed = name.rfind(kObjectivePrefix, 0) == 0;
  const std::string bare = prefixed ? name.substr(std::string(kObjectivePrefix).size()) : name;
  if (!prefixed) {
    const auto m = find_metric(name);
    if (m && has_totals(*m)) return metric_quantity(*m);
  }
  for (std::size_t o = 0; o < study.objectives.size(); ++o) {
    if (study.objectives[o].name == bare) return objective_quantity(study, o);
  }
  std::vector<std::string> names;
  for (Metric m : total_metrics()) names.emplace_back(metric_name(m));
  for (std::size_t o = 0; o < study.objectives.size(); ++o)
    names.push_back(objective_label(study, o));
  const std::string suggestion = study_detail::did_you_mean(name, names);
  throw InputError("--metrics: no metric with totals and no objective is named '" + name + "'" +
                   (suggestion.empty() ? ";" : suggestion) + " allowed: all, " +
                   study_detail::join_names(names, true));
}

std::string period_label(const char* kind, std::size_t index) {
  return std::string(kind) + " " + std::to_string(index);
}

}  // namespace

const char* method_name(SensitivityMethod m) {
  switch (m) {
    case SensitivityMethod::prcc:
      return "prcc";
    case SensitivityMethod::morris:
      return "morris";
    case SensitivityMethod::sobol:
      return "sobol";
  }
  return "?";
}

std::optional<SensitivityMethod> find_method(std::string_view name) {
  for (SensitivityMethod m :
       {SensitivityMethod::prcc, SensitivityMethod::morris, SensitivityMethod::sobol}) {
    if (name == method_name(m)) return m;
  }
  return std::nullopt;
}

std::uint64_t default_samples(SensitivityMethod method) {
  switch (method) {
    case SensitivityMethod::prcc:
      return 1000;  // rows
    case SensitivityMethod::morris:
      return 100;  // trajectories
    case SensitivityMethod::sobol:
      return 1024;  // base rows
  }
  return 0;
}

std::size_t default_bootstrap(SensitivityMethod method) {
  switch (method) {
    case SensitivityMethod::prcc:
      return 200;  // noise share only; PRCC intervals are Fisher's
    case SensitivityMethod::morris:
      return sensitivity::MorrisEffects::kDefaultBootstrapReplicates;
    case SensitivityMethod::sobol:
      return sensitivity::SobolAccumulator::kDefaultBootstrapReplicates;
  }
  return 0;
}

const IndexValues* SensitivityResults::index(std::string_view name) const {
  for (const IndexValues& i : indices)
    if (i.name == name) return &i;
  return nullptr;
}

const OutputValues* SensitivityResults::output(std::string_view name) const {
  for (const OutputValues& o : per_output)
    if (o.name == name) return &o;
  return nullptr;
}

SensitivityAxes sensitivity_axes(const Study& study, const SensitivitySelection& selection) {
  SensitivityAxes axes;
  const std::size_t S = study.scenarios.size();
  axes.reference = selection.reference.value_or(study.baseline);
  if (axes.reference >= S) throw InputError("--reference: no such scenario");
  std::vector<std::size_t> chosen = selection.scenarios;
  if (chosen.empty()) {
    for (std::size_t s = 0; s < S; ++s)
      if (study.scenarios[s].sweep.empty()) chosen.push_back(s);
  }
  axes.scenarios.push_back(axes.reference);
  for (const std::size_t s : chosen) {
    if (s >= S) throw InputError("--scenarios: no such scenario");
    if (std::find(axes.scenarios.begin(), axes.scenarios.end(), s) == axes.scenarios.end())
      axes.scenarios.push_back(s);
  }
  const std::string& reference_name = study.scenarios[axes.reference].name;
  for (const std::size_t s : axes.scenarios)
    axes.targets.push_back({study.scenarios[s].name, s, std::nullopt});
  for (const std::size_t s : axes.scenarios) {
    if (s != axes.reference)
      axes.targets.push_back({study.scenarios[s].name + " - " + reference_name, s, axes.reference});
  }

  // Factors: every parameter with a distribution, in the study or in a chosen scenario.
  std::vector<bool> uncertain(study.parameters.size(), false);
  for (std::size_t p = 0; p < study.parameters.size(); ++p)
    uncertain[p] = !study.parameters[p].dist.is_fixed();
  for (const std::size_t s : axes.scenarios) {
    for (const Override& o : study.scenarios[s].overrides)
      if (!o.dist.is_fixed()) uncertain[o.parameter] = true;
  }
  for (std::size_t p = 0; p < study.parameters.size(); ++p) {
    if (!uncertain[p]) continue;
    axes.factors.push_back(p);
    axes.factor_names.push_back(study.parameters[p].name);
  }
  if (axes.factors.empty()) {
    throw InputError(study.file +
                     ": no parameter is uncertain, so there is nothing to rank (give some "
                     "parameters a distribution, docs/study-format.md)");
  }

  const auto add_quantity = [&](SensitivityQuantity q) {
    for (const SensitivityQuantity& have : axes.quantities)
      if (have.label == q.label) return;
    axes.quantities.push_back(std::move(q));
  };
  if (selection.quantities.empty()) {
    for (Metric m : {Metric::contact_abuse, Metric::arrests, Metric::safeguarded, Metric::active})
      add_quantity(metric_quantity(m));
    for (std::size_t o = 0; o < study.objectives.size(); ++o)
      if (study.objectives[o].from_study) add_quantity(objective_quantity(study, o));
  }
  for (const std::string& name : selection.quantities) {
    if (name == "all") {
      for (Metric m : total_metrics()) add_quantity(metric_quantity(m));
      for (std::size_t o = 0; o < study.objectives.size(); ++o)
        if (study.objectives[o].from_study) add_quantity(objective_quantity(study, o));
    } else {
      add_quantity(find_quantity(study, name));
    }
  }

  const int months = study.run.months;
  axes.periods.push_back({"horizon", Period::horizon, 0, 0, months});
  for (int first = 0, y = 0; first < months; first += 12, ++y) {
    axes.periods.push_back({period_label("year", static_cast<std::size_t>(y)), Period::year,
                            static_cast<std::size_t>(y), first, std::min(12, months - first)});
  }
  if (selection.monthly) {
    for (int t = 0; t < months; ++t) {
      axes.periods.push_back({period_label("month", static_cast<std::size_t>(t)), Period::month,
                              static_cast<std::size_t>(t), t, 1});
    }
  }
  return axes;
}

}  // namespace fundsim
