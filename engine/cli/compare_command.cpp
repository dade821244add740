// `fundsim compare FILE A B`: the paired difference A - B of every metric over the horizon and of
// every objective, replicate by replicate (docs/decision.md §2), for any two scenarios of a full
// run, sweep points included. Formats: table, markdown, csv, json.
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <span>
#include <vector>

#include "analysis/paired_statistics.hpp"
#include "cli/commands.hpp"
#include "cli/file_input.hpp"
#include "cli/parse_arguments.hpp"
#include "cli/table.hpp"
#include "errors.hpp"
#include "output/results_file.hpp"

namespace po = boost::program_options;

namespace fundsim::cli {

namespace {

struct Row {
  std::string name, units, better, kind;  // kind: "metric" or "objective"
  PairedStatistics stats;
};

std::vector<double> slice(const std::vector<double>& all, std::size_t offset, std::size_t n) {
  return std::vector<double>(all.begin() + static_cast<std::ptrdiff_t>(offset),
                             all.begin() + static_cast<std::ptrdiff_t>(offset + n));
}

}  // namespace

int compare_command(const std::vector<std::string>& args) {
  po::options_description options("fundsim compare FILE.h5 A B [options]");
  options.add_options()("help,h", "show this help")(
      "format", po::value<std::string>()->default_value("table"), "table, markdown, csv or json");
  const po::variables_map vm =
      parse_arguments(args, options, po::value<std::vector<std::string>>(), "arguments", 3);
  if (vm.count("help")) {
    std::cout << options
              << "\nA - B, paired by replicate: mean, Monte Carlo se, quantiles and "
                 "the probability that A is better, for every metric and objective.\n";
    return 0;
  }
  const std::vector<std::string> positional = vm.count("arguments")
                                                  ? vm["arguments"].as<std::vector<std::string>>()
                                                  : std::vector<std::string>{};
  if (positional.size() != 3)
    throw InputError("fundsim compare: needs FILE.h5 A B (see fundsim compare --help)");
  const std::string format = vm["format"].as<std::string>();
  if (format != "table" && format != "markdown" && format != "csv" && format != "json")
    throw InputError("fundsim compare: --format must be table, markdown, csv or json, not '" +
                     format + "'");
  const ResultsFile file(positional[0]);
  require_totals(file, "fundsim compare");
  const Study& study = file.study();
  const std::size_t a = find_scenario(study, positional[1], "fundsim compare (A)");
  const std::size_t b = find_scenario(study, positional[2], "fundsim compare (B)");
  const std::size_t R = file.spec().replicates;
  const std::size_t S = study.scenarios.size();

  std::vector<Row> rows;
  for (Metric m : total_metrics()) {
    const MetricInfo& info = metric_info(m);
    const std::vector<double> totals = file.read(std::string(info.name) + "_horizon_total");
    rows.push_back(
        {info.name, info.total_units, better_name(info.better), "metric",
         paired_statistics(slice(totals, a * R, R), slice(totals, b * R, R), info.better)});
  }
  const std::vector<double> objectives = file.read("objective_value");
  for (std::size_t o = 0; o < study.objectives.size(); ++o) {
    const Objective& obj = study.objectives[o];
    const Better better = obj.direction == Direction::minimise ? Better::lower : Better::higher;
    rows.push_back({obj.name, obj.units, better_name(better), "objective",
                    paired_statistics(slice(objectives, (o * S + a) * R, R),
                                      slice(objectives, (o * S + b) * R, R), better)});
  }

  const std::string& name_a = study.scenarios[a].name;
  const std::string& name_b = study.scenarios[b].name;
  if (format == "json") {
    nlohmann::ordered_json doc = {
        {"file", file.path()}, {"a", name_a}, {"b", name_b}, {"replicates", R}};
    for (const char* kind : {"metric", "objective"}) {
      nlohmann::ordered_json part = nlohmann::ordered_json::object();
      for (const Row& row : rows) {
        if (row.kind != kind) continue;
        nlohmann::ordered_json q = nlohmann::ordered_json::object();
        for (std::size_t i = 0; i < kSummaryQuantiles.size(); ++i)
          q[format_level(kSummaryQuantiles[i])] = json_value(row.stats.quantiles[i]);
        part[row.name] = {{"units", row.units},
                          {"better", row.better},
                          {"mean", json_value(row.stats.mean)},
                          {"se", json_value(row.stats.se)},
                          {"quantiles", q},
                          {"p_a_better", json_value(row.stats.prob_better)}};
      }
      doc[std::string(kind) + "s"] = part;
    }
    std::cout << doc.dump(1) << '\n';
    return 0;
  }
  const bool markdown = format == "markdown";
  if (format != "csv") {
    std::cout << (markdown ? "## " : "") << "'" << name_a << "' - '" << name_b
              << "', paired by replicate (" << R << " replicates of " << file.path() << ")\n\n";
  }
  for (const char* kind : {"metric", "objective"}) {
    Table t;
    t.header = {kind == std::string("metric") ? "metric (horizon)" : "objective",
                "units",
                "better",
                "mean A-B",
                "± se",
                "[5%",
                "median",
                "95%]",
                "P(A better)"};
    for (const Row& row : rows) {
      if (row.kind != kind) continue;
      const PairedStatistics& p = row.stats;
      t.rows.push_back({row.name, row.units, row.better, signed_pretty(p.mean, 1), pretty(p.se, 1),
                        signed_pretty(p.quantiles[1], 0), signed_pretty(p.quantiles[3], 0),
                        signed_pretty(p.quantiles[5], 0), pretty(p.prob_better, 3)});
    }
    if (format == "csv") {
      t.print_csv(std::cout);
    } else {
      t.print(std::cout, markdown);
      std::cout << '\n';
    }
  }
  return 0;
}

}  // namespace fundsim::cli
