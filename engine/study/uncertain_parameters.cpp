#include "study/uncertain_parameters.hpp"

#include <algorithm>

#include "study/suggest.hpp"

namespace fundsim::study_detail {

bool is_uncertain(const ParameterDecl& p) {
  return !p.dist.is_fixed() && !(p.dist.kind == DistKind::uniform && p.dist.a == p.dist.b);
}

std::vector<std::size_t> read_uncertain_parameters(const Reader& reader, const Node& table,
                                                   const std::string& path, const Study& study,
                                                   std::size_t min_count,
                                                   const std::string& purpose) {
  const std::string list_path = child_path(path, "parameters");
  const Node& list = reader.array(reader.require(table, path, "parameters"), list_path);
  if (list.items.size() < min_count)
    reader.fail(list, list_path,
                "must name at least " + std::to_string(min_count) + " uncertain parameter" +
                    (min_count == 1 ? "" : "s") + ", not " + std::to_string(list.items.size()));
  std::vector<std::string> uncertain;
  for (const ParameterDecl& p : study.parameters)
    if (is_uncertain(p)) uncertain.push_back(p.name);
  std::vector<std::size_t> members;
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    const Node& item = list.items[i];
    const std::string item_path = index_path(list_path, i);
    const std::string& name = reader.string(item, item_path);
    const auto found = std::find_if(study.parameters.begin(), study.parameters.end(),
                                    [&](const ParameterDecl& p) { return p.name == name; });
    if (found == study.parameters.end()) {
      const std::string suggestion = did_you_mean(name, uncertain);
      reader.fail(item, item_path,
                  "unknown parameter '" + name + "'" + (suggestion.empty() ? ";" : suggestion) +
                      " uncertain parameters: " + join_names(uncertain));
    }
    if (!is_uncertain(*found))
      reader.fail(item, item_path,
                  "parameter '" + name + "' has one value (line " + std::to_string(found->line) +
                      "); only parameters with a distribution can be " + purpose);
    const auto p = static_cast<std::size_t>(found - study.parameters.begin());
    if (std::find(members.begin(), members.end(), p) != members.end())
      reader.fail(item, item_path, "parameter '" + name + "' is listed twice");
    members.push_back(p);
  }
  return members;
}

}  // namespace fundsim::study_detail
