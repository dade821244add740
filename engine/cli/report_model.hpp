#pragma once
// The figures `fundsim report` prints, loaded from a run's file: per scenario, each metric's
// horizon total and paired difference from the reference, and the cost per outcome
// (docs/output-format.md §2.5-2.7, §5.7). The writers (report_formats.hpp) only lay them out.
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace fundsim::cli {

struct MetricFigures {
  double total_median = NAN, total_p5 = NAN, total_p95 = NAN;
  double diff_mean = NAN, diff_se = NAN, diff_p5 = NAN, diff_p95 = NAN, prob_better = NAN;
};

struct MetricColumn {
  std::string name, units, long_name, better;
};

// Cost per outcome: spend within the horizon over the paired gain.
struct CostFigures {
  double value = NAN, se = NAN, median = NAN, p5 = NAN, p95 = NAN;
  double without_gain = NAN;  // replicates with gain <= 0 (a count; NaN if unknown)
};

struct CostColumn {
  std::string variable;  // "cost_per_arrest_gained"
  std::string key;       // JSON key: "arrest_gained"
  std::string title;     // "Cost per arrest gained"
  std::string units;     // "GBP per arrest"
};

struct ScenarioRow {
  std::string name, sweep;
  bool reference = false;  // the scenario differences are taken against
  double budget = NAN;
  double spend_within_horizon = NAN;
  // What cost per outcome divides: the spend within the horizon, or with --reference its
  // difference from the reference's.
  double cost_spend = NAN;
  std::vector<double> shares;  // per lever of Report::levers
  std::vector<MetricFigures> metrics;
  std::array<CostFigures, 3> costs;  // in the order of Report::costs
};

struct Report {
  std::string study, file, currency;
  std::string reference;            // the scenario differences are taken against
  bool explicit_reference = false;  // --reference: exact statistics from per-replicate totals
  std::int64_t replicates = 0;
  int months = 0;
  bool summary_only = false, independent = false;
  std::vector<std::string> levers;
  std::vector<MetricColumn> metrics;
  std::array<CostColumn, 3> costs;
  std::vector<ScenarioRow> rows;
};

// From the streamed paired differences and costs of the file (any file, summary-only too).
Report load_report(const std::string& path, const std::vector<std::string>& metrics);
// Against any scenario of a full run, from its per-replicate totals (docs/decision.md §2).
Report load_report_against(const std::string& path, const std::vector<std::string>& metrics,
                           const std::string& reference);

// The metrics with totals over the horizon (those `report --metric` accepts).
std::vector<std::string> report_metrics();

}  // namespace fundsim::cli
