#pragma once
// What money can change (docs/model.md §3 "What the effects change"), in one table: the rates
// of a month that lever effects act on, the effect curves, and the effect targets (the name a
// study writes, the curve it takes, the rate it changes and how several effects combine). The
// study reader, the monthly step (engine/model/lever_effects.cpp) and `fundsim schema` read it.
// Adding a target is a row here (and a rate if it acts on a new one), the monthly step that uses
// the rate, and the test reference model.
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "registry/parameters.hpp"
#include "uncertainty/parameter_decl.hpp"

namespace fundsim {

// The rates of one month that effects change (docs/model.md §4 step 1).
enum class Rate : std::size_t {
  onset_multiplier,  // m_k
  detect,            // p_k
  desist,            // q_k
  arrest,            // a_k
  contact,           // c_k
  capacity,          // C (whole system)
  safeguard,         // s_k, children safeguarded per arrest
  count
};
inline constexpr std::size_t kRateCount = static_cast<std::size_t>(Rate::count);

// Where a rate starts each month, before any effect.
enum class RateBase : std::uint8_t {
  one,                // 1
  class_param,        // the class's parameter `param`
  trended_detection,  // min(1, detect_k (1 + detect_trend_k)^(t/12)) (docs/model.md §4 step 1)
  global_param,       // the global parameter `param` (system rates)
};

struct RateInfo {
  Rate rate;
  const char* name;
  const char* symbol;  // as docs/model.md writes it
  bool per_class;
  RateBase base;
  std::size_t param;  // a ClassParam or GlobalParam index, for the *_param bases
};

enum class EffectCurve : std::uint8_t { saturating, linear };
inline constexpr std::size_t kCurveCount = 2;
inline constexpr std::size_t kMaxCurveParams = 2;

struct CurveParam {
  const char* name;
  ValidRange range;
};
struct CurveInfo {
  EffectCurve curve;
  const char* name;
  std::size_t param_count;
  std::array<CurveParam, kMaxCurveParams> params;  // stored in this order (Study::parameters)
  const char* formula;
};

// How an effect of value v changes its rate x.
enum class Combine : std::uint8_t {
  reduce,     // x <- x (1 - v)
  close_gap,  // x <- x + (1 - x) v: closes a share v of the gap to 1 (probabilities)
  add,        // x <- x + v
  raise,      // x <- x (1 + v): raises a non-negative rate by a share v
};

enum class EffectTarget : std::size_t {
  onset,
  detection,
  desistance,
  arrest,
  contact,
  capacity,
  safeguard,
  count
};
inline constexpr std::size_t kEffectTargetCount = static_cast<std::size_t>(EffectTarget::count);

struct EffectTargetInfo {
  EffectTarget target;
  const char* name;
  EffectCurve curve;  // the one curve the target takes
  Rate rate;
  Combine combine;
  const char* meaning;
};

// The tables. Rows follow the enums' order (checked below).

inline constexpr std::array<RateInfo, kRateCount> kRates = {{
    {Rate::onset_multiplier, "onset_multiplier", "m_k", true, RateBase::one, 0},
    {Rate::detect, "detect", "p_k", true, RateBase::trended_detection,
     static_cast<std::size_t>(ClassParam::detect)},
    {Rate::desist, "desist", "q_k", true, RateBase::class_param,
     static_cast<std::size_t>(ClassParam::desist)},
    {Rate::arrest, "arrest", "a_k", true, RateBase::class_param,
     static_cast<std::size_t>(ClassParam::arrest)},
    {Rate::contact, "contact", "c_k", true, RateBase::class_param,
     static_cast<std::size_t>(ClassParam::contact)},
    {Rate::capacity, "capacity", "C", false, RateBase::global_param,
     static_cast<std::size_t>(GlobalParam::base_capacity)},
    {Rate::safeguard, "safeguard", "s_k", true, RateBase::class_param,
     static_cast<std::size_t>(ClassParam::safeguard_per_arrest)},
}};

// max_effect in [0, 1]; half_spend and unit_cost > 0 (an infinite bound is open).
inline constexpr std::array<CurveInfo, kCurveCount> kCurves = {{
    {EffectCurve::saturating,
     "saturating",
     2,
     {{{"max_effect", ValidRange{0.0, 1.0, false, false, false}},
       {"half_spend",
        ValidRange{0.0, std::numeric_limits<double>::infinity(), true, true, false}}}},
     "v = max_effect (1 - 2^(-e / half_spend))"},
    {EffectCurve::linear,
     "linear",
     1,
     {{{"unit_cost", ValidRange{0.0, std::numeric_limits<double>::infinity(), true, true, false}},
       {"", ValidRange{}}}},
     "v = e / unit_cost"},
}};

inline constexpr std::array<EffectTargetInfo, kEffectTargetCount> kTargets = {{
    {EffectTarget::onset, "onset", EffectCurve::saturating, Rate::onset_multiplier, Combine::reduce,
     "fewer new offenders"},
    {EffectTarget::detection, "detection", EffectCurve::saturating, Rate::detect,
     Combine::close_gap, "offences more likely to be reported by industry"},
    {EffectTarget::desistance, "desistance", EffectCurve::saturating, Rate::desist,
     Combine::close_gap, "more desistance among unreferred offenders"},
    {EffectTarget::arrest, "arrest", EffectCurve::saturating, Rate::arrest, Combine::close_gap,
     "more arrests per investigation"},
    {EffectTarget::contact, "contact", EffectCurve::saturating, Rate::contact, Combine::reduce,
     "offences less likely to lead to contact abuse"},
    {EffectTarget::capacity, "capacity", EffectCurve::linear, Rate::capacity, Combine::add,
     "more investigations per month"},
    {EffectTarget::safeguard, "safeguard", EffectCurve::saturating, Rate::safeguard, Combine::raise,
     "more children safeguarded per arrest"},
}};

namespace registry_detail {
template <class Table, class Id>
constexpr bool indexed(const Table& table, Id Table::value_type::*id) {
  for (std::size_t i = 0; i < table.size(); ++i)
    if (static_cast<std::size_t>(table[i].*id) != i) return false;
  return true;
}
}  // namespace registry_detail
static_assert(registry_detail::indexed(kRates, &RateInfo::rate),
              "kRates rows must follow the Rate order");
static_assert(registry_detail::indexed(kCurves, &CurveInfo::curve),
              "kCurves rows must follow EffectCurve");
static_assert(registry_detail::indexed(kTargets, &EffectTargetInfo::target),
              "kTargets must follow EffectTarget");

inline const std::array<RateInfo, kRateCount>& rates() {
  return kRates;
}
inline const std::array<CurveInfo, kCurveCount>& curves() {
  return kCurves;
}
inline const std::array<EffectTargetInfo, kEffectTargetCount>& effect_targets() {
  return kTargets;
}

inline const RateInfo& rate_info(Rate r) {
  return rates()[static_cast<std::size_t>(r)];
}
inline const CurveInfo& curve_info(EffectCurve c) {
  return curves()[static_cast<std::size_t>(c)];
}
inline const EffectTargetInfo& effect_target_info(EffectTarget t) {
  return effect_targets()[static_cast<std::size_t>(t)];
}
inline const char* effect_target_name(EffectTarget t) {
  return effect_target_info(t).name;
}
// Whether the target's effects can be limited to some classes (its rate is per class).
inline bool effect_target_per_class(EffectTarget t) {
  return rate_info(effect_target_info(t).rate).per_class;
}
std::optional<EffectTarget> find_effect_target(std::string_view name);
std::optional<EffectCurve> find_curve(std::string_view name);
inline const char* combine_name(Combine c) {
  switch (c) {
    case Combine::reduce:
      return "reduce";
    case Combine::close_gap:
      return "close_gap";
    case Combine::add:
      return "add";
    case Combine::raise:
      return "raise";
  }
  return "?";
}

// x after an effect of value v, by the target's rule (bitwise: v = 0 leaves x unchanged).
inline double combine(Combine how, double x, double v) {
  switch (how) {
    case Combine::reduce:
      return x * (1.0 - v);
    case Combine::close_gap:
      return x + (1.0 - x) * v;
    case Combine::add:
      return x + v;
    case Combine::raise:
      return x * (1.0 + v);
  }
  return x;
}

}  // namespace fundsim
