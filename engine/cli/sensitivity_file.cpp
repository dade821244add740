#include "cli/sensitivity_file.hpp"

#include <cstdio>
#include <ctime>
#include <vector>

#include "output/netcdf_file.hpp"
#include "output/posterior_provenance.hpp"
#include "support/calendar.hpp"
#include "support/sha256.hpp"
#include "version.hpp"

namespace fundsim::cli {

namespace {

Variable variable(std::string name, std::vector<std::string> dims, ValueType type,
                  std::string units, std::string long_name) {
  Variable v = plain_variable(std::move(name), std::move(dims), type, std::move(units),
                              std::move(long_name));
  v.fill = type == ValueType::f64;
  return v;
}

const char* design_description(SensitivityMethod m) {
  switch (m) {
    case SensitivityMethod::prcc:
      return "Latin hypercube of N rows (row r is replicate r of the study's LHS design with the "
             "same seed; stream r), plus the first max(16, N/8) rows again with other streams for "
             "the noise share";
    case SensitivityMethod::morris:
      return "N Morris (1991) trajectories on 4 levels, step 1/2 in probability, stream t for "
             "trajectory t, plus its start point again with another stream for the noise share";
    case SensitivityMethod::sobol:
      return "Saltelli et al. (2010) design on a scrambled Sobol' sequence (Matousek 1998 linear "
             "matrix scramble and digital shift): N base rows x (D + 3) rows, the model's random "
             "stream as factor D + 1";
  }
  return "";
}

}  // namespace

SensitivityFile::SensitivityFile(SensitivityFileInfo info)
    : info_(std::move(info)), pending_(info_.path, info_.overwrite) {}

void SensitivityFile::write(const Study& study, const SensitivityResults& r) {
  const SensitivityAxes& axes = r.axes;
  NetcdfFile file(pending_.temporary_path());
  const Variable parameter =
      variable("parameter", {"parameter"}, ValueType::text, "", "uncertain parameter (factor)");
  const Variable scenario = variable("scenario", {"scenario"}, ValueType::text, "",
                                     "scenario outcome, or paired difference 'A - REFERENCE'");
  const Variable metric = variable("metric", {"metric"}, ValueType::text, "",
                                   "metric total or objective (weighted sum of totals)");
  const Variable period = variable("period", {"period"}, ValueType::text, "",
                                   "period: the horizon, a year of it (0-based) or a month");
  std::vector<std::string> targets, references, names, quantities, units, long_names, periods,
      starts;
  std::vector<std::int32_t> first_months, months;
  for (const SensitivityTarget& t : axes.targets) {
    targets.push_back(t.label);
    names.push_back(study.scenarios[t.scenario].name);
    references.push_back(t.reference ? study.scenarios[*t.reference].name : "");
  }
  for (const SensitivityQuantity& q : axes.quantities) {
    quantities.push_back(q.label);
    if (q.metric) {
      units.emplace_back(metric_info(*q.metric).total_units);
      long_names.emplace_back(metric_info(*q.metric).total_long_name);
    } else {
      units.push_back(study.objectives[q.objective].units);
      long_names.push_back("objective " + study.objectives[q.objective].name +
                           " (its weights applied to the period's totals)");
    }
  }
  for (const SensitivityPeriod& p : axes.periods) {
    periods.push_back(p.label);
    starts.push_back(calendar_month(study.run.start, p.first_month));
    first_months.push_back(p.first_month);
    months.push_back(p.months);
  }
  file.add_coordinate(parameter, axes.factor_names);
  file.add_coordinate(scenario, targets);
  file.add_coordinate(metric, quantities);
  file.add_coordinate(period, periods);
  file.write(variable("scenario_name", {"scenario"}, ValueType::text, "",
                      "the scenario whose outcome (or difference from the reference) this is"),
             names);
  file.write(variable("reference", {"scenario"}, ValueType::text, "",
                      "the scenario subtracted, replicate by replicate; empty for an outcome"),
             references);
  file.write(variable("metric_units", {"metric"}, ValueType::text, "", "units of the metric"),
             units);
  file.write(variable("metric_long_name", {"metric"}, ValueType::text, "", "what the metric is"),
             long_names);
  file.write(variable("period_start", {"period"}, ValueType::text, "",
                      "calendar month the period starts (YYYY-MM)"),
             starts);
  file.write(variable("period_first_month", {"period"}, ValueType::i32, "",
                      "month index t the period starts"),
             first_months.data());
  file.write(
      variable("period_months", {"period"}, ValueType::i32, "months", "months in the period"),
      months.data());

  const std::vector<std::string> cell = {"scenario", "metric", "period", "parameter"};
  for (const IndexValues& index : r.indices) {
    file.write(variable(index.name, cell, ValueType::f64, index.units, index.long_name),
               index.value.data());
    if (!index.has_interval) continue;
    const std::string level = std::to_string(static_cast<int>(r.confidence * 100 + 0.5)) + "%";
    file.write(variable(index.name + "_lower", cell, ValueType::f64, index.units,
                        "lower end of the " + level + " interval of " + index.name),
               index.lower.data());
    file.write(variable(index.name + "_upper", cell, ValueType::f64, index.units,
                        "upper end of the " + level + " interval of " + index.name),
               index.upper.data());
  }
  const std::vector<std::string> output_cell = {"scenario", "metric", "period"};
  for (const OutputValues& o : r.per_output) {
    const std::string o_units = o.name == "noise_share"          ? "1"
                                : o.name == "quantisation_scale" ? "1"
                                                                 : "";
    file.write(variable(o.name, output_cell, ValueType::f64, o_units, o.long_name), o.value.data());
    if (!o.has_interval) continue;
    file.write(variable(o.name + "_lower", output_cell, ValueType::f64, o_units,
                        "lower end of the interval of " + o.name),
               o.lower.data());
    file.write(variable(o.name + "_upper", output_cell, ValueType::f64, o_units,
                        "upper end of the interval of " + o.name),
               o.upper.data());
  }

  const hid_t root = file.id();
  h5::set_attribute(root, "file_kind", std::string("sensitivity"));
  h5::set_attribute(root, "title",
                    "fundsim sensitivity (" + std::string(method_name(r.method)) + ") of study '" +
                        study.name + "'");
  h5::set_attribute(root, "method", std::string(method_name(r.method)));
  h5::set_attribute(root, "design",
                    std::string(info_.source == "study" ? design_description(r.method)
                                                        : "the replicates of a full run"));
  h5::set_attribute(root, "source", info_.source);
  h5::set_attribute(root, "fundsim_version", std::string(kVersion));
  h5::set_attribute(root, "fundsim_git_commit", std::string(kGitCommit));
  h5::set_attribute(root, "fundsim_build_type", std::string(kBuildType));
  h5::set_attribute(root, "study_name", study.name);
  h5::set_attribute(root, "study_file", study.file);
  h5::set_attribute(root, "study", study.text);
  h5::set_attribute(root, "study_sha256", sha256_hex(study.text));
  h5::set_attribute(root, "seed", std::to_string(r.seed));
  h5::set_attribute(root, "samples", static_cast<std::int64_t>(r.samples));
  h5::set_attribute(root, "rows", static_cast<std::int64_t>(r.rows));
  h5::set_attribute(root, "evaluations", static_cast<std::int64_t>(r.evaluations));
  h5::set_attribute(root, "confidence", r.confidence);
  h5::set_attribute(root, "bootstrap_replicates", static_cast<std::int64_t>(r.bootstrap));
  h5::set_attribute(root, "reference", study.scenarios[axes.reference].name);
  h5::set_attribute(root, "months", static_cast<std::int64_t>(study.run.months));
  h5::set_attribute(root, "start", study.run.start);
  set_posterior_provenance(root, info_.parameters_file, info_.parameters_sha256,
                           info_.source == "study"
                               ? "calibrated parameters varied over their posterior marginals in "
                                 "parameters_file (docs/sensitivity.md §8)"
                               : "the run drew its calibrated parameters from the posterior "
                                 "sample in parameters_file (docs/calibration.md §5)");
  h5::set_attribute(root, "command_line", info_.command_line);
  h5::set_attribute(root, "created_utc", utc_timestamp());
  h5::set_attribute(root, "run_seconds", r.seconds);
  file.close();
  pending_.commit();
}

}  // namespace fundsim::cli
