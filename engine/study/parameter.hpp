#pragma once
// Parameter declarations: names, valid ranges, and the flat order used everywhere
// (the `parameter` coordinate of the output, override keys, the model's lookups).
#include <cstddef>
#include <string>

#include "uncertainty/distribution.hpp"

namespace fundsim {

// Valid range of a parameter (MODEL.md §7). Bounds are inclusive unless *_open.
struct ValidRange {
  double lo = 0.0;
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;
  bool integer = false;  // counts: a fixed value must be an integer; draws are rounded to nearest

  bool contains(double v) const {
    if (!(v == v)) return false;  // NaN
    if (lo_open ? !(v > lo) : !(v >= lo)) return false;
    if (hi_open ? !(v < hi) : !(v <= hi)) return false;
    return true;
  }
  double clamp(double v) const;  // nearest value inside the range
  std::string describe() const;  // e.g. "[0, 1]" or "(-1, inf)"
};

// Global parameters, in this order (MODEL.md §7).
enum class GlobalParam : std::size_t {
  onset_growth,
  base_capacity,
  arrests_ref,
  deterrence_elasticity,
  deterrence_lag,
  count
};
// Per-class parameters, in this order (MODEL.md §7).
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

const char* global_param_name(GlobalParam p);
const char* class_param_name(ClassParam p);
ValidRange global_param_range(GlobalParam p);
ValidRange class_param_range(ClassParam p);

// One declared parameter after parsing: full name ("onset_growth", "groomer.contact",
// "prevention.onset.max_effect"), its distribution, its valid range and where it was declared.
struct ParameterDecl {
  std::string name;
  Distribution dist;
  ValidRange range;
  int line = 0;  // location in the study file, for messages
  int column = 0;
};

}  // namespace fundsim
