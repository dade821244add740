// `fundsim report --format csv`: one row per scenario (wide), or with --long one row per
// scenario, metric and statistic (tidy: the layout of R's broom and of pandas.melt), each row
// carrying the scenario's sweep, shares, budget and spend. Estimates are rounded to `digits`
// significant figures; inputs (shares, budget, spend) are printed in full.
#include <string>
#include <vector>

#include "cli/report_formats.hpp"
#include "cli/table.hpp"

namespace fundsim::cli {

namespace {

// The statistics of a metric and of a cost, in column order.
const std::vector<std::string> kMetricStatistics = {"total_median", "total_p5",   "total_p95",
                                                    "diff_mean",    "diff_se",    "diff_p5",
                                                    "diff_p95",     "prob_better"};
const std::vector<std::string> kCostStatistics = {"value", "se",  "median",
                                                  "p5",    "p95", "replicates_without_gain"};

std::vector<double> metric_values(const MetricFigures& x) {
  return {x.total_median, x.total_p5, x.total_p95, x.diff_mean,
          x.diff_se,      x.diff_p5,  x.diff_p95,  x.prob_better};
}
std::vector<double> cost_values(const CostFigures& c) {
  return {c.value, c.se, c.median, c.p5, c.p95, c.without_gain};
}

// The Monte Carlo standard error falls as 1/sqrt(replicates), so halving it takes 4 times the
// replicates the file summarises. NaN (CSV empty) where there is no se to halve: the reference's
// own row (se 0) or a missing se.
double replicates_to_halve_se(const Report& r, double se) {
  return std::isfinite(se) && se > 0 ? 4.0 * static_cast<double>(r.replicates) : NAN;
}

}  // namespace

void print_report_csv(std::ostream& out, const Report& r, int digits) {
  out << "scenario,sweep,budget";
  for (const MetricColumn& i : r.metrics)
    for (const std::string& f : kMetricStatistics) out << ',' << i.name << '_' << f;
  for (const CostColumn& c : r.costs) {
    for (const std::string& f : kCostStatistics)
      out << ',' << c.variable << (f == "value" ? "" : "_" + f);
  }
  // Added after the earlier columns so that their positions do not change.
  for (const MetricColumn& i : r.metrics) out << ',' << i.name << "_diff_replicates_to_halve_se";
  out << ",spend_within_horizon,currency";
  for (const std::string& lever : r.levers) out << ",share_" << lever;
  out << '\n';
  for (const ScenarioRow& row : r.rows) {
    out << csv_field(row.name) << ',' << csv_field(row.sweep) << ',' << csv_number(row.budget);
    for (const MetricFigures& x : row.metrics)
      for (double v : metric_values(x)) out << ',' << csv_rounded(v, digits);
    for (const CostFigures& c : row.costs) {
      const std::vector<double> values = cost_values(c);
      for (std::size_t i = 0; i < values.size(); ++i)  // the count stays whole
        out << ','
            << (i + 1 == values.size() ? csv_number(values[i]) : csv_rounded(values[i], digits));
    }
    for (const MetricFigures& x : row.metrics)
      out << ',' << csv_number(replicates_to_halve_se(r, x.diff_se));
    out << ',' << csv_number(row.spend_within_horizon) << ',' << csv_field(r.currency);
    for (double share : row.shares) out << ',' << csv_number(share);
    out << '\n';
  }
}

void print_report_csv_long(std::ostream& out, const Report& r, int digits) {
  out << "scenario,sweep";
  for (const std::string& lever : r.levers) out << ",share_" << lever;
  out << ",budget,spend_within_horizon,metric,statistic,value,units\n";
  for (const ScenarioRow& row : r.rows) {
    std::string id = csv_field(row.name) + ',' + csv_field(row.sweep);
    for (double share : row.shares) id += ',' + csv_number(share);
    id += ',' + csv_number(row.budget) + ',' + csv_number(row.spend_within_horizon);
    const auto line = [&](const std::string& metric, const std::string& statistic,
                          const std::string& value, const std::string& units) {
      out << id << ',' << metric << ',' << statistic << ',' << value << ',' << csv_field(units)
          << '\n';
    };
    for (std::size_t m = 0; m < r.metrics.size(); ++m) {
      const std::vector<double> values = metric_values(row.metrics[m]);
      for (std::size_t s = 0; s < values.size(); ++s) {
        line(r.metrics[m].name, kMetricStatistics[s], csv_rounded(values[s], digits),
             kMetricStatistics[s] == "prob_better" ? "1" : r.metrics[m].units);
      }
    }
    for (std::size_t c = 0; c < r.costs.size(); ++c) {
      const std::vector<double> values = cost_values(row.costs[c]);
      for (std::size_t s = 0; s < values.size(); ++s) {
        const bool replicates = kCostStatistics[s] == "replicates_without_gain";
        line(r.costs[c].variable, kCostStatistics[s],
             replicates ? csv_number(values[s]) : csv_rounded(values[s], digits),
             replicates ? "replicates" : r.costs[c].units);
      }
    }
  }
}

}  // namespace fundsim::cli
