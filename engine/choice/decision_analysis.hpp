#pragma once
// Decision statistics of a set of scenarios for one objective (docs/decision.md §3): P(best) and
// expected loss, from the raw replicates and given the parameters (the model's own randomness
// removed by regression), the EVPI with its naive upper bound, and the EVPPI of each uncertain
// parameter and of parameter groups (Strong, Oakley & Brennan 2014), through the numerical core
// engine/decision/value_of_information.hpp.
#include <cstddef>
#include <string>
#include <vector>

#include "choice/decision_data.hpp"
#include "decision/value_of_information.hpp"

namespace fundsim::choice {

// A set of uncertain parameters whose EVPPI is wanted, named for reports.
struct ParameterSet {
  std::string label;                    // a parameter's name, or a group's name
  std::vector<std::size_t> parameters;  // study indices
  bool group = false;                   // a declared or requested group, not one parameter
};

struct DecisionOptions {
  bool evpi = true;               // the noise-handled EVPI (needed by every EVPPI, which it bounds)
  bool single_parameters = true;  // the EVPPI of every varying parameter on its own
  std::vector<ParameterSet> groups;  // and of these groups
  decision::VoiOptions voi;          // regression settings and the posterior-draw seed
  unsigned threads = 1;              // EVPPI fits run in parallel; the results do not depend on it
};

struct ParameterEvppi {
  ParameterSet set;
  decision::VoiEstimate estimate;
  bool computed = false;  // false: a group member does not vary (e.g. a --central run)
};

struct DecisionResult {
  std::vector<std::size_t> scenarios;    // the options (study indices)
  decision::DecisionSummary replicates;  // raw: the model's own randomness included
  // Given all the parameters: P(best) and expected loss of the conditional means E[Y | theta];
  // equal to `replicates` in its means. Filled only when evpi_computed (or nothing varies).
  decision::DecisionSummary parameters;
  decision::VoiEstimate evpi;  // noise-handled; 0 when no parameter varies
  bool evpi_computed = false;
  double noise_share = 0.0;              // 1 - evpi / naive EVPI (NaN when the naive EVPI is 0)
  std::size_t uncertain_parameters = 0;  // regressors
  std::vector<ParameterEvppi> evppi;     // single parameters (study order), then the groups
};

// The groups declared in the study ([[parameter_group]]).
std::vector<ParameterSet> declared_groups(const Study& study);

// Throws InputError when there are fewer than 10 replicates (the regressions need them) and
// options.evpi is set.
DecisionResult analyse_decision(const Study& study, const DecisionData& data,
                                decision::Direction direction, const DecisionOptions& options);

}  // namespace fundsim::choice
