// [[sweep]]: validated and expanded into one scenario per simplex grid point.
#include <algorithm>
#include <climits>
#include <cmath>
#include <unordered_set>

#include "study/keys.hpp"
#include "study/sections.hpp"
#include "study/suggest.hpp"
#include "study/sweep_grid.hpp"

namespace fundsim::study_detail {

namespace {

struct SweepSpec {
  std::string name;
  double budget = 0.0;
  int duration_months = 12;
  int start_month = 0;
  std::vector<std::size_t> levers;  // indices into study.levers
  std::uint32_t divisions = 0;      // 1 / step
  int decimals = 0;
};

std::vector<std::size_t> read_sweep_levers(const Reader& reader, const Node& node,
                                           const std::string& path, const Study& study) {
  const Node& list = reader.array(node, path);
  std::vector<std::string> names;
  for (const LeverDecl& l : study.levers) names.push_back(l.name);
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    const std::string item_path = index_path(path, i);
    const std::string& name = reader.string(list.items[i], item_path);
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      const std::string suggestion = did_you_mean(name, names);
      reader.fail(list.items[i], item_path,
                  "unknown lever '" + name + "'" + (suggestion.empty() ? ";" : suggestion) +
                      " levers: " + join_names(names));
    }
    const auto index = static_cast<std::size_t>(it - names.begin());
    if (std::find(out.begin(), out.end(), index) != out.end())
      reader.fail(list.items[i], item_path, "lever '" + name + "' is listed twice");
    out.push_back(index);
  }
  if (out.size() < 2)
    reader.fail(list, path, "a sweep needs at least 2 distinct levers to split the budget between");
  return out;
}

SweepSpec read_sweep(const Reader& reader, const Node& table, const std::string& path,
                     const Study& study) {
  reader.check_keys(table, path, section_keys("sweep"));
  SweepSpec spec;
  const Node& name_node = reader.require(table, path, "name");
  const std::string name_path = child_path(path, "name");
  spec.name = reader.string(name_node, name_path);
  if (!is_scenario_name(spec.name))
    reader.fail(name_node, name_path, "a sweep name must be non-empty, without control characters");

  const Node& budget_node = reader.require(table, path, "budget");
  const std::string budget_path = child_path(path, "budget");
  spec.budget = reader.number(budget_node, budget_path);
  if (!(spec.budget > 0))
    reader.fail(budget_node, budget_path, "must be > 0, not " + format_number(spec.budget));

  read_spending_window(reader, table, path, study, spec.start_month, spec.duration_months);

  spec.levers = read_sweep_levers(reader, reader.require(table, path, "levers"),
                                  child_path(path, "levers"), study);

  const Node& step_node = reader.require(table, path, "step");
  const std::string step_path = child_path(path, "step");
  const double step = reader.number(step_node, step_path);
  if (!(step > 0) || step > 1)
    reader.fail(step_node, step_path, "must be > 0 and <= 1, not " + format_number(step));
  const double inverse = 1.0 / step;
  const double rounded = std::round(inverse);
  if (inverse > 1e9 || std::fabs(inverse - rounded) > 1e-9)
    reader.fail(step_node, step_path,
                "1 / step must be a whole number (e.g. 0.5, 0.25, 0.2, 0.1, 0.05), but 1 / " +
                    format_number(step) + " = " + format_number(inverse));
  spec.divisions = static_cast<std::uint32_t>(rounded);
  spec.decimals = step_decimals(step);
  return spec;
}

}  // namespace

void read_sweeps(const Reader& reader, const Node& root, Study& study) {
  const Node* node = root.find("sweep");
  if (!node) return;
  const Node& sweeps = reader.table_array(*node, "sweep");

  std::unordered_set<std::string> names;
  for (const Scenario& s : study.scenarios) names.insert(s.name);
  std::vector<std::string> sweep_names;

  for (std::size_t i = 0; i < sweeps.items.size(); ++i) {
    const Node& table = sweeps.items[i];
    const std::string path = index_path("sweep", i);
    const SweepSpec spec = read_sweep(reader, table, path, study);
    const Node& name_node = *table.find("name");
    if (names.count(spec.name))
      reader.fail(name_node, child_path(path, "name"),
                  "sweep name '" + spec.name + "' is already a scenario name");
    if (std::find(sweep_names.begin(), sweep_names.end(), spec.name) != sweep_names.end())
      reader.fail(name_node, child_path(path, "name"), "duplicate sweep name '" + spec.name + "'");
    sweep_names.push_back(spec.name);

    const std::uint64_t count = simplex_point_count(spec.levers.size(), spec.divisions);
    const std::uint64_t room = kMaxScenarios - study.scenarios.size();
    if (count > room)
      reader.fail(*table.find("step"), child_path(path, "step"),
                  "the sweep expands to " +
                      (count == UINT64_MAX ? std::string("too many") : std::to_string(count)) +
                      " scenarios; with the " + std::to_string(study.scenarios.size()) +
                      " before it that exceeds the limit of " + std::to_string(kMaxScenarios) +
                      " (use a larger step or fewer levers)");

    std::vector<std::string> lever_names;
    for (std::size_t l : spec.levers) lever_names.push_back(study.levers[l].name);
    for (const std::vector<std::uint32_t>& point :
         simplex_points(spec.levers.size(), spec.divisions)) {
      Scenario s;
      s.name = sweep_point_name(spec.name, lever_names, point, spec.divisions, spec.decimals);
      if (!names.insert(s.name).second)
        reader.fail(name_node, child_path(path, "name"),
                    "expanded scenario name '" + s.name + "' is already used");
      s.budget = spec.budget;
      s.duration_months = spec.duration_months;
      s.start_month = spec.start_month;
      s.share.assign(study.levers.size(), 0.0);
      for (std::size_t j = 0; j < spec.levers.size(); ++j)
        s.share[spec.levers[j]] = static_cast<double>(point[j]) / spec.divisions;
      s.sweep = spec.name;
      study.scenarios.push_back(std::move(s));
    }
  }
}

}  // namespace fundsim::study_detail
