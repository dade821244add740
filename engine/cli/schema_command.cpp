// `fundsim schema`: the engine's registries as JSON (docs/architecture.md "Registries"): output
// metrics, lever-effect targets and their rates and curves, distributions, study keys, and the
// variables of an output file. Tests, plots and other tools take names from here instead of
// hard-coding them.
#include <boost/program_options.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/parse_arguments.hpp"
#include "errors.hpp"
#include "output/variables.hpp"
#include "registry/effect_targets.hpp"
#include "registry/metrics.hpp"
#include "registry/parameters.hpp"
#include "study/keys.hpp"
#include "uncertainty/distribution.hpp"

namespace po = boost::program_options;

namespace fundsim::cli {

namespace {

using Json = nlohmann::ordered_json;

Json range_json(const ValidRange& r) {
  const auto bound = [](double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); };
  return {{"min", bound(r.lo)},
          {"max", bound(r.hi)},
          {"min_open", r.lo_open},
          {"max_open", r.hi_open},
          {"integer", r.integer}};
}

Json schema() {
  Json metrics = Json::array();
  for (const MetricInfo& m : fundsim::metrics()) {
    metrics.push_back({{"name", m.name},
                       {"per_class", m.per_class},
                       {"kind", aggregation_name(m.aggregation)},
                       {"better", better_name(m.better)},
                       {"units", m.units},
                       {"long_name", m.long_name},
                       {"total_units", m.total_units},
                       {"total_long_name", m.total_long_name},
                       {"dtype", is_level(m.metric) ? "float32" : "int32"},
                       {"in_differences", has_totals(m.metric)}});
  }
  Json rates = Json::array();
  for (const RateInfo& r : fundsim::rates())
    rates.push_back({{"name", r.name}, {"symbol", r.symbol}, {"per_class", r.per_class}});
  Json curves = Json::array();
  for (const CurveInfo& c : fundsim::curves()) {
    Json params = Json::array();
    for (std::size_t i = 0; i < c.param_count; ++i)
      params.push_back({{"name", c.params[i].name}, {"range", range_json(c.params[i].range)}});
    curves.push_back({{"name", c.name}, {"formula", c.formula}, {"parameters", params}});
  }
  Json targets = Json::array();
  for (const EffectTargetInfo& t : effect_targets()) {
    targets.push_back({{"name", t.name},
                       {"curve", curve_info(t.curve).name},
                       {"rate", rate_info(t.rate).name},
                       {"combine", combine_name(t.combine)},
                       {"per_class", effect_target_per_class(t.target)},
                       {"meaning", t.meaning}});
  }
  Json distributions = Json::array();
  for (const DistributionKind& d : distribution_kinds())
    distributions.push_back({{"name", d.name}, {"keys", d.required}, {"optional", d.optional}});
  Json globals = Json::array(), classes = Json::array();
  for (const auto& p : global_params())
    globals.push_back({{"name", p.name}, {"range", range_json(p.range)}, {"meaning", p.meaning}});
  for (const auto& p : class_params())
    classes.push_back({{"name", p.name}, {"range", range_json(p.range)}, {"meaning", p.meaning}});
  Json sections = Json::object();
  for (const StudySection& s : study_sections()) {
    Json keys = Json::array();
    for (const StudyKey& k : s.keys)
      keys.push_back({{"name", k.name}, {"type", k.type}, {"required", k.required}});
    sections[s.name.empty() ? "top" : s.name] = keys;
  }
  Json variables = Json::array();
  Study layout;  // dimensions by name; sizes come from the study of each run
  layout.levers.resize(1);
  layout.parameters.resize(1);
  std::vector<Variable> all = layout_variables(layout, true, false);
  for (Variable& v : summary_variables()) all.push_back(std::move(v));
  layout.parameter_groups.resize(1);  // the variables over parameter groups too
  for (Variable& v : decision_variables(layout)) all.push_back(std::move(v));
  constexpr const char* kTypes[] = {"float64", "float32", "int32", "int64", "int8", "string"};
  for (const Variable& v : all) {
    variables.push_back({{"name", v.name},
                         {"dims", v.dims},
                         {"dtype", kTypes[static_cast<std::size_t>(v.type)]},
                         {"units", v.units},
                         {"long_name", v.long_name}});
  }
  return {{"metrics", metrics},
          {"rates", rates},
          {"curves", curves},
          {"effect_targets", targets},
          {"distributions", distributions},
          {"parameters", {{"global", globals}, {"class", classes}}},
          {"study_keys", sections},
          {"variables", variables}};
}

}  // namespace

int schema_command(const std::vector<std::string>& args) {
  po::options_description options("fundsim schema [options]");
  options.add_options()("help,h", "show this help")(
      "format", po::value<std::string>()->default_value("json"), "json (the only format)");
  const po::variables_map vm =
      parse_arguments(args, options, po::value<std::string>(), "unexpected", 0);
  if (vm.count("help")) {
    std::cout << options << '\n';
    return 0;
  }
  if (vm["format"].as<std::string>() != "json") {
    throw InputError("fundsim schema: --format must be json, not '" +
                     vm["format"].as<std::string>() + "'");
  }
  std::cout << schema().dump(1) << '\n';
  return 0;
}

}  // namespace fundsim::cli
