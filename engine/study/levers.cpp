// [[lever]] and [[lever.effect]] (MODEL.md §3).
#include <algorithm>

#include "study/sections.hpp"
#include "study/suggest.hpp"
#include "study/value.hpp"

namespace fundsim {

const char* effect_target_name(EffectTarget t) {
  switch (t) {
    case EffectTarget::onset:
      return "onset";
    case EffectTarget::detection:
      return "detection";
    case EffectTarget::desistance:
      return "desistance";
    case EffectTarget::arrest:
      return "arrest";
    case EffectTarget::contact:
      return "contact";
    case EffectTarget::capacity:
      return "capacity";
  }
  return "?";
}

namespace study_detail {

namespace {

const std::vector<std::string> kLeverKeys = {"name", "lag", "effect"};
const std::vector<std::string> kTargetNames = {"onset",  "detection", "desistance",
                                               "arrest", "contact",   "capacity"};
const std::vector<std::string> kCurveNames = {"saturating", "linear"};
const std::vector<std::string> kSaturatingKeys = {"target", "curve", "classes", "max_effect",
                                                  "half_spend"};
const std::vector<std::string> kLinearKeys = {"target", "curve", "unit_cost"};

// The only curve each target accepts (MODEL.md §3 table).
EffectCurve curve_for(EffectTarget t) {
  return t == EffectTarget::capacity ? EffectCurve::linear : EffectCurve::saturating;
}

const std::string& pick(const Reader& reader, const Node& node, const std::string& path,
                        const std::vector<std::string>& names, const char* what) {
  const std::string& s = reader.string(node, path);
  const auto it = std::find(names.begin(), names.end(), s);
  if (it != names.end()) return *it;
  const std::string suggestion = did_you_mean(s, names);
  reader.fail(node, path,
              "unknown " + std::string(what) + " '" + s + "'" +
                  (suggestion.empty() ? ";" : suggestion) + " allowed: " + join_names(names, true));
}

std::uint64_t all_classes_mask(std::size_t class_count) {
  return class_count >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << class_count) - 1;
}

std::uint64_t read_class_list(const Reader& reader, const Node& node, const std::string& path,
                              const std::vector<std::string>& classes) {
  const Node& list = reader.array(node, path);
  if (list.items.empty())
    reader.fail(list, path,
                "must name at least one class (omit 'classes' to apply to all classes)");
  std::uint64_t mask = 0;
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    const std::string item_path = index_path(path, i);
    const std::string& name = reader.string(list.items[i], item_path);
    const auto it = std::find(classes.begin(), classes.end(), name);
    if (it == classes.end()) {
      const std::string suggestion = did_you_mean(name, classes);
      reader.fail(list.items[i], item_path,
                  "unknown class '" + name + "'" + (suggestion.empty() ? ";" : suggestion) +
                      " classes: " + join_names(classes));
    }
    const std::uint64_t bit = std::uint64_t{1} << static_cast<unsigned>(it - classes.begin());
    if (mask & bit) reader.fail(list.items[i], item_path, "class '" + name + "' is listed twice");
    mask |= bit;
  }
  return mask;
}

EffectDecl read_effect(const Reader& reader, const Node& table, const std::string& path,
                       const std::string& lever_name, std::vector<std::string>& effect_prefixes,
                       Study& study) {
  EffectDecl effect;
  const std::string target_path = child_path(path, "target");
  const std::string curve_path = child_path(path, "curve");
  // Unknown keys are checked against the union first so that a misspelling is reported
  // as such even before target/curve are known.
  std::vector<std::string> any_keys = kSaturatingKeys;
  any_keys.push_back("unit_cost");
  reader.check_keys(table, path, any_keys);

  const std::string& target =
      pick(reader, reader.require(table, path, "target"), target_path, kTargetNames, "target");
  effect.target = static_cast<EffectTarget>(
      std::find(kTargetNames.begin(), kTargetNames.end(), target) - kTargetNames.begin());
  const Node& curve_node = reader.require(table, path, "curve");
  const std::string& curve = pick(reader, curve_node, curve_path, kCurveNames, "curve");
  effect.curve = curve == "linear" ? EffectCurve::linear : EffectCurve::saturating;
  if (effect.curve != curve_for(effect.target))
    reader.fail(curve_node, curve_path,
                "target '" + target + "' needs curve = \"" +
                    (curve_for(effect.target) == EffectCurve::linear ? "linear" : "saturating") +
                    "\", not \"" + curve + "\" (MODEL.md section 3)");

  if (effect.target == EffectTarget::capacity) {
    if (const Node* classes = table.find("classes"))
      reader.fail(
          *classes, child_path(path, "classes"),
          "not allowed for target 'capacity': investigation capacity is shared by all classes");
  }
  reader.check_keys(table, path,
                    effect.curve == EffectCurve::linear ? kLinearKeys : kSaturatingKeys);

  effect.class_mask = all_classes_mask(study.classes.size());
  if (const Node* classes = table.find("classes"))
    effect.class_mask =
        read_class_list(reader, *classes, child_path(path, "classes"), study.classes);

  // Parameter names: LEVER.TARGET.NAME, and LEVER.TARGET#n.NAME for the n-th effect
  // with the same target in this lever.
  std::string prefix = lever_name + "." + target;
  const auto same = std::count(effect_prefixes.begin(), effect_prefixes.end(), target);
  effect_prefixes.push_back(target);
  if (same > 0) prefix += "#" + std::to_string(same + 1);

  effect.first_param = study.parameters.size();
  auto add = [&](const char* key, const ValidRange& range) {
    study.parameters.push_back(read_parameter(reader, reader.require(table, path, key),
                                              child_path(path, key), prefix + "." + key, range));
  };
  if (effect.curve == EffectCurve::saturating) {
    add("max_effect", max_effect_range());
    add("half_spend", half_spend_range());
  } else {
    add("unit_cost", unit_cost_range());
  }
  return effect;
}

}  // namespace

void read_levers(const Reader& reader, const Node& root, Study& study) {
  const Node* node = root.find("lever");
  if (!node) return;  // zero levers: only budget-0 scenarios are possible
  const Node& levers = reader.table_array(*node, "lever");
  for (std::size_t l = 0; l < levers.items.size(); ++l) {
    const Node& table = levers.items[l];
    const std::string path = index_path("lever", l);
    reader.check_keys(table, path, kLeverKeys);

    LeverDecl lever;
    const Node& name_node = reader.require(table, path, "name");
    const std::string name_path = child_path(path, "name");
    lever.name = reader.string(name_node, name_path);
    if (!is_identifier(lever.name))
      reader.fail(name_node, name_path,
                  "lever name \"" + lever.name + "\" must be made of letters, digits, '_' and '-'");
    for (std::size_t j = 0; j < study.levers.size(); ++j)
      if (study.levers[j].name == lever.name)
        reader.fail(
            name_node, name_path,
            "duplicate lever name '" + lever.name + "' (also lever[" + std::to_string(j) + "])");

    const Node& lag_node = reader.require(table, path, "lag");
    const std::string lag_path = child_path(path, "lag");
    lever.lag = reader.number(lag_node, lag_path);
    if (lever.lag < 0)
      reader.fail(lag_node, lag_path, "must be >= 0 (months), not " + format_number(lever.lag));

    const Node* effects_node = table.find("effect");
    if (!effects_node)
      reader.fail(table, child_path(path, "effect"),
                  "missing required [[lever.effect]]: a lever needs at least one effect");
    const std::string effects_path = child_path(path, "effect");
    const Node& effects = reader.table_array(*effects_node, effects_path, "lever.effect");
    if (effects.items.empty())
      reader.fail(effects, effects_path, "a lever needs at least one effect");
    std::vector<std::string> prefixes;
    for (std::size_t e = 0; e < effects.items.size(); ++e)
      lever.effects.push_back(read_effect(reader, effects.items[e], index_path(effects_path, e),
                                          lever.name, prefixes, study));
    study.levers.push_back(std::move(lever));
  }
}

}  // namespace study_detail
}  // namespace fundsim
