// [[class]]: offender classes and their per-class parameters (docs/study-format.md §5).
#include <algorithm>

#include "study/keys.hpp"
#include "study/sections.hpp"
#include "study/suggest.hpp"
#include "study/value.hpp"

namespace fundsim::study_detail {

namespace {}  // namespace

void read_classes(const Reader& reader, const Node& root, Study& study) {
  const Node* node = root.find("class");
  if (!node)
    reader.fail(root, "class", "missing required [[class]]: at least one offender class is needed");
  const Node& classes = reader.table_array(*node, "class");
  if (classes.items.empty()) reader.fail(classes, "class", "at least one offender class is needed");
  if (classes.items.size() > kMaxClasses)
    reader.fail(classes.items[kMaxClasses], index_path("class", kMaxClasses),
                "too many classes (" + std::to_string(classes.items.size()) + "); at most " +
                    std::to_string(kMaxClasses) + " are supported");

  const std::vector<std::string> keys = section_keys("class");
  for (std::size_t k = 0; k < classes.items.size(); ++k) {
    const Node& table = classes.items[k];
    const std::string path = index_path("class", k);
    reader.check_keys(table, path, keys);

    const Node& name_node = reader.require(table, path, "name");
    const std::string name_path = child_path(path, "name");
    const std::string& name = reader.string(name_node, name_path);
    if (!is_identifier(name))
      reader.fail(name_node, name_path,
                  "class name \"" + name + "\" must be made of letters, digits, '_' and '-'");
    const auto previous = std::find(study.classes.begin(), study.classes.end(), name);
    if (previous != study.classes.end())
      reader.fail(name_node, name_path,
                  "duplicate class name '" + name + "' (also class[" +
                      std::to_string(previous - study.classes.begin()) + "])");
    study.classes.push_back(name);

    for (std::size_t i = 0; i < kClassParamCount; ++i) {
      const auto p = static_cast<ClassParam>(i);
      const std::string key = class_param_name(p);
      study.parameters.push_back(read_parameter(reader, reader.require(table, path, key),
                                                child_path(path, key), name + "." + key,
                                                class_param_range(p)));
    }
  }
}

}  // namespace fundsim::study_detail
