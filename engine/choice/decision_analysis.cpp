#include "choice/decision_analysis.hpp"

#include "choice/parallel.hpp"

namespace fundsim::choice {

namespace {

// Column of each study parameter among the regressors, or -1.
std::vector<Eigen::Index> regressor_columns(const Study& study, const DecisionData& data) {
  std::vector<Eigen::Index> column(study.parameters.size(), -1);
  for (std::size_t j = 0; j < data.parameters.size(); ++j)
    column[data.parameters[j]] = static_cast<Eigen::Index>(j);
  return column;
}

}  // namespace

std::vector<ParameterSet> declared_groups(const Study& study) {
  std::vector<ParameterSet> out;
  for (const ParameterGroup& g : study.parameter_groups)
    out.push_back({g.name, g.parameters, true});
  return out;
}

DecisionResult analyse_decision(const Study& study, const DecisionData& data,
                                decision::Direction direction, const DecisionOptions& options) {
  DecisionResult out;
  out.scenarios = data.scenarios;
  out.replicates = decision::summarise_decision(data.values, direction);
  out.uncertain_parameters = data.parameters.size();

  std::vector<ParameterSet> sets;
  if (options.single_parameters)
    for (std::size_t p : data.parameters) sets.push_back({study.parameters[p].name, {p}, false});
  for (const ParameterSet& g : options.groups) sets.push_back(g);
  out.evppi.resize(sets.size());
  for (std::size_t i = 0; i < sets.size(); ++i) out.evppi[i].set = sets[i];

  if (data.parameters.empty()) {
    // Nothing varies: the conditional means are the means, and perfect knowledge of the
    // parameters settles nothing the means do not.
    const Eigen::RowVectorXd means = data.values.colwise().mean();
    out.parameters =
        decision::summarise_decision(means.replicate(data.values.rows(), 1), direction);
    out.evpi = {};
    out.evpi_computed = options.evpi;
    out.noise_share = out.replicates.evpi.value > 0.0 ? 1.0 : 0.0;
    return out;
  }
  // Without the EVPI, each EVPPI is bounded by the naive EVPI, itself an upper bound of the EVPI.
  double bound = out.replicates.evpi.value;
  if (options.evpi) {
    const decision::EvpiResult evpi =
        decision::value_of_perfect_information(data.values, data.draws, direction, options.voi);
    out.parameters = evpi.parameters;
    out.evpi = evpi.evpi;
    out.evpi_computed = true;
    out.noise_share = evpi.noise_share;
    bound = out.evpi.value;
  }

  const std::vector<Eigen::Index> column = regressor_columns(study, data);
  parallel_for(sets.size(), options.threads, [&](std::size_t i) {
    std::vector<Eigen::Index> group;
    for (std::size_t p : sets[i].parameters) {
      if (column[p] < 0) return;  // a member does not vary: not computed
      group.push_back(column[p]);
    }
    out.evppi[i].estimate = decision::value_of_partial_information(data.values, data.draws, group,
                                                                   direction, bound, options.voi)
                                .evppi;
    out.evppi[i].computed = true;
  });
  return out;
}

}  // namespace fundsim::choice
