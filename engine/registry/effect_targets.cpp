#include "registry/effect_targets.hpp"

#include <limits>

namespace fundsim {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

constexpr std::array<RateInfo, kRateCount> kRates = {{
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
}};

// max_effect in [0, 1]; half_spend and unit_cost > 0 (an infinite bound is open).
constexpr std::array<CurveInfo, kCurveCount> kCurves = {{
    {EffectCurve::saturating,
     "saturating",
     2,
     {{{"max_effect", ValidRange{0.0, 1.0, false, false, false}},
       {"half_spend", ValidRange{0.0, kInf, true, true, false}}}},
     "v = max_effect (1 - 2^(-e / half_spend))"},
    {EffectCurve::linear,
     "linear",
     1,
     {{{"unit_cost", ValidRange{0.0, kInf, true, true, false}}, {"", ValidRange{}}}},
     "v = e / unit_cost"},
}};

using T = EffectTarget;
constexpr std::array<EffectTargetInfo, kEffectTargetCount> kTargets = {{
    {T::onset, "onset", EffectCurve::saturating, Rate::onset_multiplier, Combine::reduce,
     "fewer new offenders"},
    {T::detection, "detection", EffectCurve::saturating, Rate::detect, Combine::close_gap,
     "offences more likely to be reported by industry"},
    {T::desistance, "desistance", EffectCurve::saturating, Rate::desist, Combine::close_gap,
     "more desistance among unreferred offenders"},
    {T::arrest, "arrest", EffectCurve::saturating, Rate::arrest, Combine::close_gap,
     "more arrests per investigation"},
    {T::contact, "contact", EffectCurve::saturating, Rate::contact, Combine::reduce,
     "offences less likely to lead to contact abuse"},
    {T::capacity, "capacity", EffectCurve::linear, Rate::capacity, Combine::add,
     "more investigations per month"},
}};

template <class Table, class Id>
constexpr bool indexed(const Table& table, Id Table::value_type::*id) {
  for (std::size_t i = 0; i < table.size(); ++i)
    if (static_cast<std::size_t>(table[i].*id) != i) return false;
  return true;
}
static_assert(indexed(kRates, &RateInfo::rate), "kRates rows must follow the Rate order");
static_assert(indexed(kCurves, &CurveInfo::curve), "kCurves rows must follow EffectCurve");
static_assert(indexed(kTargets, &EffectTargetInfo::target), "kTargets must follow EffectTarget");

}  // namespace

const std::array<RateInfo, kRateCount>& rates() {
  return kRates;
}
const std::array<CurveInfo, kCurveCount>& curves() {
  return kCurves;
}
const std::array<EffectTargetInfo, kEffectTargetCount>& effect_targets() {
  return kTargets;
}

std::optional<EffectTarget> find_effect_target(std::string_view name) {
  for (const EffectTargetInfo& t : kTargets)
    if (name == t.name) return t.target;
  return std::nullopt;
}

std::optional<EffectCurve> find_curve(std::string_view name) {
  for (const CurveInfo& c : kCurves)
    if (name == c.name) return c.curve;
  return std::nullopt;
}

const char* combine_name(Combine c) {
  constexpr const char* kNames[] = {"reduce", "close_gap", "add"};
  return kNames[static_cast<std::size_t>(c)];
}

}  // namespace fundsim
