#pragma once
// The variables of a fundsim output file, in one table (docs/output-format.md §2): name,
// dimensions, type, units, long name, and what the values are. The writer creates and fills
// the file from it; the results reader, the size estimate and `fundsim schema` read it. Names,
// units and long names of metrics come from the metric table (engine/registry/metrics.hpp).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "registry/metrics.hpp"
#include "study/study.hpp"

namespace fundsim {

enum class ValueType : std::uint8_t { f64, f32, i32, i64, i8, text };

// What a variable holds.
enum class Content : std::uint8_t {
  coordinate,      // a dimension's labels (a netCDF coordinate variable)
  scenario,        // one value per scenario (budget, shares, spend...) or per month (date)
  replicates,      // per-replicate values of a metric, or the parameter draws
  summary,         // a statistic over replicates of a metric, per month or over the horizon
  difference,      // a statistic of the paired difference from the baseline
  offender_years,  // a statistic of the paired difference in offender-years
  cost,            // cost per outcome gained (analysis/cost_effectiveness.hpp)
  objective,       // a statistic of the objectives (analysis/objective_summary.hpp)
  decision,        // decision statistics from the per-replicate values (choice/run_decision.hpp)
};
enum class Period : std::uint8_t { none, month, year, horizon };
enum class Statistic : std::uint8_t {
  none,
  mean,
  sd,
  se,             // Monte Carlo standard error of the mean
  quantile,       // at the levels of the `quantile` coordinate
  prob_better,    // share of replicates where the scenario is better, ties counting half
  value,          // a cost per outcome
  without_gain,   // replicates without gain (cost outcomes)
  score,          // an objective's risk measure
  p_beat,         // share of replicates beating the objective's reference, ties half
  p_best,         // probability of being the best of a choice set
  expected_loss,  // expected loss against the best of a choice set, replicate by replicate
  evpi_naive,     // E[max] - max E over replicates (the model's noise included)
  evpi,           // expected value of perfect information, the model's noise removed
  evppi           // expected value of partial perfect information (a parameter or a group)
};

struct Variable {
  std::string name;
  std::vector<std::string> dims;
  ValueType type = ValueType::f64;
  std::string units;  // empty: no units attribute
  std::string long_name;
  bool fill = false;  // a fill value marks missing data (NaN for floats, -1 for counts)
  // Paired differences carry "better" and "baseline" attributes.
  bool paired = false;
  Better better = Better::none;
  Content content = Content::scenario;
  Metric metric = Metric::count;  // for metric variables (and per-replicate totals)
  Period period = Period::none;
  Statistic statistic = Statistic::none;
  std::size_t cost = 0;  // index into cost_outcomes() for Content::cost
};

// A variable from its name, dimensions, type, units, long name and content; every other field
// at its default (the run's table below and the sensitivity, optimisation and posterior files).
Variable plain_variable(std::string name, std::vector<std::string> dims, ValueType type,
                        std::string units, std::string long_name,
                        Content content = Content::scenario);

// Coordinates, scenario variables and per-replicate variables (the latter only if
// `with_replicates`), in the order the writer creates them.
std::vector<Variable> layout_variables(const Study& study, bool with_replicates, bool central);
// Summaries, paired differences and cost-effectiveness, in the order the writer creates them;
// money in `currency` (the study's).
std::vector<Variable> summary_variables(std::string_view currency = kDefaultCurrency);

// The decision statistics a full run adds at its end (docs/output-format.md §8): the coordinate
// `parameter_group` and the variables over it only when the study declares groups.
std::vector<Variable> decision_variables(const Study& study);

std::size_t value_bytes(ValueType type);  // 0 for text

}  // namespace fundsim
