#include "choice/decision_data.hpp"

#include <algorithm>

#include "errors.hpp"
#include "study/suggest.hpp"

namespace fundsim::choice {

std::size_t find_objective(const Study& study, const std::string& name, const std::string& option) {
  std::vector<std::string> names;
  for (std::size_t o = 0; o < study.objectives.size(); ++o) {
    if (study.objectives[o].name == name) return o;
    names.push_back(study.objectives[o].name);
  }
  const std::string suggestion = study_detail::did_you_mean(name, names);
  throw InputError(option + ": no objective is named '" + name + "'" +
                   (suggestion.empty() ? ";" : suggestion) +
                   " objectives: " + study_detail::join_names(names, true));
}

ChoiceSet find_choice_set(const Study& study, const std::string& which, const std::string& option) {
  const std::string wanted = which == "all" || which == "named" || which.rfind("sweep:", 0) == 0
                                 ? which
                                 : "sweep:" + which;
  std::vector<std::string> names;
  for (const ChoiceSet& set : choice_sets(study)) {
    if (set.name == wanted) return set;
    names.push_back(set.name.rfind("sweep:", 0) == 0 ? set.name.substr(6) : set.name);
  }
  std::string known = "all, named";
  for (const Scenario& s : study.scenarios)
    if (!s.sweep.empty() && known.find(", " + s.sweep) == std::string::npos)
      known += ", " + s.sweep;
  if (which == "named" || which == "all") {
    throw InputError(option + ": the set '" + which +
                     "' has fewer than two scenarios: there is nothing to choose between");
  }
  const std::string suggestion = study_detail::did_you_mean(which, names);
  throw InputError(option + ": '" + which + "' is neither all, named nor a sweep of the study" +
                   (suggestion.empty() ? ";" : suggestion) + " sets: " + known);
}

decision::Direction direction_of(const Objective& objective) {
  return objective.direction == Direction::maximise ? decision::Direction::maximise
                                                    : decision::Direction::minimise;
}

std::vector<std::size_t> varying_parameters(const Study& study, const std::vector<double>& draws,
                                            std::size_t replicates) {
  const std::size_t P = study.parameters.size();
  std::vector<std::size_t> out;
  for (std::size_t p = 0; p < P; ++p) {
    if (study.parameters[p].dist.is_fixed() || replicates == 0) continue;
    const double first = draws[p];
    bool varies = false;
    for (std::size_t r = 1; r < replicates && !varies; ++r) varies = draws[r * P + p] != first;
    if (varies) out.push_back(p);
  }
  return out;
}

DecisionData decision_data(const Study& study, std::size_t replicates,
                           const std::vector<double>& objective_values,
                           const std::vector<double>& parameter_draws, std::size_t objective,
                           const ChoiceSet& set, bool central) {
  const std::size_t S = study.scenarios.size(), P = study.parameters.size();
  DecisionData data;
  data.scenarios = set.scenarios;
  const auto N = static_cast<Eigen::Index>(replicates);
  data.values.resize(N, static_cast<Eigen::Index>(set.scenarios.size()));
  for (std::size_t j = 0; j < set.scenarios.size(); ++j) {
    const double* column =
        objective_values.data() + (objective * S + set.scenarios[j]) * replicates;
    for (Eigen::Index r = 0; r < N; ++r) {
      const double v = column[r];
      if (!std::isfinite(v))
        throw InputError("objective '" + study.objectives[objective].name + "', scenario '" +
                         study.scenarios[set.scenarios[j]].name + "': replicate " +
                         std::to_string(r) + " has no value (an incomplete file?)");
      data.values(r, static_cast<Eigen::Index>(j)) = v;
    }
  }
  if (!central && P > 0) data.parameters = varying_parameters(study, parameter_draws, replicates);
  data.draws.resize(N, static_cast<Eigen::Index>(data.parameters.size()));
  for (Eigen::Index r = 0; r < N; ++r)
    for (std::size_t j = 0; j < data.parameters.size(); ++j)
      data.draws(r, static_cast<Eigen::Index>(j)) =
          parameter_draws[static_cast<std::size_t>(r) * P + data.parameters[j]];
  return data;
}

DecisionData read_decision_data(const ResultsFile& file, std::size_t objective,
                                const ChoiceSet& set) {
  if (!file.has("objective_value")) {
    throw InputError(file.path() +
                     ": per-replicate objective values are needed, which summary-only files do "
                     "not keep; run the study without --summary-only");
  }
  const Study& study = file.study();
  const std::vector<double> values = file.read("objective_value");
  const std::vector<double> draws =
      study.parameters.empty() ? std::vector<double>{} : file.read("parameters");
  return decision_data(study, file.spec().replicates, values, draws, objective, set,
                       file.spec().central);
}

}  // namespace fundsim::choice
