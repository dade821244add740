#include "study/keys.hpp"

#include <stdexcept>

#include "registry/effect_targets.hpp"
#include "registry/parameters.hpp"

namespace fundsim {

namespace {

std::vector<StudySection> build() {
  std::vector<StudySection> sections;
  sections.push_back({"",
                      {{"schema_version", "integer", true},
                       {"name", "string", true},
                       {"description", "string", false},
                       {"baseline", "string", false},
                       {"currency", "string", false},
                       {"run", "table", true},
                       {"parameters", "table", true},
                       {"class", "array of tables", true},
                       {"lever", "array of tables", false},
                       {"scenario", "array of tables", false},
                       {"sweep", "array of tables", false},
                       {"objective", "array of tables", false},
                       {"correlation", "array of tables", false},
                       {"calibration", "table", false},
                       {"parameter_group", "array of tables", false}}});
  sections.push_back({"run",
                      {{"months", "integer", true},
                       {"start", "string", true},
                       {"replicates", "integer", true},
                       {"seed", "integer or string", true},
                       {"sampling", "string", false},
                       {"triage", "string", false},
                       {"history_start", "string", false}}});
  StudySection globals{"parameters", {}};
  for (const auto& p : global_params()) globals.keys.push_back({p.name, "value", true});
  sections.push_back(globals);
  StudySection classes{"class", {{"name", "string", true}}};
  for (const auto& p : class_params()) classes.keys.push_back({p.name, "value", true});
  sections.push_back(classes);
  sections.push_back(
      {"lever",
       {{"name", "string", true}, {"lag", "number", true}, {"effect", "array of tables", true}}});
  StudySection effect{"lever.effect",
                      {{"target", "string", true},
                       {"curve", "string", true},
                       {"classes", "array of strings", false}}};
  for (const CurveInfo& c : curves())
    for (std::size_t i = 0; i < c.param_count; ++i)
      effect.keys.push_back({c.params[i].name, "value", true});
  sections.push_back(effect);
  sections.push_back({"scenario",
                      {{"name", "string", true},
                       {"allocation", "table", false},
                       {"budget", "number", false},
                       {"split", "table", false},
                       {"duration_months", "integer", false},
                       {"start_month", "integer", false},
                       {"override", "table", false}}});
  sections.push_back({"sweep",
                      {{"name", "string", true},
                       {"budget", "number", true},
                       {"duration_months", "integer", false},
                       {"start_month", "integer", false},
                       {"levers", "array of strings", true},
                       {"step", "number", true}}});
  sections.push_back({"objective",
                      {{"name", "string", true},
                       {"direction", "string", true},
                       {"weights", "table", true},
                       {"year", "integer", false},
                       {"risk", "string", false},
                       {"level", "number", false},
                       {"reference", "string", false},
                       {"units", "string", false}}});
  sections.push_back({"correlation",
                      {{"parameters", "array of strings", true},
                       {"rank", "number", false},
                       {"matrix", "array of arrays of numbers", false}}});
  sections.push_back(
      {"calibration", {{"observations", "string", true}, {"discrepancy", "number", false}}});
  sections.push_back(
      {"parameter_group", {{"name", "string", true}, {"parameters", "array of strings", true}}});
  return sections;
}

}  // namespace

const std::vector<StudySection>& study_sections() {
  static const std::vector<StudySection> sections = build();
  return sections;
}

std::vector<std::string> section_keys(std::string_view section) {
  for (const StudySection& s : study_sections()) {
    if (s.name != section) continue;
    std::vector<std::string> names;
    for (const StudyKey& k : s.keys) names.push_back(k.name);
    return names;
  }
  throw std::out_of_range("no study section '" + std::string(section) + "'");
}

}  // namespace fundsim
