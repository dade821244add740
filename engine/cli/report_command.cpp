// `fundsim report FILE.h5`: a league table of scenarios against the baseline (or, with
// --reference, any scenario of a full run, from the per-replicate totals), read from the
// paired-difference and cost-effectiveness datasets of a run (docs/output-format.md 2.5-2.7).
// Works on summary-only files. Formats: table (terminal), markdown, csv (one row per
// scenario), json.
#include <algorithm>
#include <boost/program_options.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/paired_statistics.hpp"
#include "cli/commands.hpp"
#include "cli/file_input.hpp"
#include "cli/parse_arguments.hpp"
#include "cli/table.hpp"
#include "errors.hpp"
#include "output/results_file.hpp"
#include "registry/metrics.hpp"

namespace po = boost::program_options;

namespace fundsim::cli {

namespace {

const std::vector<std::string> kDefaultMetrics = {"referrals",   "arrests", "contact_abuse",
                                                  "safeguarded", "active",  "backlog"};

struct MetricFigures {
  double total_median = NAN, total_p5 = NAN, total_p95 = NAN;
  double diff_mean = NAN, diff_se = NAN, diff_p5 = NAN, diff_p95 = NAN, prob_better = NAN;
};

struct MetricColumn {
  std::string name, units, long_name, better;
};

struct CostFigures {
  double value = NAN, se = NAN, median = NAN, p5 = NAN, p95 = NAN, nonpositive = NAN;
};

struct ScenarioRow {
  std::string name, sweep;
  double budget = NAN;
  std::vector<MetricFigures> metrics;
  CostFigures arrest, abuse, offender_year;
};

struct Report {
  std::string study, baseline, file;
  bool reference = false;  // differences against a reference other than the file's baseline
  std::int64_t replicates = 0;
  bool summary_only = false, independent = false;
  std::vector<MetricColumn> metrics;
  std::vector<ScenarioRow> rows;
};

std::size_t level_index(const std::vector<double>& levels, double q, const std::string& file) {
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (std::fabs(levels[i] - q) < 1e-9) return i;
  }
  throw InputError(file + ": the quantile coordinate has no level " + std::to_string(q));
}

Report load(const std::string& path, const std::vector<std::string>& metrics) {
  const ResultsFile file(path);
  Report r;
  r.file = path;
  r.study = file.study().name;
  r.baseline = file.baseline();
  r.replicates = static_cast<std::int64_t>(file.spec().replicates);
  r.summary_only = file.spec().summary_only;
  r.independent = file.spec().independent;
  const std::vector<std::string> names = file.read_strings("scenario");
  const std::vector<std::string> sweeps = file.read_strings("sweep");
  const std::vector<double> budget = file.read("budget");
  const std::vector<double> levels = file.read("quantile");
  const std::size_t S = names.size(), Q = levels.size();
  const std::size_t q05 = level_index(levels, 0.05, path), q50 = level_index(levels, 0.5, path),
                    q95 = level_index(levels, 0.95, path);
  r.rows.resize(S);
  for (std::size_t s = 0; s < S; ++s) {
    r.rows[s].name = names[s];
    r.rows[s].sweep = sweeps[s];
    r.rows[s].budget = budget[s];
    r.rows[s].metrics.resize(metrics.size());
  }
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    const MetricInfo& metric = metric_info(*find_metric(metrics[m]));
    r.metrics.push_back(MetricColumn{metric.name, metric.total_units, metric.total_long_name,
                                     better_name(metric.better)});
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
  for (const auto& [name, member] :
       {std::pair{std::string("cost_per_arrest_gained"), &ScenarioRow::arrest},
        std::pair{std::string("cost_per_contact_abuse_averted"), &ScenarioRow::abuse},
        std::pair{std::string("cost_per_offender_year_averted"), &ScenarioRow::offender_year}}) {
    const auto value = file.read(name);
    const auto se = file.read(name + "_se");
    const auto quantile = file.read(name + "_quantile");
    const auto nonpositive = file.read(name + "_nonpositive");
    for (std::size_t s = 0; s < S; ++s) {
      CostFigures& c = r.rows[s].*member;
      c.value = value[s];
      c.se = se[s];
      c.median = quantile[s * Q + q50];
      c.p5 = quantile[s * Q + q05];
      c.p95 = quantile[s * Q + q95];
      c.nonpositive = nonpositive[s];
    }
  }
  return r;
}

// Against any scenario of a full run: exact paired statistics from the per-replicate totals
// (docs/decision.md §2). Totals are the exact quantiles of the per-replicate totals; cost per
// outcome uses the budget difference from the reference (NaN where it is not positive).
Report load_against(const std::string& path, const std::vector<std::string>& metrics,
                    const std::string& reference) {
  const ResultsFile file(path);
  require_totals(file, "fundsim report --reference");
  const Study& study = file.study();
  const std::size_t ref = find_scenario(study, reference, "fundsim report --reference");
  const std::size_t S = study.scenarios.size();
  const std::size_t R = file.spec().replicates;
  Report r;
  r.file = path;
  r.study = study.name;
  r.baseline = reference;
  r.reference = true;
  r.replicates = static_cast<std::int64_t>(R);
  r.independent = file.spec().independent;
  r.rows.resize(S);
  for (std::size_t s = 0; s < S; ++s) {
    r.rows[s].name = study.scenarios[s].name;
    r.rows[s].sweep = study.scenarios[s].sweep;
    r.rows[s].budget = study.scenarios[s].budget;
    r.rows[s].metrics.resize(metrics.size());
  }
  const auto per_scenario = [&](const std::vector<double>& all, std::size_t s) {
    return std::vector<double>(all.begin() + static_cast<std::ptrdiff_t>(s * R),
                               all.begin() + static_cast<std::ptrdiff_t>((s + 1) * R));
  };
  std::map<Metric, std::vector<double>> totals;
  const auto totals_of = [&](Metric m) -> const std::vector<double>& {
    auto it = totals.find(m);
    if (it == totals.end())
      it = totals.emplace(m, file.read(std::string(metric_name(m)) + "_horizon_total")).first;
    return it->second;
  };
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    const MetricInfo& metric = metric_info(*find_metric(metrics[m]));
    r.metrics.push_back(MetricColumn{metric.name, metric.total_units, metric.total_long_name,
                                     better_name(metric.better)});
    const std::vector<double>& all = totals_of(metric.metric);
    const std::vector<double> against = per_scenario(all, ref);
    for (std::size_t s = 0; s < S; ++s) {
      std::vector<double> own = per_scenario(all, s);
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
  // Cost per outcome: arrests gained, contact abuse averted, offender-years averted (the active
  // total summed over months is not kept per replicate: offender-years are left out, NaN).
  struct Outcome {
    Metric metric;
    bool gain_is_increase;
    CostFigures ScenarioRow::*member;
  };
  for (const Outcome& o : {Outcome{Metric::arrests, true, &ScenarioRow::arrest},
                           Outcome{Metric::contact_abuse, false, &ScenarioRow::abuse}}) {
    const std::vector<double>& all = totals_of(o.metric);
    const std::vector<double> against = per_scenario(all, ref);
    for (std::size_t s = 0; s < S; ++s) {
      const std::vector<double> own = per_scenario(all, s);
      const double cost = study.scenarios[s].budget - study.scenarios[ref].budget;
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
      const auto finite = [](double v) { return std::isfinite(v) ? v : NAN; };
      CostFigures& c = r.rows[s].*o.member;
      const bool defined = cost > 0 && mean_gain > 0;
      c.value = defined ? cost / mean_gain : NAN;
      c.se = NAN;
      c.median = cost > 0 ? finite(sorted_quantile(ratio, 0.5)) : NAN;
      c.p5 = cost > 0 ? finite(sorted_quantile(ratio, 0.05)) : NAN;
      c.p95 = cost > 0 ? finite(sorted_quantile(ratio, 0.95)) : NAN;
      c.nonpositive = without_gain;
    }
  }
  return r;
}

// ---- number formatting ---------------------------------------------------------------------

// The Monte Carlo standard error falls as 1/sqrt(replicates), so halving it takes 4 times the
// replicates the file summarises. NaN (JSON null, CSV empty) where there is no se to halve: the
// baseline's own row (se 0) or a missing se.
double replicates_to_halve_se(const Report& r, double se) {
  return std::isfinite(se) && se > 0 ? 4.0 * static_cast<double>(r.replicates) : NAN;
}

// ---- formats -------------------------------------------------------------------------------

void print_json(std::ostream& out, const Report& r) {
  nlohmann::ordered_json doc = {{"study", r.study},
                                {"baseline", r.baseline},
                                {"replicates", r.replicates},
                                {"summary_only", r.summary_only},
                                {"independent", r.independent}};
  nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
  for (const MetricColumn& i : r.metrics)
    metrics[i.name] = {{"units", i.units}, {"better", i.better}, {"long_name", i.long_name}};
  doc["metrics"] = metrics;
  nlohmann::ordered_json scenarios = nlohmann::ordered_json::array();
  for (const ScenarioRow& row : r.rows) {
    nlohmann::ordered_json figures = nlohmann::ordered_json::object();
    for (std::size_t m = 0; m < r.metrics.size(); ++m) {
      const MetricFigures& x = row.metrics[m];
      figures[r.metrics[m].name] = {
          {"total",
           {{"median", json_value(x.total_median)},
            {"p5", json_value(x.total_p5)},
            {"p95", json_value(x.total_p95)}}},
          {"diff",
           {{"mean", json_value(x.diff_mean)},
            {"se", json_value(x.diff_se)},
            {"p5", json_value(x.diff_p5)},
            {"p95", json_value(x.diff_p95)},
            {"prob_better", json_value(x.prob_better)},
            {"replicates_to_halve_se", json_value(replicates_to_halve_se(r, x.diff_se))}}}};
    }
    const auto cost = [](const CostFigures& c) {
      return nlohmann::ordered_json{
          {"value", json_value(c.value)},   {"se", json_value(c.se)},
          {"median", json_value(c.median)}, {"p5", json_value(c.p5)},
          {"p95", json_value(c.p95)},       {"replicates_without_gain", json_value(c.nonpositive)}};
    };
    scenarios.push_back({{"name", row.name},
                         {"sweep", row.sweep},
                         {"budget_gbp", json_value(row.budget)},
                         {"metrics", figures},
                         {"cost_per",
                          {{"arrest_gained", cost(row.arrest)},
                           {"contact_abuse_averted", cost(row.abuse)},
                           {"offender_year_averted", cost(row.offender_year)}}}});
  }
  doc["scenarios"] = scenarios;
  out << doc.dump(1) << '\n';
}

void print_csv(std::ostream& out, const Report& r) {
  out << "scenario,sweep,budget_gbp";
  for (const MetricColumn& i : r.metrics) {
    for (const char* f : {"total_median", "total_p5", "total_p95", "diff_mean", "diff_se",
                          "diff_p5", "diff_p95", "prob_better"}) {
      out << ',' << i.name << '_' << f;
    }
  }
  for (const char* c : {"cost_per_arrest_gained", "cost_per_contact_abuse_averted",
                        "cost_per_offender_year_averted"}) {
    for (const char* f : {"", "_se", "_median", "_p5", "_p95", "_replicates_without_gain"})
      out << ',' << c << f;
  }
  // Added after the existing columns so that their positions do not change.
  for (const MetricColumn& i : r.metrics) out << ',' << i.name << "_diff_replicates_to_halve_se";
  out << '\n';
  for (const ScenarioRow& row : r.rows) {
    out << csv_field(row.name) << ',' << csv_field(row.sweep) << ',' << csv_number(row.budget);
    for (const MetricFigures& x : row.metrics) {
      for (double v : {x.total_median, x.total_p5, x.total_p95, x.diff_mean, x.diff_se, x.diff_p5,
                       x.diff_p95, x.prob_better}) {
        out << ',' << csv_number(v);
      }
    }
    for (const CostFigures* c : {&row.arrest, &row.abuse, &row.offender_year}) {
      for (double v : {c->value, c->se, c->median, c->p5, c->p95, c->nonpositive})
        out << ',' << csv_number(v);
    }
    for (const MetricFigures& x : row.metrics)
      out << ',' << csv_number(replicates_to_halve_se(r, x.diff_se));
    out << '\n';
  }
}

void print_tables(std::ostream& out, const Report& r, bool markdown) {
  const std::string h = markdown ? "### " : "";
  out << (markdown ? "## " : "") << "Study '" << r.study << "': scenarios against the "
      << (r.reference ? "reference '" : "baseline '") << r.baseline << "', paired by replicate, "
      << r.replicates << " replicates"
      << (r.reference ? " (exact statistics from the per-replicate totals)" : "")
      << (r.independent ? " (--independent: NOT paired, common random numbers off)" : "") << "\n\n";
  out << "Totals over the horizon (stocks at its end): median [5%, 95%] over replicates. "
         "Difference = scenario - "
      << (r.reference ? "reference" : "baseline")
      << ": mean ± Monte Carlo standard error, [5%, 95%] over replicates, and P(better), "
         "the share "
         "of replicates where the scenario is better (ties count half).\n\n";
  for (std::size_t m = 0; m < r.metrics.size(); ++m) {
    const MetricColumn& i = r.metrics[m];
    out << h << i.name << ": " << i.long_name << " (" << i.units << "; " << i.better
        << " is better)\n\n";
    Table t;
    t.header = {"scenario", "median", "[5%",  "95%]",     "diff mean",
                "± se",     "[5%",    "95%]", "P(better)"};
    for (const ScenarioRow& row : r.rows) {
      const MetricFigures& x = row.metrics[m];
      t.rows.push_back({row.name, pretty(x.total_median, 0), pretty(x.total_p5, 0),
                        pretty(x.total_p95, 0), signed_pretty(x.diff_mean, 1), pretty(x.diff_se, 1),
                        signed_pretty(x.diff_p5, 0), signed_pretty(x.diff_p95, 0),
                        pretty(x.prob_better, 3)});
    }
    t.print(out, markdown);
    out << (markdown ? "\n" : "")
        << "se ~ 1/sqrt(replicates): " << pretty(replicates_to_halve_se(r, 1.0), 0)
        << " replicates (4 x " << pretty(static_cast<double>(r.replicates), 0)
        << ") would halve each se above.\n\n";
  }
  out << h
      << "Cost-effectiveness (GBP): budget / mean paired gain ± se; [5%, median, 95%] of budget / "
         "gain over "
         "replicates (n/a: unbounded, the scenario gains nothing at that level); replicates "
         "without gain\n\n";
  Table t;
  t.header = {"scenario", "budget",  "per arrest",
              "± se",     "[5%",     "median",
              "95%]",     "no gain", "per abuse averted",
              "± se",     "[5%",     "median",
              "95%]",     "no gain", "per offender-yr averted",
              "± se",     "[5%",     "median",
              "95%]",     "no gain"};
  for (const ScenarioRow& row : r.rows) {
    std::vector<std::string> cells = {row.name, pretty(row.budget, 0)};
    for (const CostFigures* c : {&row.arrest, &row.abuse, &row.offender_year}) {
      for (double v : {c->value, c->se, c->p5, c->median, c->p95, c->nonpositive})
        cells.push_back(pretty(v, 0));
    }
    t.rows.push_back(cells);
  }
  t.print(out, markdown);
}

// The metrics with totals over the horizon (the registry's; levels have none).
std::vector<std::string> valid_metrics() {
  std::vector<std::string> names;
  for (Metric m : total_metrics()) names.emplace_back(metric_name(m));
  return names;
}

}  // namespace

int report_command(const std::vector<std::string>& args) {
  po::options_description options("fundsim report FILE.h5 [options]");
  options.add_options()("help,h", "show this help")(
      "format", po::value<std::string>()->default_value("table"), "table, markdown, csv or json")(
      "metric", po::value<std::vector<std::string>>()->multitoken(),
      "metrics to report (default: referrals arrests contact_abuse safeguarded active backlog)")(
      "named", "leave out sweep points")(
      "reference", po::value<std::string>(),
      "compare every scenario with this one (any scenario or sweep point; default the "
      "baseline). Needs a full run (per-replicate totals)")(
      "sort", po::value<std::string>(),
      "order scenarios by this metric's mean difference, best first");
  const po::variables_map vm = parse_arguments(args, options, po::value<std::string>(), "file", 1);
  if (vm.count("help")) {
    std::cout << options << "\nMetrics: ";
    for (const auto& m : valid_metrics()) std::cout << m << ' ';
    std::cout << '\n';
    return 0;
  }
  if (!vm.count("file"))
    throw InputError("fundsim report: missing FILE.h5 (see fundsim report --help)");
  const std::string format = vm["format"].as<std::string>();
  if (format != "table" && format != "markdown" && format != "csv" && format != "json") {
    throw InputError("fundsim report: --format must be table, markdown, csv or json, not '" +
                     format + "'");
  }
  std::vector<std::string> metrics;
  if (vm.count("metric")) {
    for (const std::string& arg : vm["metric"].as<std::vector<std::string>>()) {
      std::stringstream list(arg);
      std::string m;
      while (std::getline(list, m, ',')) {
        if (!m.empty()) metrics.push_back(m);
      }
    }
  } else {
    metrics = kDefaultMetrics;
  }
  const std::vector<std::string> valid = valid_metrics();
  const auto check_metric = [&](const std::string& m) {
    if (std::find(valid.begin(), valid.end(), m) == valid.end()) {
      std::string list;
      for (const auto& v : valid) list += (list.empty() ? "" : ", ") + v;
      throw InputError("fundsim report: unknown metric '" + m + "' (metrics: " + list + ")");
    }
  };
  for (const auto& m : metrics) check_metric(m);
  if (metrics.empty()) throw InputError("fundsim report: --metric needs at least one metric");

  const std::string path = vm["file"].as<std::string>();
  Report report = vm.count("reference")
                      ? load_against(path, metrics, vm["reference"].as<std::string>())
                      : load(path, metrics);
  if (vm.count("named")) {
    std::erase_if(report.rows, [](const ScenarioRow& row) { return !row.sweep.empty(); });
  }
  if (vm.count("sort")) {
    const std::string key = vm["sort"].as<std::string>();
    check_metric(key);
    const auto at = std::find(metrics.begin(), metrics.end(), key);
    if (at == metrics.end())
      throw InputError("fundsim report: --sort " + key + " is not among the reported metrics");
    const std::size_t m = static_cast<std::size_t>(at - metrics.begin());
    const double sign = report.metrics[m].better == "lower" ? 1.0 : -1.0;
    std::stable_sort(
        report.rows.begin(), report.rows.end(), [&](const ScenarioRow& a, const ScenarioRow& b) {
          const double x = sign * a.metrics[m].diff_mean, y = sign * b.metrics[m].diff_mean;
          if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);
          return x < y;
        });
  }
  if (format == "json") {
    print_json(std::cout, report);
  } else if (format == "csv") {
    print_csv(std::cout, report);
  } else {
    print_tables(std::cout, report, format == "markdown");
  }
  return 0;
}

}  // namespace fundsim::cli
