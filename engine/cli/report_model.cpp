#include "cli/report_model.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "analysis/cost_effectiveness.hpp"
#include "analysis/paired_statistics.hpp"
#include "cli/file_input.hpp"
#include "errors.hpp"
#include "output/results_file.hpp"
#include "registry/metrics.hpp"

namespace fundsim::cli {

namespace {

constexpr double kNaN = NAN;

std::size_t level_index(const std::vector<double>& levels, double q, const std::string& file) {
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (std::fabs(levels[i] - q) < 1e-9) return i;
  }
  throw InputError(file + ": the quantile coordinate has no level " + std::to_string(q));
}

MetricColumn metric_column(const std::string& name) {
  const MetricInfo& metric = metric_info(*find_metric(name));
  return MetricColumn{metric.name, metric.total_units, metric.total_long_name,
                      better_name(metric.better)};
}

// What every report shares: the study, its levers and scenarios, the cost columns.
Report skeleton(const ResultsFile& file, const std::vector<std::string>& metrics,
                const std::string& reference) {
  const Study& study = file.study();
  Report r;
  r.file = file.path();
  r.study = study.name;
  r.currency = study.currency;
  r.reference = reference;
  r.replicates = static_cast<std::int64_t>(file.spec().replicates);
  r.months = study.run.months;
  r.summary_only = file.spec().summary_only;
  r.independent = file.spec().independent;
  for (const LeverDecl& l : study.levers) r.levers.push_back(l.name);
  for (const std::string& m : metrics) r.metrics.push_back(metric_column(m));
  static const std::array<std::pair<const char*, const char*>, 3> kTitles = {
      {{"arrest_gained", "Cost per arrest gained"},
       {"contact_abuse_averted", "Cost per contact abuse event averted"},
       {"offender_year_averted", "Cost per offender-year averted"}}};
  for (std::size_t c = 0; c < r.costs.size(); ++c) {
    const CostOutcome& o = cost_outcomes()[c];
    r.costs[c] = {o.name, kTitles[c].first, kTitles[c].second, cost_units(o, study.currency)};
  }
  // Files written before spend_within_horizon existed divided the whole budget.
  const bool has_spend = file.has("spend_within_horizon");
  const std::vector<double> spend =
      has_spend ? file.read("spend_within_horizon") : std::vector<double>{};
  r.rows.resize(study.scenarios.size());
  for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
    const Scenario& sc = study.scenarios[s];
    ScenarioRow& row = r.rows[s];
    row.name = sc.name;
    row.sweep = sc.sweep;
    row.reference = sc.name == reference;
    row.budget = sc.budget;
    row.spend_within_horizon = has_spend ? spend[s] : sc.budget;
    row.cost_spend = row.spend_within_horizon;
    row.shares = sc.share;
    row.metrics.resize(metrics.size());
  }
  return r;
}

std::vector<double> per_scenario(const std::vector<double>& all, std::size_t s, std::size_t R) {
  return std::vector<double>(all.begin() + static_cast<std::ptrdiff_t>(s * R),
                             all.begin() + static_cast<std::ptrdiff_t>((s + 1) * R));
}

}  // namespace

std::vector<std::string> report_metrics() {
  std::vector<std::string> names;
  for (Metric m : total_metrics()) names.emplace_back(metric_name(m));
  return names;
}

Report load_report(const std::string& path, const std::vector<std::string>& metrics) {
  const ResultsFile file(path);
  Report r = skeleton(file, metrics, file.baseline());
  const std::vector<std::string> names = file.read_strings("scenario");
  if (names.size() != r.rows.size())
    throw InputError(path + ": the scenario coordinate does not match the stored study");
  const std::vector<double> levels = file.read("quantile");
  const std::size_t S = names.size(), Q = levels.size();
  const std::size_t q05 = level_index(levels, 0.05, path), q50 = level_index(levels, 0.5, path),
                    q95 = level_index(levels, 0.95, path);
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    const std::string& name = metrics[m];
    const auto total = file.read(name + "_horizon_quantile");
    const auto mean = file.read(name + "_diff_horizon_mean");
    const auto se = file.read(name + "_diff_horizon_se");
    const auto quantile = file.read(name + "_diff_horizon_quantile");
    const auto prob = file.read(name + "_diff_horizon_prob_better");
    for (std::size_t s = 0; s < S; ++s) {
      MetricFigures& x = r.rows[s].metrics[m];
      x.total_median = total[s * Q + q50];
      x.total_p5 = total[s * Q + q05];
      x.total_p95 = total[s * Q + q95];
      x.diff_mean = mean[s];
      x.diff_se = se[s];
      x.diff_p5 = quantile[s * Q + q05];
      x.diff_p95 = quantile[s * Q + q95];
      x.prob_better = prob[s];
    }
  }
  for (std::size_t c = 0; c < r.costs.size(); ++c) {
    const std::string& name = r.costs[c].variable;
    const auto value = file.read(name);
    const auto se = file.read(name + "_se");
    const auto quantile = file.read(name + "_quantile");
    const auto nonpositive = file.read(name + "_nonpositive");
    for (std::size_t s = 0; s < S; ++s) {
      CostFigures& f = r.rows[s].costs[c];
      f.value = value[s];
      f.se = se[s];
      f.median = quantile[s * Q + q50];
      f.p5 = quantile[s * Q + q05];
      f.p95 = quantile[s * Q + q95];
      f.without_gain = nonpositive[s];
    }
  }
  return r;
}

// Totals are the exact quantiles of the per-replicate totals; cost per outcome uses the
// difference in spend within the horizon from the reference (NaN where it is not positive).
Report load_report_against(const std::string& path, const std::vector<std::string>& metrics,
                           const std::string& reference) {
  const ResultsFile file(path);
  require_totals(file, "fundsim report --reference");
  const Study& study = file.study();
  const std::size_t ref = find_scenario(study, reference, "fundsim report --reference");
  Report r = skeleton(file, metrics, study.scenarios[ref].name);
  r.explicit_reference = true;
  const std::size_t S = study.scenarios.size();
  const std::size_t R = file.spec().replicates;
  for (ScenarioRow& row : r.rows)
    row.cost_spend = row.spend_within_horizon - r.rows[ref].spend_within_horizon;
  std::map<Metric, std::vector<double>> totals;
  const auto totals_of = [&](Metric m) -> const std::vector<double>& {
    auto it = totals.find(m);
    if (it == totals.end())
      it = totals.emplace(m, file.read(std::string(metric_name(m)) + "_horizon_total")).first;
    return it->second;
  };
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    const MetricInfo& metric = metric_info(*find_metric(metrics[m]));
    const std::vector<double>& all = totals_of(metric.metric);
    const std::vector<double> against = per_scenario(all, ref, R);
    for (std::size_t s = 0; s < S; ++s) {
      std::vector<double> own = per_scenario(all, s, R);
      const PairedStatistics p = paired_statistics(own, against, metric.better);
      std::sort(own.begin(), own.end());
      MetricFigures& x = r.rows[s].metrics[m];
      x.total_median = sorted_quantile(own, 0.5);
      x.total_p5 = sorted_quantile(own, 0.05);
      x.total_p95 = sorted_quantile(own, 0.95);
      x.diff_mean = p.mean;
      x.diff_se = p.se;
      x.diff_p5 = p.quantiles[1];
      x.diff_p95 = p.quantiles[5];
      x.prob_better = p.prob_better;
    }
  }
  // Arrests gained and contact abuse averted; the active total summed over months is not kept
  // per replicate, so offender-years stay NaN.
  struct Outcome {
    Metric metric;
    bool gain_is_increase;
    std::size_t column;
  };
  for (const Outcome& o :
       {Outcome{Metric::arrests, true, 0}, Outcome{Metric::contact_abuse, false, 1}}) {
    const std::vector<double>& all = totals_of(o.metric);
    const std::vector<double> against = per_scenario(all, ref, R);
    for (std::size_t s = 0; s < S; ++s) {
      const std::vector<double> own = per_scenario(all, s, R);
      const double cost = r.rows[s].cost_spend;
      std::vector<double> ratio(R);
      double gain_sum = 0, without_gain = 0;
      for (std::size_t i = 0; i < R; ++i) {
        const double gain = (o.gain_is_increase ? 1.0 : -1.0) * (own[i] - against[i]);
        gain_sum += gain;
        without_gain += gain <= 0 ? 1 : 0;
        ratio[i] = gain > 0 ? cost / gain : INFINITY;
      }
      std::sort(ratio.begin(), ratio.end());
      const double mean_gain = gain_sum / static_cast<double>(R);
      const auto finite = [](double v) { return std::isfinite(v) ? v : kNaN; };
      CostFigures& c = r.rows[s].costs[o.column];
      const bool defined = cost > 0 && mean_gain > 0;
      c.value = defined ? cost / mean_gain : kNaN;
      c.se = kNaN;
      c.median = cost > 0 ? finite(sorted_quantile(ratio, 0.5)) : kNaN;
      c.p5 = cost > 0 ? finite(sorted_quantile(ratio, 0.05)) : kNaN;
      c.p95 = cost > 0 ? finite(sorted_quantile(ratio, 0.95)) : kNaN;
      c.without_gain = without_gain;
    }
  }
  return r;
}

}  // namespace fundsim::cli
