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
};

enum class EffectTarget : std::size_t {
  onset,
  detection,
  desistance,
  arrest,
  contact,
  capacity,
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

const std::array<RateInfo, kRateCount>& rates();
const std::array<CurveInfo, kCurveCount>& curves();
const std::array<EffectTargetInfo, kEffectTargetCount>& effect_targets();

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
const char* combine_name(Combine c);  // "reduce", "close_gap", "add"

// x after an effect of value v, by the target's rule (bitwise: v = 0 leaves x unchanged).
inline double combine(Combine how, double x, double v) {
  switch (how) {
    case Combine::reduce:
      return x * (1.0 - v);
    case Combine::close_gap:
      return x + (1.0 - x) * v;
    case Combine::add:
      return x + v;
  }
  return x;
}

}  // namespace fundsim
