#pragma once
// Expected value of perfect information (EVPI) and of partial perfect information (EVPPI)
// from common-random-number replicates of a stochastic model.
//
// With U_d the value of option d (the objective, negated when minimising) and theta the
// uncertain parameters,
//   EVPPI(group) = E[max_d g_d(theta_group)] - max_d E[U_d],  g_d = E[U_d | theta_group],
// estimated as mean_i max_d g_d(theta_i) - max_d mean_i g_d(theta_i) with g_d fitted by
// regression (Strong, Oakley & Brennan 2014, Medical Decision Making 34; Strong & Oakley 2013).
// The model's own randomness is not information one can buy: the naive EVPI,
// mean_i max_d U_id - max_d mean_i U_id, counts it and is biased upward. Here EVPI is the EVPPI
// of all uncertain parameters. The regressions are fitted to differences U_d - U_ref against a
// reference option, which cancels the noise the options share under common random numbers
// (Strong et al. 2014, §3).
//
// Regressions (RegressionMethod::automatic):
//  - one parameter: a penalised cubic regression spline, smoothing by REML;
//  - 2..max_group_for_gp parameters: Gaussian-process regression (ARD squared exponential),
//    which captures interactions of every order, hyperparameters on a subsample;
//  - more parameters (EVPI with P up to ~40): an additive penalised-spline model, one smooth
//    per parameter with a shrinkage penalty so that irrelevant parameters drop out, plus
//    pairwise tensor-product interactions among the most important parameters (ranked by the
//    variance of their main effects), all smoothing parameters by REML. Cost is linear in N
//    (the design has ~P(k - 1) + 16 pairs columns), unlike a GP, and a full tensor product is
//    impossible beyond ~4 parameters (Strong et al. 2014, §4). Pairwise terms miss higher-order
//    interactions (a pure three-way product is invisible to them), so the EVPI also fits a GP
//    on the most important parameters and reports it when it is significantly larger
//    (evpi_gp_check).
//
// Standard errors (Strong et al. 2014, §3.3): the regression's uncertainty, from draws of the
// fitted functions from their posterior (splines: coefficients ~ N(b, scale (X'X + S)^-1);
// GP: the posterior of the function at up to gp_se_points training points), with the draws of
// different options correlated as their residuals are; combined in quadrature with the
// sampling error of the outer average over replicates, sd_i(max_d g_d - g_best) / sqrt(N).
#include <Eigen/Core>
#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "decision/decision_summary.hpp"
#include "decision/direction.hpp"
#include "decision/gaussian_process.hpp"
#include "decision/penalised_regression.hpp"

namespace fundsim::decision {

enum class RegressionMethod { automatic, additive_spline, gaussian_process };

struct VoiOptions {
  RegressionMethod method = RegressionMethod::automatic;
  // Option whose values are subtracted before regression; -1: the option with the best mean.
  Eigen::Index reference = -1;
  std::uint64_t seed = 0;     // posterior draws for the standard errors
  int posterior_draws = 200;  // 0: no regression standard error
  int single_basis = 12;      // B-splines for a one-parameter EVPPI
  int additive_basis = 8;     // B-splines per parameter in the additive model
  // Parameters (the most important by main-effect variance) among which every pair gets an
  // interaction term in the additive model; 0 or 1: none.
  int interaction_parameters = 5;
  int interaction_basis = 5;  // per margin
  int max_group_for_gp = 6;
  // EVPI with more than max_group_for_gp parameters (automatic method): also fit a GP over the
  // max_group_for_gp most important parameters (by main-effect variance) and keep it if larger
  // by more than twice the combined standard error.
  bool evpi_gp_check = true;
  Eigen::Index gp_hyper_subsample = 500;
  Eigen::Index gp_fit_subsample = 2000;
  Eigen::Index gp_se_points = 1000;
  RemlOptions reml;
  GpOptions gp;
};

struct VoiEstimate {
  double value = 0.0;           // the estimate clamped into [0, bound]
  double standard_error = 0.0;  // sqrt(regression_se^2 + sampling_se^2)
  double unclamped = 0.0;
  bool clamped = false;  // value != unclamped (beyond rounding)
  double regression_se = 0.0;
  double sampling_se = 0.0;
  // Mean of the posterior-draw estimates minus the estimate: the upward bias that regression
  // noise puts on a mean of maxima (a diagnostic, not subtracted; SAVI reports the same).
  double draw_bias = 0.0;
};

// E[Y_d | theta_group] for every replicate, on the objective's scale: mean(Y_ref) plus the
// fitted conditional mean difference from the reference. Differences between options are
// what matters for every decision statistic; the reference's own variation is not modelled.
struct ConditionalMeans {
  Eigen::MatrixXd values;  // N x S
  RegressionMethod method = RegressionMethod::additive_spline;
  Eigen::Index reference = 0;
  // Per option, the share of the variance of U_d - U_ref that the fit explains (reference: 0).
  Eigen::VectorXd explained_variance;
  std::vector<std::pair<Eigen::Index, Eigen::Index>> interactions;  // additive model only
};

struct EvppiResult {
  VoiEstimate evppi;
  ConditionalMeans conditional_means;
};

struct EvpiResult {
  // From the raw replicates: P(best), expected loss and the naive EVPI include the model's own
  // randomness (what would have turned out best, luck included).
  DecisionSummary replicates;
  // From the conditional means given all parameters: what perfect knowledge of the parameters
  // would settle.
  DecisionSummary parameters;
  VoiEstimate evpi;  // noise-handled: the EVPPI of all parameters, clamped to [0, naive]
  double evpi_all_parameters = 0.0;  // the estimate from the regression on all parameters
  // With the GP check: the estimate from a GP on the most important parameters, which they
  // are, and whether it was significantly larger (and so is `evpi`).
  double evpi_top_parameters = std::numeric_limits<double>::quiet_NaN();
  std::vector<Eigen::Index> top_parameters;
  bool top_parameters_used = false;
  double noise_share = 0.0;  // 1 - evpi / naive EVPI (NaN when the naive EVPI is 0)
  ConditionalMeans conditional_means;
};

// values: N x S per-replicate objective; parameters: N x P drawn uncertain parameters. Throws
// InputError on shape mismatches, non-finite values, or N < 10.
EvpiResult value_of_perfect_information(const Eigen::MatrixXd& values,
                                        const Eigen::MatrixXd& parameters, Direction direction,
                                        const VoiOptions& options = {});

// EVPPI of the parameter columns `group` (distinct, 1 or more), clamped into [0, bound] (pass
// the noise-handled EVPI so that 0 <= EVPPI <= EVPI holds for what is reported).
EvppiResult value_of_partial_information(const Eigen::MatrixXd& values,
                                         const Eigen::MatrixXd& parameters,
                                         std::span<const Eigen::Index> group, Direction direction,
                                         double bound, const VoiOptions& options = {});

// mean_i max_d G_id - max_d mean_i G_id for a matrix of conditional values (value orientation:
// higher is better), in one fixed-order pass; >= 0 up to rounding (Jensen).
double evppi_of(const Eigen::MatrixXd& conditional_values);

}  // namespace fundsim::decision
