// [[lever]] and [[lever.effect]] (docs/model.md §3).
#include <algorithm>

#include "study/keys.hpp"
#include "study/sections.hpp"
#include "study/suggest.hpp"
#include "study/value.hpp"

namespace fundsim {

namespace study_detail {

namespace {

std::vector<std::string> target_names() {
  std::vector<std::string> names;
  for (const EffectTargetInfo& t : effect_targets()) names.emplace_back(t.name);
  return names;
}
std::vector<std::string> curve_names() {
  std::vector<std::string> names;
  for (const CurveInfo& c : curves()) names.emplace_back(c.name);
  return names;
}
// The keys of an effect table with a given curve ("classes" only where the target's rate has
// classes).
std::vector<std::string> effect_keys(const CurveInfo& curve, bool per_class) {
  std::vector<std::string> keys = {"target", "curve"};
  if (per_class) keys.emplace_back("classes");
  for (std::size_t i = 0; i < curve.param_count; ++i) keys.emplace_back(curve.params[i].name);
  return keys;
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
  reader.check_keys(table, path, section_keys("lever.effect"));

  const std::vector<std::string> targets = target_names();
  const std::string& target =
      pick(reader, reader.require(table, path, "target"), target_path, targets, "target");
  effect.target = *find_effect_target(target);
  const EffectTargetInfo& info = effect_target_info(effect.target);
  const Node& curve_node = reader.require(table, path, "curve");
  const std::vector<std::string> curve_list = curve_names();
  const std::string& curve = pick(reader, curve_node, curve_path, curve_list, "curve");
  effect.curve = *find_curve(curve);
  if (effect.curve != info.curve)
    reader.fail(curve_node, curve_path,
                "target '" + target + "' needs curve = \"" + curve_info(info.curve).name +
                    "\", not \"" + curve + "\" (docs/model.md section 3)");

  const bool per_class = effect_target_per_class(effect.target);
  if (!per_class) {
    if (const Node* classes = table.find("classes"))
      reader.fail(*classes, child_path(path, "classes"),
                  "not allowed for target '" + target + "': its rate (" +
                      rate_info(info.rate).name + ") is shared by all classes");
  }
  reader.check_keys(table, path, effect_keys(curve_info(effect.curve), per_class));

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
  const CurveInfo& curve_params = curve_info(effect.curve);
  for (std::size_t i = 0; i < curve_params.param_count; ++i) {
    const CurveParam& p = curve_params.params[i];
    study.parameters.push_back(read_parameter(reader, reader.require(table, path, p.name),
                                              child_path(path, p.name), prefix + "." + p.name,
                                              p.range));
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
    reader.check_keys(table, path, section_keys("lever"));

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
