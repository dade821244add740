// [[parameter_group]]: uncertain parameters whose value of information is reported together
// (docs/study-format.md §13).
#include <algorithm>

#include "study/keys.hpp"
#include "study/sections.hpp"
#include "study/suggest.hpp"

namespace fundsim::study_detail {

namespace {

ParameterGroup read_group(const Reader& reader, const Node& table, const std::string& path,
                          const Study& study) {
  reader.check_keys(table, path, section_keys("parameter_group"));
  ParameterGroup group;
  const Node& name_node = reader.require(table, path, "name");
  group.name = reader.string(name_node, child_path(path, "name"));
  if (!is_identifier(group.name))
    reader.fail(name_node, child_path(path, "name"),
                "group name \"" + group.name + "\" must be made of letters, digits, '_' and '-'");

  const std::string list_path = child_path(path, "parameters");
  const Node& list = reader.array(reader.require(table, path, "parameters"), list_path);
  if (list.items.empty())
    reader.fail(list, list_path, "must name at least one uncertain parameter");
  std::vector<std::string> names;
  for (const ParameterDecl& p : study.parameters) names.push_back(p.name);
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    const std::string item_path = index_path(list_path, i);
    const std::string& name = reader.string(list.items[i], item_path);
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      const std::string suggestion = did_you_mean(name, names);
      reader.fail(list.items[i], item_path,
                  "unknown parameter '" + name + "'" + (suggestion.empty() ? ";" : suggestion) +
                      " parameters: " + join_names(names, false, 20));
    }
    const auto index = static_cast<std::size_t>(it - names.begin());
    // A fixed parameter has nothing left to learn: its value of information is 0 by definition.
    if (study.parameters[index].dist.is_fixed())
      reader.fail(list.items[i], item_path,
                  "parameter '" + name +
                      "' is fixed; only uncertain parameters (given as a distribution) can be "
                      "learnt about");
    if (std::find(group.parameters.begin(), group.parameters.end(), index) !=
        group.parameters.end())
      reader.fail(list.items[i], item_path, "parameter '" + name + "' is listed twice");
    group.parameters.push_back(index);
  }
  return group;
}

}  // namespace

void read_parameter_groups(const Reader& reader, const Node& root, Study& study) {
  const Node* node = root.find("parameter_group");
  if (!node) return;
  const Node& list = reader.table_array(*node, "parameter_group");
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    const std::string path = index_path("parameter_group", i);
    ParameterGroup group = read_group(reader, list.items[i], path, study);
    for (const ParameterGroup& other : study.parameter_groups)
      if (other.name == group.name)
        reader.fail(list.items[i], child_path(path, "name"),
                    "duplicate parameter group name '" + group.name + "'");
    study.parameter_groups.push_back(std::move(group));
  }
}

}  // namespace fundsim::study_detail
