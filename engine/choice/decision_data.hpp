#pragma once
// What a decision analysis of a finished run needs (docs/decision.md §3): the objective and the
// set of scenarios chosen among, by name; per replicate, every option's objective value and the
// draws of the uncertain parameters, the regressors of the value-of-information estimates.
#include <Eigen/Core>
#include <cstddef>
#include <string>
#include <vector>

#include "analysis/objective_summary.hpp"
#include "decision/direction.hpp"
#include "output/results_file.hpp"
#include "study/study.hpp"

namespace fundsim::choice {

// The objective named `name` (InputError naming `option`, with the closest names, if none).
std::size_t find_objective(const Study& study, const std::string& name, const std::string& option);

// "all", "named" or the name of a sweep (also written "sweep:NAME"): the scenarios chosen among.
// InputError naming `option` if the set is unknown or has fewer than two scenarios.
ChoiceSet find_choice_set(const Study& study, const std::string& which, const std::string& option);

// The decision module's direction for a study objective.
decision::Direction direction_of(const Objective& objective);

struct DecisionData {
  std::vector<std::size_t> scenarios;  // the options, as study indices
  Eigen::MatrixXd values;              // replicates x options, the objective's units
  // The regressors: uncertain parameters (study indices) whose draws vary over the replicates.
  // Empty for a --central run, where nothing is left to learn about the parameters.
  std::vector<std::size_t> parameters;
  Eigen::MatrixXd draws;  // replicates x parameters
};

// The uncertain parameters of a study that vary over `draws` (all parameters, replicate-major):
// not fixed, and not constant over the replicates (a point-mass distribution).
std::vector<std::size_t> varying_parameters(const Study& study, const std::vector<double>& draws,
                                            std::size_t replicates);

// Builds DecisionData from per-replicate objective values [objective][scenario][replicate] and
// parameter draws [replicate][parameter] (both as written in a run's file).
DecisionData decision_data(const Study& study, std::size_t replicates,
                           const std::vector<double>& objective_values,
                           const std::vector<double>& parameter_draws, std::size_t objective,
                           const ChoiceSet& set, bool central);

// The same, read from a full run's file (InputError for a summary-only file).
DecisionData read_decision_data(const ResultsFile& file, std::size_t objective,
                                const ChoiceSet& set);

}  // namespace fundsim::choice
