#include "cli/calibration_report_print.hpp"

#include <nlohmann/json.hpp>

#include "cli/table.hpp"

namespace fundsim::cli {

namespace {

nlohmann::ordered_json interval(const Interval& i) {
  return {{"median", json_value(i.median)}, {"p5", json_value(i.p5)}, {"p95", json_value(i.p95)}};
}

// Parameters span 1e-3 (probabilities) to 1e5 (stocks): 4 significant digits.
std::string significant(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string range(const Interval& i) {
  return significant(i.median) + " [" + significant(i.p5) + ", " + significant(i.p95) + "]";
}

}  // namespace

void print_calibration_report(std::ostream& out, const CalibrationReport& r, bool json) {
  if (json) {
    nlohmann::ordered_json doc = {{"file", r.path},
                                  {"study", r.study},
                                  {"observations_file", r.observations_file},
                                  {"draws", r.draws},
                                  {"waves", r.waves},
                                  {"posterior_steps", r.steps},
                                  {"history_stop", r.history_stop}};
    nlohmann::ordered_json parameters = nlohmann::ordered_json::array();
    for (const ParameterReport& p : r.parameters)
      parameters.push_back({{"name", p.name},
                            {"calibrated", p.calibrated},
                            {"prior", interval(p.prior)},
                            {"posterior", interval(p.posterior)},
                            {"shrinkage", json_value(p.shrinkage)}});
    nlohmann::ordered_json observations = nlohmann::ordered_json::array();
    for (const ObservationReport& o : r.observations)
      observations.push_back({{"series", o.series},
                              {"period", o.period},
                              {"metric", o.metric},
                              {"value", json_value(o.value)},
                              {"prior_predictive", interval(o.prior_predictive)},
                              {"predictive", interval(o.predictive)},
                              {"covered", o.covered},
                              {"source", o.source}});
    doc["parameters"] = parameters;
    doc["observations"] = observations;
    out << doc.dump(2) << '\n';
    return;
  }
  out << "calibration of study '" << r.study << "' to " << r.observations_file << ": " << r.waves
      << " waves (" << r.history_stop << "), " << r.steps << " posterior steps, " << r.draws
      << " posterior draws\n\n";
  Table parameters;
  parameters.header = {"parameter", "prior median [5%, 95%]", "posterior median [5%, 95%]",
                       "shrinkage"};
  for (const ParameterReport& p : r.parameters)
    parameters.rows.push_back({p.name, range(p.prior),
                               p.calibrated ? range(p.posterior) : "= prior (not informed)",
                               p.calibrated ? pretty(100 * p.shrinkage, 0) + "%" : "0%"});
  parameters.print(out, false);
  out << '\n';
  Table observations;
  observations.header = {"observation", "observed", "prior predictive [5%, 95%]",
                         "posterior predictive [5%, 95%]", "covered"};
  std::size_t covered = 0;
  for (const ObservationReport& o : r.observations) {
    observations.rows.push_back({o.series + " " + o.period, pretty(o.value, 0),
                                 range(o.prior_predictive), range(o.predictive),
                                 o.covered ? "yes" : "NO"});
    covered += o.covered;
  }
  observations.print(out, false);
  out << covered << " of " << r.observations.size()
      << " observations inside their 90% posterior-predictive interval\n";
}

}  // namespace fundsim::cli
