#pragma once
// The model's parameters (docs/model.md §9 and study-format.md §5): one table of the global
// parameters and one of the per-class parameters, each with its name and valid range. The
// enums index the tables; the study reader, the model and `fundsim schema` read them.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "uncertainty/parameter_decl.hpp"

namespace fundsim {

enum class GlobalParam : std::size_t {
  onset_growth,
  base_capacity,
  arrests_ref,
  deterrence_elasticity,
  deterrence_lag,
  count
};
enum class ClassParam : std::size_t {
  initial_active,
  initial_backlog,
  initial_justice,
  onset,
  offence_rate,
  detect,
  detect_trend,
  actionable,
  contact,
  desist,
  attrition,
  arrest,
  sentence_months,
  reoffend,
  safeguard_per_arrest,
  priority,
  count
};
inline constexpr std::size_t kGlobalParamCount = static_cast<std::size_t>(GlobalParam::count);
inline constexpr std::size_t kClassParamCount = static_cast<std::size_t>(ClassParam::count);

template <class Id>
struct ParamInfo {
  Id id;             // equals the row's index (checked at compile time)
  const char* name;  // the key in the study file
  ValidRange range;
  const char* meaning;  // one line, for `fundsim schema`
};

const std::array<ParamInfo<GlobalParam>, kGlobalParamCount>& global_params();
const std::array<ParamInfo<ClassParam>, kClassParamCount>& class_params();

inline const char* global_param_name(GlobalParam p) {
  return global_params()[static_cast<std::size_t>(p)].name;
}
inline const char* class_param_name(ClassParam p) {
  return class_params()[static_cast<std::size_t>(p)].name;
}
inline ValidRange global_param_range(GlobalParam p) {
  return global_params()[static_cast<std::size_t>(p)].range;
}
inline ValidRange class_param_range(ClassParam p) {
  return class_params()[static_cast<std::size_t>(p)].range;
}
std::optional<ClassParam> find_class_param(std::string_view name);

}  // namespace fundsim
