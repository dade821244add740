// [[objective]]: criteria for choosing between scenarios (docs/study-format.md §8).
#include <cmath>

#include "study/keys.hpp"
#include "study/sections.hpp"
#include "study/suggest.hpp"

namespace fundsim::study_detail {

namespace {

const std::vector<std::string> kDirections = {"minimise", "maximise"};
const std::vector<std::string> kRisks = {"mean", "quantile", "cvar", "p_beat"};

// The metrics an objective can weigh: those with totals (a level such as capacity has none).
std::vector<std::string> weighable_metrics() {
  std::vector<std::string> names;
  for (Metric m : total_metrics()) names.emplace_back(metric_name(m));
  return names;
}

std::size_t pick(const Reader& reader, const Node& node, const std::string& path,
                 const std::vector<std::string>& names, const char* what) {
  const std::string& s = reader.string(node, path);
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == s) return i;
  const std::string suggestion = did_you_mean(s, names);
  reader.fail(node, path,
              "unknown " + std::string(what) + " '" + s + "'" +
                  (suggestion.empty() ? ";" : suggestion) + " allowed: " + join_names(names, true));
}

std::size_t scenario_named(const Reader& reader, const Node& node, const std::string& path,
                           const Study& study) {
  const std::string& name = reader.string(node, path);
  std::vector<std::string> names;
  for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
    if (study.scenarios[s].name == name) return s;
    names.push_back(study.scenarios[s].name);
  }
  const std::string suggestion = did_you_mean(name, names);
  reader.fail(node, path,
              "no scenario is named '" + name + "'" + (suggestion.empty() ? ";" : suggestion) +
                  " scenarios: " + join_names(names, false, 20));
}

Objective read_objective(const Reader& reader, const Node& table, const std::string& path,
                         const Study& study) {
  reader.check_keys(table, path, section_keys("objective"));
  Objective o;
  const Node& name_node = reader.require(table, path, "name");
  o.name = reader.string(name_node, child_path(path, "name"));
  if (!is_identifier(o.name))
    reader.fail(name_node, child_path(path, "name"),
                "objective name \"" + o.name + "\" must be made of letters, digits, '_' and '-'");
  const std::string direction_path = child_path(path, "direction");
  o.direction = pick(reader, reader.require(table, path, "direction"), direction_path, kDirections,
                     "direction") == 0
                    ? Direction::minimise
                    : Direction::maximise;

  const std::string weights_path = child_path(path, "weights");
  const Node& weights = reader.table(reader.require(table, path, "weights"), weights_path);
  if (weights.keys.empty())
    reader.fail(weights, weights_path,
                "must weigh at least one metric, e.g. { contact_abuse = 1 }");
  const std::vector<std::string> metrics = weighable_metrics();
  for (std::size_t i = 0; i < weights.keys.size(); ++i) {
    const std::string key_path = child_path(weights_path, weights.keys[i]);
    const auto metric = find_metric(weights.keys[i]);
    if (!metric || !has_totals(*metric)) {
      const std::string suggestion = did_you_mean(weights.keys[i], metrics);
      reader.fail(weights.items[i], key_path,
                  "unknown metric '" + weights.keys[i] + "'" +
                      (suggestion.empty() ? ";" : suggestion) +
                      " metrics with totals: " + join_names(metrics));
    }
    const double w = reader.number(weights.items[i], key_path);
    if (w == 0.0)
      reader.fail(weights.items[i], key_path, "a weight of 0 weighs nothing; remove it");
    o.weights.emplace_back(*metric, w);
  }

  if (const Node* year = table.find("year")) {
    const int years = static_cast<int>((study.run.months + 11) / 12);
    o.year = static_cast<int>(reader.integer_in(*year, child_path(path, "year"), 1, years)) - 1;
  }
  if (const Node* units = table.find("units"))
    o.units = reader.string(*units, child_path(path, "units"));

  const Node* risk = table.find("risk");
  const std::size_t kind =
      risk ? pick(reader, *risk, child_path(path, "risk"), kRisks, "risk measure") : 0;
  o.risk = static_cast<RiskMeasure>(kind);
  const Node* level = table.find("level");
  const Node* reference = table.find("reference");
  const bool needs_level = o.risk == RiskMeasure::quantile || o.risk == RiskMeasure::cvar;
  if (needs_level) {
    if (!level)
      reader.fail(
          table, child_path(path, "level"),
          std::string("risk = \"") + kRisks[kind] + "\" needs a level in (0, 1)" +
              (o.risk == RiskMeasure::cvar ? " (the share of worst outcomes averaged)" : ""));
    o.level = reader.number(*level, child_path(path, "level"));
    if (!(o.level > 0.0 && o.level < 1.0))
      reader.fail(*level, child_path(path, "level"),
                  "must be in (0, 1), not " + format_number(o.level));
  } else if (level) {
    reader.fail(*level, child_path(path, "level"),
                std::string("only risk = \"quantile\" or \"cvar\" takes a level (risk is \"") +
                    kRisks[kind] + "\")");
  }
  if (o.risk == RiskMeasure::p_beat) {
    o.reference = reference
                      ? scenario_named(reader, *reference, child_path(path, "reference"), study)
                      : study.baseline;
  } else if (reference) {
    reader.fail(
        *reference, child_path(path, "reference"),
        "only risk = \"p_beat\" (the probability of beating a reference) takes a reference");
  }
  return o;
}

// Without [[objective]]: each headline metric is an objective named after it, in its better
// direction, on the mean over the horizon.
std::vector<Objective> default_objectives() {
  std::vector<Objective> out;
  for (Metric m : {Metric::contact_abuse, Metric::arrests, Metric::safeguarded, Metric::active}) {
    Objective o;
    o.name = metric_name(m);
    o.direction =
        metric_info(m).better == Better::lower ? Direction::minimise : Direction::maximise;
    o.weights = {{m, 1.0}};
    o.units = metric_info(m).total_units;
    o.from_study = false;
    out.push_back(o);
  }
  return out;
}

}  // namespace

void read_objectives(const Reader& reader, const Node& root, Study& study) {
  const Node* node = root.find("objective");
  if (!node) {
    study.objectives = default_objectives();
    return;
  }
  const Node& list = reader.table_array(*node, "objective");
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    const std::string path = index_path("objective", i);
    Objective o = read_objective(reader, list.items[i], path, study);
    for (const Objective& other : study.objectives)
      if (other.name == o.name)
        reader.fail(list.items[i], child_path(path, "name"),
                    "duplicate objective name '" + o.name + "'");
    study.objectives.push_back(std::move(o));
  }
  if (study.objectives.empty()) study.objectives = default_objectives();
}

}  // namespace fundsim::study_detail
