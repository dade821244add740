#include "registry/parameters.hpp"

#include <limits>

namespace fundsim {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Ranges used below. An infinite bound is always open (infinity itself is never valid).
constexpr ValidRange closed(double lo, double hi) {
  return ValidRange{lo, hi, false, false, false};
}
constexpr ValidRange at_least(double lo) {
  return ValidRange{lo, kInf, false, true, false};
}
constexpr ValidRange above(double lo) {
  return ValidRange{lo, kInf, true, true, false};
}
constexpr ValidRange count() {
  return ValidRange{0.0, kInf, false, true, true};
}
constexpr ValidRange probability() {
  return closed(0.0, 1.0);
}
constexpr ValidRange any_real() {
  return ValidRange{-kInf, kInf, true, true, false};
}
// Growth rates per year enter the model as (1 + g)^(t/12), which must stay positive: g > -1.
constexpr ValidRange growth_rate() {
  return above(-1.0);
}

using G = GlobalParam;
using C = ClassParam;

constexpr std::array<ParamInfo<GlobalParam>, kGlobalParamCount> kGlobal = {{
    {G::onset_growth, "onset_growth", growth_rate(), "growth of onset per year"},
    {G::base_capacity, "base_capacity", at_least(0.0), "investigations per month without funding"},
    {G::arrests_ref, "arrests_ref", above(0.0), "arrests per month at which deterrence is neutral"},
    {G::deterrence_elasticity, "deterrence_elasticity", at_least(0.0),
     "elasticity of onset with respect to recent arrests"},
    {G::deterrence_lag, "deterrence_lag", above(0.0), "months over which arrests are remembered"},
}};

constexpr std::array<ParamInfo<ClassParam>, kClassParamCount> kClass = {{
    {C::initial_active, "initial_active", count(), "active offenders not yet referred at t = 0"},
    {C::initial_backlog, "initial_backlog", count(), "referred offenders waiting at t = 0"},
    {C::initial_justice, "initial_justice", count(), "offenders in the justice system at t = 0"},
    {C::onset, "onset", at_least(0.0), "new offenders per month at t = 0"},
    {C::offence_rate, "offence_rate", at_least(0.0), "offences per offender per month"},
    {C::detect, "detect", probability(), "probability an offence is reported by industry at t = 0"},
    {C::detect_trend, "detect_trend", growth_rate(), "growth of detection per year"},
    {C::actionable, "actionable", probability(), "share of reports that identify the offender"},
    {C::contact, "contact", probability(), "probability an offence leads to contact abuse"},
    {C::desist, "desist", probability(), "monthly probability of desisting"},
    {C::attrition, "attrition", probability(), "monthly share of waiting cases closed"},
    {C::arrest, "arrest", probability(), "arrests per investigation"},
    {C::sentence_months, "sentence_months", at_least(1.0), "mean months in the justice system"},
    {C::reoffend, "reoffend", probability(), "probability a released offender offends again"},
    {C::safeguard_per_arrest, "safeguard_per_arrest", at_least(0.0),
     "children safeguarded per arrest"},
    {C::priority, "priority", any_real(), "triage priority (higher first)"},
}};

template <class Table>
constexpr bool indexed(const Table& table) {
  for (std::size_t i = 0; i < table.size(); ++i)
    if (static_cast<std::size_t>(table[i].id) != i) return false;
  return true;
}
static_assert(indexed(kGlobal), "kGlobal rows must follow the GlobalParam order");
static_assert(indexed(kClass), "kClass rows must follow the ClassParam order");

}  // namespace

const std::array<ParamInfo<GlobalParam>, kGlobalParamCount>& global_params() {
  return kGlobal;
}
const std::array<ParamInfo<ClassParam>, kClassParamCount>& class_params() {
  return kClass;
}

std::optional<ClassParam> find_class_param(std::string_view name) {
  for (const auto& p : kClass)
    if (name == p.name) return p.id;
  return std::nullopt;
}

}  // namespace fundsim
