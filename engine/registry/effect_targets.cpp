#include "registry/effect_targets.hpp"

namespace fundsim {

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

}  // namespace fundsim
