// [parameters]: the global parameters of docs/study-format.md §5, in GlobalParam order.
#include "study/keys.hpp"
#include "study/sections.hpp"
#include "study/suggest.hpp"
#include "study/value.hpp"

namespace fundsim::study_detail {

namespace {}  // namespace

void read_globals(const Reader& reader, const Node& root, Study& study) {
  const Node* node = root.find("parameters");
  if (!node) reader.fail(root, "parameters", "missing required table [parameters]");
  const Node& table = reader.table(*node, "parameters");
  reader.check_keys(table, "parameters", section_keys("parameters"));
  for (std::size_t i = 0; i < kGlobalParamCount; ++i) {
    const auto p = static_cast<GlobalParam>(i);
    const std::string name = global_param_name(p);
    const std::string path = child_path("parameters", name);
    study.parameters.push_back(read_parameter(reader, reader.require(table, "parameters", name),
                                              path, name, global_param_range(p)));
  }
}

}  // namespace fundsim::study_detail
