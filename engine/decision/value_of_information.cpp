#include "decision/value_of_information.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <numeric>
#include <string>

#include "decision/normal_draws.hpp"
#include "decision/smooth_terms.hpp"
#include "errors.hpp"

namespace fundsim::decision {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// EVPPI from fitted differences D (rows x options other than the reference), the reference's
// difference being 0: mean_i max(0, max_d D_id) - max(0, max_d mean_i D_id).
double evppi_of_differences(const Eigen::MatrixXd& d) {
  const Eigen::Index n = d.rows(), k = d.cols();
  double mean_max = 0.0;
  Eigen::VectorXd means = Eigen::VectorXd::Zero(k);
  for (Eigen::Index i = 0; i < n; ++i) {
    double best = 0.0;
    for (Eigen::Index j = 0; j < k; ++j) {
      best = std::max(best, d(i, j));
      means[j] += d(i, j);
    }
    mean_max += best;
  }
  double max_mean = 0.0;
  for (Eigen::Index j = 0; j < k; ++j)
    max_mean = std::max(max_mean, means[j] / static_cast<double>(n));
  return mean_max / static_cast<double>(n) - max_mean;
}

// Sampling error of the outer average: sd_i(max_d D_id - D_i,best) / sqrt(N), best the option
// (or the reference, column -1) with the highest mean.
double sampling_se(const Eigen::MatrixXd& d) {
  const Eigen::Index n = d.rows(), k = d.cols();
  if (n < 2) return kNaN;
  Eigen::Index best = -1;
  double best_mean = 0.0;
  for (Eigen::Index j = 0; j < k; ++j) {
    double m = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) m += d(i, j);
    m /= static_cast<double>(n);
    if (m > best_mean) {
      best_mean = m;
      best = j;
    }
  }
  double mean = 0.0, m2 = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    double top = 0.0;
    for (Eigen::Index j = 0; j < k; ++j) top = std::max(top, d(i, j));
    const double loss = top - (best < 0 ? 0.0 : d(i, best));
    const double delta = loss - mean;
    mean += delta / static_cast<double>(i + 1);
    m2 += delta * (loss - mean);
  }
  return std::sqrt(m2 / static_cast<double>(n - 1) / static_cast<double>(n));
}

// A fitted regression of the differences on the group's parameters, able to draw the fitted
// functions from their posterior on a set of rows.
struct DifferenceRegression {
  Eigen::MatrixXd fitted;           // N x K (K = options other than the reference)
  Eigen::MatrixXd fitted_at_draws;  // draw rows x K
  Eigen::Index draw_dimension = 0;  // length of each option's standard-normal vector
  // Given correlated standard normals z (draw_dimension x K), a posterior draw (draw rows x K).
  std::function<Eigen::MatrixXd(const Eigen::MatrixXd&)> draw;
  RegressionMethod method = RegressionMethod::additive_spline;
  std::vector<std::pair<Eigen::Index, Eigen::Index>> interactions;
  // Additive model: each group parameter's share of the fitted variance in a main-effects fit,
  // summed over options (empty for the GP and for one parameter).
  Eigen::VectorXd importance;
};

// Evenly spread rows floor(k N / m), k = 0..m-1 (replicates are exchangeable; a fixed rule
// keeps the subsample, and so the result, deterministic).
std::vector<Eigen::Index> spread_rows(Eigen::Index n, Eigen::Index m) {
  m = std::min(m, n);
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(m));
  for (Eigen::Index k = 0; k < m; ++k) {
    rows[static_cast<std::size_t>(k)] =
        static_cast<Eigen::Index>((k * n) / m);  // k n < 2^63 for any realistic N
  }
  return rows;
}

Eigen::MatrixXd take_rows(const Eigen::MatrixXd& x, const std::vector<Eigen::Index>& rows) {
  Eigen::MatrixXd out(static_cast<Eigen::Index>(rows.size()), x.cols());
  for (std::size_t r = 0; r < rows.size(); ++r)
    out.row(static_cast<Eigen::Index>(r)) = x.row(rows[r]);
  return out;
}

DifferenceRegression additive_regression(const Eigen::MatrixXd& differences,
                                         const Eigen::MatrixXd& inputs, bool single,
                                         const VoiOptions& options) {
  const Eigen::Index g = inputs.cols(), k = differences.cols();
  const int basis = single ? options.single_basis : options.additive_basis;
  std::vector<SmoothTerm> terms;
  for (Eigen::Index p = 0; p < g; ++p) terms.push_back(main_effect_term(inputs.col(p), basis));
  DifferenceRegression out;
  out.method = RegressionMethod::additive_spline;
  // First pass: main effects only, to rank the parameters for interactions.
  if (g >= 2) {
    const PenalisedRegression main(terms);
    Eigen::VectorXd importance = Eigen::VectorXd::Zero(g);
    for (Eigen::Index d = 0; d < k; ++d) {
      const PenalisedRegression::Fit fit = main.fit(differences.col(d), options.reml);
      const double total = (fit.fitted.array() - fit.fitted.mean()).square().sum();
      if (!(total > 0.0)) continue;
      for (Eigen::Index p = 0; p < g; ++p) {
        const Eigen::VectorXd term =
            main.design().middleCols(main.term_offset(p), main.term_size(p)) *
            fit.coefficients.segment(main.term_offset(p), main.term_size(p));
        importance[p] += term.squaredNorm() / total;
      }
    }
    out.importance = importance;
    std::vector<Eigen::Index> order(static_cast<std::size_t>(g));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](Eigen::Index a, Eigen::Index b) { return importance[a] > importance[b]; });
    const auto chosen = std::min<std::size_t>(
        static_cast<std::size_t>(std::max(options.interaction_parameters, 0)), order.size());
    std::vector<Eigen::Index> top(order.begin(),
                                  order.begin() + static_cast<std::ptrdiff_t>(chosen));
    std::sort(top.begin(), top.end());
    for (std::size_t a = 0; a < top.size(); ++a) {
      for (std::size_t b = a + 1; b < top.size(); ++b) {
        if (!(importance[top[a]] > 0.0 && importance[top[b]] > 0.0)) continue;
        out.interactions.emplace_back(top[a], top[b]);
        terms.push_back(
            interaction_term(inputs.col(top[a]), inputs.col(top[b]), options.interaction_basis));
      }
    }
  }
  auto model = std::make_shared<PenalisedRegression>(terms);
  terms.clear();
  const Eigen::Index n = differences.rows(), p = model->coefficients();
  out.fitted.resize(n, k);
  auto coefficients = std::make_shared<Eigen::MatrixXd>(p, k);
  auto factors = std::make_shared<std::vector<Eigen::MatrixXd>>();
  auto scales = std::make_shared<Eigen::VectorXd>(k);
  for (Eigen::Index d = 0; d < k; ++d) {
    PenalisedRegression::Fit fit = model->fit(differences.col(d), options.reml);
    out.fitted.col(d) = fit.fitted;
    coefficients->col(d) = fit.coefficients;
    (*scales)[d] = fit.scale;
    factors->push_back(std::move(fit.factor));
  }
  out.fitted_at_draws = out.fitted;
  out.draw_dimension = p;
  // Posterior draw: b + sqrt(scale) L^-T z, since (X'X + S)^-1 = L^-T L^-1.
  out.draw = [model, coefficients, factors, scales](const Eigen::MatrixXd& z) {
    Eigen::MatrixXd b = *coefficients;
    for (Eigen::Index d = 0; d < b.cols(); ++d) {
      const Eigen::MatrixXd& l = (*factors)[static_cast<std::size_t>(d)];
      b.col(d) +=
          std::sqrt((*scales)[d]) * l.triangularView<Eigen::Lower>().transpose().solve(z.col(d));
    }
    return Eigen::MatrixXd(model->design() * b);
  };
  return out;
}

DifferenceRegression gp_regression(const Eigen::MatrixXd& differences, const Eigen::MatrixXd& raw,
                                   const VoiOptions& options) {
  const Eigen::Index n = differences.rows(), k = differences.cols();
  // Inputs scaled to [0, 1] by their range (as SAVI does), which keeps the length-scale bounds
  // meaningful; an affine map keeps an effect linear in a parameter linear, which long length
  // scales (or the optional linear mean) represent.
  const Eigen::RowVectorXd lo = raw.colwise().minCoeff(), hi = raw.colwise().maxCoeff();
  const Eigen::MatrixXd scores = (raw.rowwise() - lo).array().rowwise() / (hi - lo).array();
  const std::vector<Eigen::Index> hyper_rows = spread_rows(n, options.gp_hyper_subsample);
  const std::vector<Eigen::Index> fit_rows = spread_rows(n, options.gp_fit_subsample);
  const Eigen::MatrixXd hyper_inputs = take_rows(scores, hyper_rows);
  const Eigen::MatrixXd fit_inputs = take_rows(scores, fit_rows);
  const Eigen::Index m =
      std::min<Eigen::Index>(options.gp_se_points, static_cast<Eigen::Index>(fit_rows.size()));
  const std::vector<Eigen::Index> draw_rows(fit_rows.end() - m, fit_rows.end());
  DifferenceRegression out;
  out.method = RegressionMethod::gaussian_process;
  out.fitted.resize(n, k);
  out.fitted_at_draws.resize(m, k);
  out.draw_dimension = m;
  // Square roots of the posterior covariances (pivoted LDL', robust to semi-definiteness).
  auto roots = std::make_shared<std::vector<Eigen::MatrixXd>>();
  for (Eigen::Index d = 0; d < k; ++d) {
    const Eigen::VectorXd y = differences.col(d);
    Eigen::VectorXd y_hyper(static_cast<Eigen::Index>(hyper_rows.size()));
    for (std::size_t r = 0; r < hyper_rows.size(); ++r)
      y_hyper[static_cast<Eigen::Index>(r)] = y[hyper_rows[r]];
    Eigen::VectorXd y_fit(static_cast<Eigen::Index>(fit_rows.size()));
    for (std::size_t r = 0; r < fit_rows.size(); ++r)
      y_fit[static_cast<Eigen::Index>(r)] = y[fit_rows[r]];
    const GaussianProcessRegression gp(
        fit_inputs, y_fit, estimate_gp_hyperparameters(hyper_inputs, y_hyper, options.gp),
        options.gp.linear_mean);
    out.fitted.col(d) = gp.predict(scores);
    for (Eigen::Index r = 0; r < m; ++r)
      out.fitted_at_draws(r, d) = out.fitted(draw_rows[static_cast<std::size_t>(r)], d);
    if (options.posterior_draws > 0) {
      const Eigen::LDLT<Eigen::MatrixXd> ldlt(gp.posterior_covariance_of_last(m));
      Eigen::MatrixXd root = ldlt.matrixL();
      root = root * ldlt.vectorD().cwiseMax(0.0).cwiseSqrt().asDiagonal();
      root = ldlt.transpositionsP().transpose() * root;
      roots->push_back(std::move(root));
    }
  }
  const Eigen::MatrixXd mean_at_draws = out.fitted_at_draws;
  out.draw = [roots, mean_at_draws](const Eigen::MatrixXd& z) {
    Eigen::MatrixXd f = mean_at_draws;
    for (Eigen::Index d = 0; d < f.cols(); ++d)
      f.col(d) += (*roots)[static_cast<std::size_t>(d)] * z.col(d);
    return f;
  };
  return out;
}

// Lower Cholesky factor of the residual correlation between options (identity if degenerate):
// posterior draws of different options' fits are correlated as their residuals are, since the
// options share the reference's noise. An approximation: the exact joint posterior would need
// one regression of all options with shared smoothing.
Eigen::MatrixXd residual_correlation_root(const Eigen::MatrixXd& residuals) {
  const Eigen::Index k = residuals.cols();
  const Eigen::MatrixXd centred = residuals.rowwise() - residuals.colwise().mean();
  Eigen::MatrixXd cov = centred.transpose() * centred;
  const Eigen::VectorXd sd = cov.diagonal().cwiseSqrt();
  if ((sd.array() <= 0.0).any()) return Eigen::MatrixXd::Identity(k, k);
  const Eigen::MatrixXd corr =
      sd.cwiseInverse().asDiagonal() * cov * sd.cwiseInverse().asDiagonal();
  const Eigen::LLT<Eigen::MatrixXd> llt(corr);
  if (llt.info() != Eigen::Success) return Eigen::MatrixXd::Identity(k, k);
  return llt.matrixL();
}

struct GroupFit {
  VoiEstimate estimate;
  ConditionalMeans means;
  std::vector<std::pair<Eigen::Index, double>> importance;  // (parameter, share), additive only
};

void check_inputs(const Eigen::MatrixXd& values, const Eigen::MatrixXd& parameters) {
  if (values.rows() < 10) throw InputError("value of information: needs at least 10 replicates");
  if (values.cols() < 1) throw InputError("value of information: no options");
  if (parameters.rows() != values.rows()) {
    throw InputError("value of information: parameter draws (" + std::to_string(parameters.rows()) +
                     " rows) and objective values (" + std::to_string(values.rows()) +
                     " rows) differ in replicate count");
  }
  if (!values.allFinite())
    throw InputError("value of information: objective values must be finite");
  if (!parameters.allFinite())
    throw InputError("value of information: parameter values must be finite");
}

GroupFit fit_group(const Eigen::MatrixXd& values, const Eigen::MatrixXd& parameters,
                   std::span<const Eigen::Index> group, Direction direction, double bound,
                   const VoiOptions& options, RegressionMethod method) {
  const Eigen::Index n = values.rows(), s = values.cols();
  const double sign = value_sign(direction);
  // Reference option: the caller's, or the best mean.
  Eigen::Index ref = options.reference;
  if (ref >= s) throw InputError("value of information: reference option out of range");
  if (ref < 0) {
    ref = 0;
    for (Eigen::Index d = 1; d < s; ++d) {
      if (sign * values.col(d).sum() > sign * values.col(ref).sum()) ref = d;
    }
  }
  std::vector<Eigen::Index> others;
  for (Eigen::Index d = 0; d < s; ++d) {
    if (d != ref) others.push_back(d);
  }
  const auto k = static_cast<Eigen::Index>(others.size());
  Eigen::MatrixXd differences(n, k);
  for (Eigen::Index j = 0; j < k; ++j) {
    differences.col(j) = sign * (values.col(others[static_cast<std::size_t>(j)]) - values.col(ref));
  }
  // The group's parameter draws; constant columns carry no information and are dropped.
  std::vector<Eigen::Index> used;
  for (const Eigen::Index p : group) {
    if (p < 0 || p >= parameters.cols())
      throw InputError("value of information: parameter index out of range");
    if (std::count(group.begin(), group.end(), p) > 1)
      throw InputError("value of information: repeated parameter in a group");
    if (parameters.col(p).maxCoeff() > parameters.col(p).minCoeff()) used.push_back(p);
  }
  Eigen::MatrixXd inputs(n, static_cast<Eigen::Index>(used.size()));
  for (std::size_t c = 0; c < used.size(); ++c)
    inputs.col(static_cast<Eigen::Index>(c)) = parameters.col(used[c]);

  GroupFit out;
  out.means.reference = ref;
  out.means.explained_variance = Eigen::VectorXd::Zero(s);
  const double ref_mean = sign * values.col(ref).mean();
  if (k == 0 || used.empty()) {
    // Nothing to learn: every conditional mean is the overall mean.
    out.means.values = values.colwise().mean().replicate(n, 1);
    out.estimate.value = out.estimate.unclamped = 0.0;
    return out;
  }
  const auto g = static_cast<Eigen::Index>(used.size());
  if (method == RegressionMethod::automatic) {
    method = (g >= 2 && g <= options.max_group_for_gp) ? RegressionMethod::gaussian_process
                                                       : RegressionMethod::additive_spline;
  }
  DifferenceRegression reg = method == RegressionMethod::gaussian_process
                                 ? gp_regression(differences, inputs, options)
                                 : additive_regression(differences, inputs, g == 1, options);
  for (auto& [a, b] : reg.interactions) {
    a = used[static_cast<std::size_t>(a)];
    b = used[static_cast<std::size_t>(b)];
  }
  for (Eigen::Index j = 0; j < reg.importance.size(); ++j) {
    out.importance.emplace_back(used[static_cast<std::size_t>(j)], reg.importance[j]);
  }

  // Estimate and standard errors.
  VoiEstimate& e = out.estimate;
  e.unclamped = evppi_of_differences(reg.fitted);
  e.sampling_se = sampling_se(reg.fitted);
  if (options.posterior_draws > 0) {
    const Eigen::MatrixXd root = residual_correlation_root(differences - reg.fitted);
    const double at_draw_points = evppi_of_differences(reg.fitted_at_draws);
    double mean = 0.0, m2 = 0.0;
    Eigen::MatrixXd independent(reg.draw_dimension, k);
    for (int b = 0; b < options.posterior_draws; ++b) {
      for (Eigen::Index j = 0; j < k; ++j) {
        standard_normals(options.seed, static_cast<std::uint64_t>(b), static_cast<std::uint64_t>(j),
                         independent.col(j));
      }
      const double v = evppi_of_differences(reg.draw(independent * root.transpose()));
      const double delta = v - mean;
      mean += delta / static_cast<double>(b + 1);
      m2 += delta * (v - mean);
    }
    e.regression_se = options.posterior_draws >= 2
                          ? std::sqrt(m2 / static_cast<double>(options.posterior_draws - 1))
                          : kNaN;
    e.draw_bias = mean - at_draw_points;
  }
  e.standard_error = std::sqrt(e.regression_se * e.regression_se + e.sampling_se * e.sampling_se);
  e.value = std::clamp(e.unclamped, 0.0, std::max(bound, 0.0));
  // Rounding can leave a Jensen-zero estimate a hair below 0; that is not a clamp worth flagging.
  e.clamped = std::abs(e.value - e.unclamped) > 1e-12 * (1.0 + std::abs(e.unclamped));

  // Conditional means on the objective's scale, and the variance each fit explains.
  out.means.method = reg.method;
  out.means.interactions = reg.interactions;
  out.means.values.resize(n, s);
  out.means.values.col(ref).setConstant(sign * ref_mean);
  for (Eigen::Index j = 0; j < k; ++j) {
    const Eigen::Index d = others[static_cast<std::size_t>(j)];
    out.means.values.col(d) = sign * (reg.fitted.col(j).array() + ref_mean);
    const double total = (differences.col(j).array() - differences.col(j).mean()).square().sum();
    const double fitted = (reg.fitted.col(j).array() - reg.fitted.col(j).mean()).square().sum();
    out.means.explained_variance[d] = total > 0.0 ? fitted / total : 0.0;
  }
  return out;
}

}  // namespace

double evppi_of(const Eigen::MatrixXd& conditional_values) {
  if (conditional_values.cols() == 0 || conditional_values.rows() == 0) return 0.0;
  const Eigen::MatrixXd d = conditional_values.rightCols(conditional_values.cols() - 1).colwise() -
                            conditional_values.col(0);
  return evppi_of_differences(d);
}

EvpiResult value_of_perfect_information(const Eigen::MatrixXd& values,
                                        const Eigen::MatrixXd& parameters, Direction direction,
                                        const VoiOptions& options) {
  check_inputs(values, parameters);
  EvpiResult out;
  out.replicates = summarise_decision(values, direction);
  std::vector<Eigen::Index> all(static_cast<std::size_t>(parameters.cols()));
  std::iota(all.begin(), all.end(), Eigen::Index{0});
  const double naive = out.replicates.evpi.value;
  GroupFit fit = fit_group(values, parameters, all, direction, naive, options, options.method);
  out.evpi_all_parameters = fit.estimate.unclamped;
  // With more parameters than a GP takes, the additive model (pairwise interactions at most)
  // can miss higher-order interactions and underestimate. A GP over the most important
  // parameters captures every order among them; both estimate a lower bound of the EVPI up to
  // regression noise. The GP's estimate replaces the additive one only when it is larger by more
  // than twice their combined standard error: the GP fits more noise (on pure noise it gave 2-5
  // times the additive model's small positive estimate), so a merely larger value is no
  // evidence of a missed interaction.
  if (options.method == RegressionMethod::automatic && options.evpi_gp_check &&
      fit.importance.size() > static_cast<std::size_t>(options.max_group_for_gp)) {
    auto ranked = fit.importance;
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (std::size_t j = 0; j < static_cast<std::size_t>(options.max_group_for_gp); ++j) {
      out.top_parameters.push_back(ranked[j].first);
    }
    std::sort(out.top_parameters.begin(), out.top_parameters.end());
    GroupFit top = fit_group(values, parameters, out.top_parameters, direction, naive, options,
                             RegressionMethod::gaussian_process);
    out.evpi_top_parameters = top.estimate.unclamped;
    const double margin =
        2.0 * std::hypot(top.estimate.standard_error, fit.estimate.standard_error);
    if (top.estimate.unclamped > fit.estimate.unclamped + margin) {
      out.top_parameters_used = true;
      fit.estimate = top.estimate;
      fit.means = std::move(top.means);
    }
  }
  out.evpi = fit.estimate;
  out.conditional_means = std::move(fit.means);
  out.parameters = summarise_decision(out.conditional_means.values, direction);
  out.noise_share = naive > 0.0 ? 1.0 - out.evpi.value / naive : kNaN;
  return out;
}

EvppiResult value_of_partial_information(const Eigen::MatrixXd& values,
                                         const Eigen::MatrixXd& parameters,
                                         std::span<const Eigen::Index> group, Direction direction,
                                         double bound, const VoiOptions& options) {
  check_inputs(values, parameters);
  if (group.empty()) throw InputError("value of partial information: empty parameter group");
  GroupFit fit = fit_group(values, parameters, group, direction, bound, options, options.method);
  return {fit.estimate, std::move(fit.means)};
}

}  // namespace fundsim::decision
