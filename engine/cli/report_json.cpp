// `fundsim report --format json`: every figure in full precision (null for NaN), with the
// study's currency and each scenario's budget, spend within the horizon and shares.
#include <nlohmann/json.hpp>

#include "cli/report_formats.hpp"
#include "cli/table.hpp"

namespace fundsim::cli {

void print_report_json(std::ostream& out, const Report& r) {
  nlohmann::ordered_json doc = {{"study", r.study},
                                {"baseline", r.reference},
                                {"replicates", r.replicates},
                                {"months", r.months},
                                {"currency", r.currency},
                                {"summary_only", r.summary_only},
                                {"independent", r.independent},
                                {"levers", r.levers}};
  nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
  for (const MetricColumn& i : r.metrics)
    metrics[i.name] = {{"units", i.units}, {"better", i.better}, {"long_name", i.long_name}};
  doc["metrics"] = metrics;
  nlohmann::ordered_json costs = nlohmann::ordered_json::object();
  for (const CostColumn& c : r.costs) costs[c.key] = {{"units", c.units}, {"variable", c.variable}};
  doc["costs"] = costs;
  nlohmann::ordered_json scenarios = nlohmann::ordered_json::array();
  for (const ScenarioRow& row : r.rows) {
    nlohmann::ordered_json figures = nlohmann::ordered_json::object();
    for (std::size_t m = 0; m < r.metrics.size(); ++m) {
      const MetricFigures& x = row.metrics[m];
      const double halve =
          std::isfinite(x.diff_se) && x.diff_se > 0 ? 4.0 * static_cast<double>(r.replicates) : NAN;
      figures[r.metrics[m].name] = {{"total",
                                     {{"median", json_value(x.total_median)},
                                      {"p5", json_value(x.total_p5)},
                                      {"p95", json_value(x.total_p95)}}},
                                    {"diff",
                                     {{"mean", json_value(x.diff_mean)},
                                      {"se", json_value(x.diff_se)},
                                      {"p5", json_value(x.diff_p5)},
                                      {"p95", json_value(x.diff_p95)},
                                      {"prob_better", json_value(x.prob_better)},
                                      {"replicates_to_halve_se", json_value(halve)}}}};
    }
    nlohmann::ordered_json cost = nlohmann::ordered_json::object();
    for (std::size_t c = 0; c < r.costs.size(); ++c) {
      const CostFigures& f = row.costs[c];
      cost[r.costs[c].key] = {{"value", json_value(f.value)},
                              {"se", json_value(f.se)},
                              {"median", json_value(f.median)},
                              {"p5", json_value(f.p5)},
                              {"p95", json_value(f.p95)},
                              {"replicates_without_gain", json_value(f.without_gain)}};
    }
    nlohmann::ordered_json shares = nlohmann::ordered_json::object();
    for (std::size_t l = 0; l < r.levers.size(); ++l) shares[r.levers[l]] = row.shares[l];
    scenarios.push_back({{"name", row.name},
                         {"sweep", row.sweep},
                         {"reference", row.reference},
                         {"budget", json_value(row.budget)},
                         {"spend_within_horizon", json_value(row.spend_within_horizon)},
                         {"shares", shares},
                         {"metrics", figures},
                         {"cost_per", cost}});
  }
  doc["scenarios"] = scenarios;
  out << doc.dump(1) << '\n';
}

}  // namespace fundsim::cli
