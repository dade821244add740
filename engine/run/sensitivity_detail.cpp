#include "run/sensitivity_detail.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "sensitivity/noise_share.hpp"
#include "sensitivity/prcc_design.hpp"

namespace fundsim::sensitivity_detail {

namespace {

using sensitivity::BootstrapWeights;

// The study with only the chosen scenarios, the reference first (see RowEvaluator).
Study chosen_scenarios(const Study& study, const SensitivityAxes& axes) {
  Study sub = study;
  sub.scenarios.clear();
  for (const std::size_t s : axes.scenarios) sub.scenarios.push_back(study.scenarios[s]);
  sub.baseline = 0;
  // Objectives' p_beat reference is a summary setting, unused by an evaluation.
  for (Objective& o : sub.objectives) o.reference = 0;
  return sub;
}

std::vector<std::size_t> identity(std::size_t n) {
  std::vector<std::size_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = i;
  return v;
}

}  // namespace

std::vector<std::pair<std::uint64_t, std::uint64_t>> batches(std::uint64_t units,
                                                             std::uint64_t pilot,
                                                             std::uint64_t per_batch) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
  std::uint64_t first = 0;
  if (pilot > 0) out.emplace_back(0, first = std::min(units, pilot));
  for (; first < units; first += per_batch)
    out.emplace_back(first, std::min(units, first + per_batch));
  return out;
}

std::uint64_t prcc_repeats(std::uint64_t rows) {
  return std::min<std::uint64_t>(rows, std::max<std::uint64_t>(16, rows / 8));
}

RowEvaluator::RowEvaluator(const Study& study, const SensitivityAxes& axes,
                           const SensitivityRequest& request, const SensitivityHooks& hooks,
                           std::uint64_t total_rows)
    : study_(chosen_scenarios(study, axes)),
      axes_(axes),
      request_(request),
      hooks_(hooks),
      monthly_(monthly_metrics(study, axes)),
      reader_(study, axes, identity(axes.scenarios.size())),
      total_(total_rows),
      started_(std::chrono::steady_clock::now()) {}

Evaluation RowEvaluator::evaluate(const std::vector<double>& uniforms,
                                  const std::vector<std::uint64_t>& streams) {
  const std::size_t P = study_.parameters.size(), D = axes_.factors.size();
  const std::size_t rows = streams.size();
  std::vector<double> all(rows * P, 0.5);  // fixed parameters ignore their entry
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t j = 0; j < D; ++j) {
      const std::size_t p = axes_.factors[j];
      const double u = uniforms[r * D + j];
      all[r * P + p] = request_.posterior ? request_.posterior->uniform(p, u) : u;
    }
  ReplicateDesign design;
  design.uniforms = std::make_shared<ExplicitUniforms>(std::move(all), P);
  design.streams = streams;
  EvaluationRequest request;
  request.replicates = rows;
  request.seed = request_.seed;
  request.threads = request_.threads;
  request.years = true;
  request.monthly.assign(monthly_.begin(), monthly_.end());
  request.design = &design;
  RunHooks hooks;
  hooks.stop = hooks_.stop;
  Evaluation e = fundsim::evaluate(study_, request, hooks);
  done_ += rows;
  if (hooks_.on_progress) hooks_.on_progress(done_, total_, seconds());
  return e;
}

double RowEvaluator::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

// Each output's quantisation scale from a pilot evaluation (quantisation_scale()).
std::vector<double> pilot_scales(const OutputReader& reader, const Evaluation& e,
                                 std::size_t outputs, const Workers& workers) {
  std::vector<double> scales(outputs, 1.0);
  parallel_for(workers, outputs, [&](std::size_t o) {
    if (reader.integer(o)) return;
    double largest = 0;
    for (std::size_t r = 0; r < e.replicates; ++r)
      largest = std::max(largest, std::abs(reader.value(e, o, r)));
    scales[o] = quantisation_scale(largest);
  });
  return scales;
}

IndexValues index_values(std::string name, std::string long_name, std::string units, bool interval,
                         std::size_t size) {
  IndexValues v{std::move(name), std::move(long_name), std::move(units), interval, {}, {}, {}};
  v.value.assign(size, 0.0);
  if (interval) {
    v.lower.assign(size, 0.0);
    v.upper.assign(size, 0.0);
  }
  return v;
}

OutputValues output_values(std::string name, std::string long_name, bool interval,
                           std::size_t size) {
  OutputValues v{std::move(name), std::move(long_name), interval, {}, {}, {}};
  v.value.assign(size, 0.0);
  if (interval) {
    v.lower.assign(size, 0.0);
    v.upper.assign(size, 0.0);
  }
  return v;
}

void set(IndexValues& v, std::size_t at, double value, sensitivity::Interval interval) {
  v.value[at] = value;
  if (v.has_interval) {
    v.lower[at] = interval.lower;
    v.upper[at] = interval.upper;
  }
}

void set(OutputValues& v, std::size_t at, double value, sensitivity::Interval interval) {
  v.value[at] = value;
  if (v.has_interval) {
    v.lower[at] = interval.lower;
    v.upper[at] = interval.upper;
  }
}

SensitivityResults start_results(const SensitivityAxes& axes, const SensitivityRequest& request) {
  SensitivityResults out;
  out.method = request.method;
  out.axes = axes;
  out.samples = request.samples;
  out.seed = request.seed;
  out.confidence = request.confidence;
  out.bootstrap = request.bootstrap ? request.bootstrap : default_bootstrap(request.method);
  return out;
}

// Mean and sample variance of one output over rows (fixed order).
std::pair<double, double> mean_variance(const std::vector<double>& y) {
  double sum = 0;
  for (const double v : y) sum += v;
  const double mean = sum / static_cast<double>(y.size());
  double squares = 0;
  for (const double v : y) squares += (v - mean) * (v - mean);
  return {mean, y.size() > 1 ? squares / static_cast<double>(y.size() - 1) : 0.0};
}

// PRCC, its p-value and the mean and variance of every output, from values[o][row].
void add_prcc(SensitivityResults& out, const Eigen::MatrixXd& design,
              const std::vector<std::vector<double>>& values, const Workers& workers) {
  const std::size_t O = out.axes.outputs(), D = out.factors();
  const sensitivity::PrccDesign prcc(design, out.confidence);
  IndexValues r = index_values(
      "prcc", "partial rank correlation coefficient (Marino et al. 2008) with a Fisher-z interval",
      "1", true, O * D);
  IndexValues p =
      index_values("p_value", "two-sided p-value of the PRCC (H0: PRCC = 0)", "1", false, O * D);
  OutputValues mean = output_values("mean", "mean of the output over the design rows", false, O);
  OutputValues variance =
      output_values("variance", "sample variance of the output over the design rows", false, O);
  parallel_for(workers, O, [&](std::size_t o) {
    const Eigen::Map<const Eigen::VectorXd> y(values[o].data(),
                                              static_cast<Eigen::Index>(values[o].size()));
    const std::vector<sensitivity::PrccResult> res = prcc.prcc(y);
    for (std::size_t j = 0; j < D; ++j) {
      set(r, o * D + j, res[j].prcc, res[j].interval);
      set(p, o * D + j, res[j].p_value);
    }
    const auto [m, v] = mean_variance(values[o]);
    set(mean, o, m);
    set(variance, o, v);
  });
  out.indices = {std::move(r), std::move(p)};
  out.per_output = {std::move(mean), std::move(variance)};
}

// Noise shares of every output from repeated rows: values[o][i], repeats[o][k] (k < K).
OutputValues noise_shares(const std::vector<std::vector<double>>& values,
                          const std::vector<std::vector<double>>& repeats, std::uint64_t seed,
                          std::size_t bootstrap, double confidence, const Workers& workers) {
  const std::size_t O = values.size(), N = O ? values[0].size() : 0;
  std::vector<BootstrapWeights> weights(N);
  parallel_for(workers, N,
               [&](std::size_t i) { weights[i] = BootstrapWeights::poisson(seed, i, bootstrap); });
  OutputValues share = output_values(
      "noise_share",
      "share of the output's variance due to the model's own randomness, E[Var(Y|X)] / Var(Y)",
      true, O);
  parallel_for(workers, O, [&](std::size_t o) {
    const sensitivity::NoiseShare s =
        sensitivity::noise_share(values[o], repeats[o], weights, confidence);
    set(share, o, s.value, s.interval);
  });
  return share;
}

}  // namespace fundsim::sensitivity_detail
