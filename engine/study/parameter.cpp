// Parameter names and valid ranges (MODEL.md §7).
#include "study/parameter.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "study/suggest.hpp"        // format_number
#include "uncertainty/sampler.hpp"  // clamp_to_range

namespace fundsim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Ranges used below. An infinite bound is always open (infinity itself is never valid).
ValidRange closed(double lo, double hi) {
  return ValidRange{lo, hi, false, false, false};
}
ValidRange at_least(double lo) {
  return ValidRange{lo, kInf, false, true, false};
}
ValidRange above(double lo) {
  return ValidRange{lo, kInf, true, true, false};
}
ValidRange count() {
  return ValidRange{0.0, kInf, false, true, true};
}
ValidRange probability() {
  return closed(0.0, 1.0);
}
ValidRange any_real() {
  return ValidRange{-kInf, kInf, true, true, false};
}
// Growth rates per year enter the model as (1 + g)^(t/12), which must stay positive: g > -1.
ValidRange growth_rate() {
  return above(-1.0);
}

}  // namespace

double ValidRange::clamp(double v) const {
  return clamp_to_range(*this, v);
}

std::string ValidRange::describe() const {
  const bool lo_inf = std::isinf(lo) && lo < 0;
  const bool hi_inf = std::isinf(hi) && hi > 0;
  if (integer) {
    if (hi_inf && !lo_inf)
      return std::string("integer ") + (lo_open ? "> " : ">= ") + study_detail::format_number(lo);
    if (lo_inf && !hi_inf)
      return std::string("integer ") + (hi_open ? "< " : "<= ") + study_detail::format_number(hi);
    if (lo_inf && hi_inf) return "integer";
  }
  std::string s = integer ? "integer in " : "";
  s += (lo_open || lo_inf) ? "(" : "[";
  s += study_detail::format_number(lo) + ", " + study_detail::format_number(hi);
  s += (hi_open || hi_inf) ? ")" : "]";
  return s;
}

const char* global_param_name(GlobalParam p) {
  switch (p) {
    case GlobalParam::onset_growth:
      return "onset_growth";
    case GlobalParam::base_capacity:
      return "base_capacity";
    case GlobalParam::arrests_ref:
      return "arrests_ref";
    case GlobalParam::deterrence_elasticity:
      return "deterrence_elasticity";
    case GlobalParam::deterrence_lag:
      return "deterrence_lag";
    case GlobalParam::count:
      break;
  }
  return "?";
}

const char* class_param_name(ClassParam p) {
  switch (p) {
    case ClassParam::initial_active:
      return "initial_active";
    case ClassParam::initial_backlog:
      return "initial_backlog";
    case ClassParam::initial_justice:
      return "initial_justice";
    case ClassParam::onset:
      return "onset";
    case ClassParam::offence_rate:
      return "offence_rate";
    case ClassParam::detect:
      return "detect";
    case ClassParam::detect_trend:
      return "detect_trend";
    case ClassParam::actionable:
      return "actionable";
    case ClassParam::contact:
      return "contact";
    case ClassParam::desist:
      return "desist";
    case ClassParam::attrition:
      return "attrition";
    case ClassParam::arrest:
      return "arrest";
    case ClassParam::sentence_months:
      return "sentence_months";
    case ClassParam::reoffend:
      return "reoffend";
    case ClassParam::safeguard_per_arrest:
      return "safeguard_per_arrest";
    case ClassParam::priority:
      return "priority";
    case ClassParam::count:
      break;
  }
  return "?";
}

ValidRange global_param_range(GlobalParam p) {
  switch (p) {
    case GlobalParam::onset_growth:
      return growth_rate();  // per year, > -1
    case GlobalParam::base_capacity:
      return at_least(0.0);  // investigations per month
    case GlobalParam::arrests_ref:
      return above(0.0);  // divides: > 0
    case GlobalParam::deterrence_elasticity:
      return at_least(0.0);
    case GlobalParam::deterrence_lag:
      return above(0.0);  // months, > 0 (MODEL.md §7)
    case GlobalParam::count:
      break;
  }
  return any_real();
}

ValidRange class_param_range(ClassParam p) {
  switch (p) {
    case ClassParam::initial_active:
    case ClassParam::initial_backlog:
    case ClassParam::initial_justice:
      return count();  // integer >= 0
    case ClassParam::onset:
      return at_least(0.0);  // per month
    case ClassParam::offence_rate:
      return at_least(0.0);  // per offender per month
    case ClassParam::detect_trend:
      return growth_rate();  // per year, > -1
    case ClassParam::detect:
    case ClassParam::actionable:
    case ClassParam::contact:
    case ClassParam::desist:
    case ClassParam::attrition:
    case ClassParam::arrest:
    case ClassParam::reoffend:
      return probability();  // [0, 1]
    case ClassParam::sentence_months:
      return at_least(1.0);  // months, >= 1
    case ClassParam::safeguard_per_arrest:
      return at_least(0.0);
    case ClassParam::priority:
      return any_real();  // any finite real
    case ClassParam::count:
      break;
  }
  return any_real();
}

}  // namespace fundsim
