// `fundsim report FILE.h5`: the scenarios against the baseline (or, with --reference, any
// scenario of a full run) from a run's file: horizon totals, paired differences and cost per
// outcome (docs/output-format.md §5.7). Loading is report_model.cpp, the layouts are
// report_tables.cpp, report_csv.cpp and report_json.cpp.
#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/parse_arguments.hpp"
#include "cli/report_formats.hpp"
#include "cli/report_model.hpp"
#include "errors.hpp"
#include "study/suggest.hpp"
#include "support/name_list.hpp"

namespace po = boost::program_options;

namespace fundsim::cli {

namespace {

const std::vector<std::string> kDefaultMetrics = {"referrals",   "arrests", "contact_abuse",
                                                  "safeguarded", "active",  "backlog"};

// --digits: 1..17 significant figures, or "full".
int parse_digits(const std::string& text) {
  if (text == "full") return 0;
  const bool digits_only = !text.empty() && text.size() <= 2 &&
                           text.find_first_not_of("0123456789") == std::string::npos;
  const int n = digits_only ? std::stoi(text) : 0;
  if (n < 1 || n > 17)
    throw InputError(
        "fundsim report: --digits must be a number of significant figures from 1 "
        "to 17, or 'full', not '" +
        text + "'");
  return n;
}

// Unknown names get the closest metric and the list of them.
void check_metric(const std::string& m, const std::vector<std::string>& valid,
                  const std::string& option) {
  if (std::find(valid.begin(), valid.end(), m) != valid.end()) return;
  const std::string suggestion = study_detail::did_you_mean(m, valid);
  throw InputError("fundsim report: " + option + ": unknown metric '" + m + "'" +
                   (suggestion.empty() ? ";" : suggestion) + " metrics: " + list_names(valid));
}

std::vector<std::string> requested_metrics(const po::variables_map& vm) {
  if (!vm.count("metric")) return kDefaultMetrics;
  std::vector<std::string> metrics;
  for (const std::string& arg : vm["metric"].as<std::vector<std::string>>()) {
    std::stringstream list(arg);
    std::string m;
    while (std::getline(list, m, ',')) {
      if (!m.empty()) metrics.push_back(m);
    }
  }
  return metrics;
}

// Best first by the mean difference in metric m; NaN last; ties keep the file's order.
void sort_rows(Report& report, std::size_t m) {
  const double sign = report.metrics[m].better == "lower" ? 1.0 : -1.0;
  std::stable_sort(
      report.rows.begin(), report.rows.end(), [&](const ScenarioRow& a, const ScenarioRow& b) {
        const double x = sign * a.metrics[m].diff_mean, y = sign * b.metrics[m].diff_mean;
        if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);
        return x < y;
      });
}

}  // namespace

int report_command(const std::vector<std::string>& args) {
  po::options_description options("fundsim report FILE.h5 [options]");
  options.add_options()("help,h", "show this help")(
      "format", po::value<std::string>()->default_value("table"), "table, markdown, csv or json")(
      "long", "with --format csv: one row per scenario, metric and statistic (tidy)")(
      "digits", po::value<std::string>()->default_value("3"),
      "significant figures of table, markdown and csv numbers (1..17), or 'full'; json is "
      "always in full")(
      "metric", po::value<std::vector<std::string>>()->multitoken(),
      "metrics to report (default: referrals arrests contact_abuse safeguarded active backlog)")(
      "named", "leave out sweep points")(
      "reference", po::value<std::string>(),
      "compare every scenario with this one (any scenario or sweep point; default the "
      "baseline). Needs a full run (per-replicate totals)")(
      "sort", po::value<std::string>(),
      "order scenarios by this metric's mean difference, best first");
  const po::variables_map vm = parse_arguments(args, options, po::value<std::string>(), "file", 1);
  const std::vector<std::string> valid = report_metrics();
  if (vm.count("help")) {
    std::cout << options << "\nMetrics: ";
    for (const auto& m : valid) std::cout << m << ' ';
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
  if (vm.count("long") && format != "csv")
    throw InputError("fundsim report: --long is a layout of --format csv");
  const int digits = parse_digits(vm["digits"].as<std::string>());
  const std::vector<std::string> metrics = requested_metrics(vm);
  for (const auto& m : metrics) check_metric(m, valid, "--metric");
  if (metrics.empty()) throw InputError("fundsim report: --metric needs at least one metric");
  std::size_t sort_by = metrics.size();
  if (vm.count("sort")) {
    const std::string key = vm["sort"].as<std::string>();
    check_metric(key, valid, "--sort");
    sort_by =
        static_cast<std::size_t>(std::find(metrics.begin(), metrics.end(), key) - metrics.begin());
    if (sort_by == metrics.size())
      throw InputError("fundsim report: --sort " + key + " is not among the reported metrics");
  }

  const std::string path = vm["file"].as<std::string>();
  Report report = vm.count("reference")
                      ? load_report_against(path, metrics, vm["reference"].as<std::string>())
                      : load_report(path, metrics);
  if (vm.count("named")) {
    std::erase_if(report.rows, [](const ScenarioRow& row) { return !row.sweep.empty(); });
  }
  if (sort_by < metrics.size()) sort_rows(report, sort_by);
  if (format == "json") {
    print_report_json(std::cout, report);
  } else if (format == "csv") {
    if (vm.count("long")) {
      print_report_csv_long(std::cout, report, digits);
    } else {
      print_report_csv(std::cout, report, digits);
    }
  } else {
    print_report_tables(std::cout, report, digits, format == "markdown");
  }
  return 0;
}

}  // namespace fundsim::cli
