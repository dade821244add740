// [[parameter_group]]: uncertain parameters whose value of information is reported together
// (docs/study-format.md §13).
#include <algorithm>

#include "study/keys.hpp"
#include "study/sections.hpp"
#include "study/suggest.hpp"
#include "study/uncertain_parameters.hpp"

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

  // A parameter with one value has nothing left to learn: its value of information is 0.
  group.parameters = read_uncertain_parameters(reader, table, path, study, 1, "learnt about");
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
