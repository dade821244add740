#include "cli/file_input.hpp"

#include <algorithm>
#include <vector>

#include "errors.hpp"
#include "study/suggest.hpp"

namespace fundsim::cli {

std::size_t find_scenario(const Study& study, const std::string& name, const std::string& option) {
  std::vector<std::string> names;
  for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
    if (study.scenarios[s].name == name) return s;
    names.push_back(study.scenarios[s].name);
  }
  const std::string suggestion = study_detail::did_you_mean(name, names);
  throw InputError(option + ": no scenario is named '" + name + "'" +
                   (suggestion.empty() ? ";" : suggestion) +
                   " scenarios: " + study_detail::join_names(names, true, 12));
}

void require_totals(const ResultsFile& file, const std::string& command) {
  if (!file.has("arrests_horizon_total")) {
    throw InputError(file.path() + ": " + command +
                     " needs per-replicate totals, which summary-only files do not keep; run "
                     "the study without --summary-only");
  }
}

}  // namespace fundsim::cli
