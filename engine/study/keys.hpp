#pragma once
// The keys a study file may hold (docs/study-format.md), in one table: per section, each key
// with its type and whether it is required. The section readers check tables against it and
// `fundsim schema` prints it. Keys that follow other registries are derived from them: the
// global and class parameters (registry/parameters.hpp), the keys of an effect for each curve
// (registry/effect_targets.hpp) and of each distribution (uncertainty/distribution_kinds.hpp).
#include <string>
#include <string_view>
#include <vector>

namespace fundsim {

struct StudyKey {
  std::string name;
  std::string type;  // "integer", "number", "string", "table", "array of tables", "value", ...
  bool required = false;
};

struct StudySection {
  std::string name;  // "" (top level), "run", "parameters", "class", "lever", "lever.effect",
                     // "scenario", "sweep", "objective", "calibration"
  std::vector<StudyKey> keys;
};

const std::vector<StudySection>& study_sections();
// The key names of one section, in table order (throws std::out_of_range for an unknown one).
std::vector<std::string> section_keys(std::string_view section);

}  // namespace fundsim
