// [[scenario]]: spending (allocation, or budget + split), timing and overrides.
#include <algorithm>
#include <climits>
#include <cmath>
#include <unordered_map>

#include "study/keys.hpp"
#include "study/sections.hpp"
#include "study/suggest.hpp"
#include "study/value.hpp"

namespace fundsim::study_detail {

namespace {

std::vector<std::string> lever_names(const Study& study) {
  std::vector<std::string> names;
  for (const LeverDecl& l : study.levers) names.push_back(l.name);
  return names;
}

// { lever = amount, ... } with every amount a finite number >= 0; one entry per lever.
std::vector<double> read_lever_amounts(const Reader& reader, const Node& node,
                                       const std::string& path, const Study& study,
                                       const std::string& what) {
  const Node& table = reader.table(node, path);
  const std::vector<std::string> names = lever_names(study);
  std::vector<double> amounts(names.size(), 0.0);
  for (std::size_t i = 0; i < table.keys.size(); ++i) {
    const std::string& key = table.keys[i];
    const std::string key_path = child_path(path, key);
    const auto it = std::find(names.begin(), names.end(), key);
    if (it == names.end()) {
      const std::string suggestion = did_you_mean(key, names);
      reader.fail(table.items[i], key_path,
                  "unknown lever '" + key + "'" + (suggestion.empty() ? ";" : suggestion) +
                      " levers: " + join_names(names));
    }
    const double v = reader.number(table.items[i], key_path);
    if (v < 0)
      reader.fail(table.items[i], key_path, what + " must be >= 0, not " + format_number(v));
    amounts[static_cast<std::size_t>(it - names.begin())] = v;
  }
  return amounts;
}

struct ParameterIndex {
  std::unordered_map<std::string, std::size_t> by_name;
  std::vector<std::string> names;
};

void read_override_table(const Reader& reader, const Node& table, const std::string& path,
                         const std::string& prefix, const Study& study, const ParameterIndex& index,
                         std::vector<Override>& out) {
  for (std::size_t i = 0; i < table.keys.size(); ++i) {
    const std::string name = prefix.empty() ? table.keys[i] : prefix + "." + table.keys[i];
    const Node& value = table.items[i];
    const std::string key_path = child_path(path, table.keys[i]);
    const auto it = index.by_name.find(name);
    if (it == index.by_name.end()) {
      // Unquoted dotted keys (override = { prolific.detect = 0.1 }) arrive as nested tables.
      if (value.is_table() && !value.find("dist")) {
        read_override_table(reader, value, key_path, name, study, index, out);
        continue;
      }
      const std::string suggestion = did_you_mean(name, index.names);
      reader.fail(value, key_path,
                  "unknown parameter '" + name + "'" + (suggestion.empty() ? ";" : suggestion) +
                      " parameters: " + join_names(index.names));
    }
    for (const Override& o : out)
      if (o.parameter == it->second)
        reader.fail(value, key_path, "parameter '" + name + "' is overridden twice");
    Override o;
    o.parameter = it->second;
    o.dist = read_parameter_value(reader, value, key_path, study.parameters[it->second].range);
    out.push_back(o);
  }
}

std::vector<Override> read_overrides(const Reader& reader, const Node& node,
                                     const std::string& path, const Study& study) {
  ParameterIndex index;
  for (std::size_t i = 0; i < study.parameters.size(); ++i) {
    index.by_name.emplace(study.parameters[i].name, i);
    index.names.push_back(study.parameters[i].name);
  }
  std::vector<Override> out;
  read_override_table(reader, reader.table(node, path), path, "", study, index, out);
  std::sort(out.begin(), out.end(),
            [](const Override& a, const Override& b) { return a.parameter < b.parameter; });
  return out;
}

void read_spending(const Reader& reader, const Node& table, const std::string& path,
                   const Study& study, Scenario& s) {
  const Node* allocation = table.find("allocation");
  const Node* budget = table.find("budget");
  const Node* split = table.find("split");
  const std::size_t lever_count = study.levers.size();
  s.share.assign(lever_count, 0.0);

  if (allocation) {
    if (budget)
      reader.fail(*budget, child_path(path, "budget"),
                  "not allowed together with allocation (the budget is the allocation's sum)");
    if (split)
      reader.fail(
          *split, child_path(path, "split"),
          "not allowed together with allocation: give either allocation, or budget and split");
    const std::vector<double> amounts =
        read_lever_amounts(reader, *allocation, child_path(path, "allocation"), study,
                           "an amount (" + study.currency + ")");
    double total = 0.0;
    for (double a : amounts) total += a;
    if (!std::isfinite(total))
      reader.fail(*allocation, child_path(path, "allocation"), "the amounts' sum is not finite");
    s.budget = total;
    if (total > 0)
      for (std::size_t l = 0; l < lever_count; ++l) s.share[l] = amounts[l] / total;
    return;
  }
  if (!budget) {
    if (split)
      reader.fail(*split, child_path(path, "split"),
                  "a split needs a budget (" + study.currency + ") to divide");
    reader.fail(table, child_path(path, "budget"),
                "missing spending: give allocation = { lever = " + study.currency +
                    ", ... }, or budget with split = { lever = share, ... }, or budget = 0");
  }
  const std::string budget_path = child_path(path, "budget");
  s.budget = reader.number(*budget, budget_path);
  if (s.budget < 0)
    reader.fail(*budget, budget_path, "must be >= 0, not " + format_number(s.budget));
  if (!split) {
    if (s.budget > 0)
      reader.fail(*budget, budget_path,
                  "a budget above 0 needs split = { lever = share, ... } saying how it is divided");
    return;
  }
  const std::string split_path = child_path(path, "split");
  const std::vector<double> shares =
      read_lever_amounts(reader, *split, split_path, study, "a share");
  if (s.budget == 0) return;  // nothing is spent: shares stay 0
  double sum = 0.0;
  for (double v : shares) sum += v;
  // Shares written as percentages are the common slip; say what the unit is.
  if (std::fabs(sum - 100.0) <= 1e-6)
    reader.fail(*split, split_path,
                "shares sum to 100: shares are fractions of 1 (write 0.25 for 25%), or give "
                "amounts with allocation = { lever = amount, ... } instead of budget and split");
  if (!(std::fabs(sum - 1.0) <= 1e-9))
    reader.fail(*split, split_path,
                "shares sum to " + format_number(sum) + ", not 1 (tolerance 1e-9)");
  s.share = shares;
}

}  // namespace

void read_spending_window(const Reader& reader, const Node& table, const std::string& path,
                          const Study& study, int& start_month, int& duration_months) {
  if (const Node* d = table.find("duration_months"))
    duration_months =
        static_cast<int>(reader.integer_in(*d, child_path(path, "duration_months"), 1, INT_MAX));
  if (const Node* m = table.find("start_month")) {
    const std::string start_path = child_path(path, "start_month");
    const std::int64_t start = reader.integer_in(*m, start_path, 0, INT64_MAX);
    if (start >= study.run.months)
      reader.fail(*m, start_path,
                  "start_month " + std::to_string(start) + " is beyond the run's last month (" +
                      std::to_string(study.run.months - 1) +
                      ", run.months = " + std::to_string(study.run.months) + ")");
    start_month = static_cast<int>(start);
  }
}

void read_scenarios(const Reader& reader, const Node& root, Study& study) {
  const Node* node = root.find("scenario");
  if (!node) return;
  const Node& scenarios = reader.table_array(*node, "scenario");
  std::unordered_map<std::string, std::size_t> index_of;  // name -> scenario index (no O(n^2))
  for (std::size_t i = 0; i < scenarios.items.size(); ++i) {
    const Node& table = scenarios.items[i];
    const std::string path = index_path("scenario", i);
    reader.check_keys(table, path, section_keys("scenario"));

    Scenario s;
    const Node& name_node = reader.require(table, path, "name");
    const std::string name_path = child_path(path, "name");
    s.name = reader.string(name_node, name_path);
    if (!is_scenario_name(s.name))
      reader.fail(name_node, name_path,
                  "a scenario name must be non-empty, without control characters");
    if (const auto [it, inserted] = index_of.emplace(s.name, study.scenarios.size()); !inserted)
      reader.fail(name_node, name_path,
                  "duplicate scenario name '" + s.name + "' (also scenario[" +
                      std::to_string(it->second) + "])");

    read_spending(reader, table, path, study, s);

    read_spending_window(reader, table, path, study, s.start_month, s.duration_months);
    if (const Node* o = table.find("override"))
      s.overrides = read_overrides(reader, *o, child_path(path, "override"), study);
    study.scenarios.push_back(std::move(s));
  }
}

}  // namespace fundsim::study_detail
