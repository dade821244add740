#include "run/sensitivity_run.hpp"

#include <Eigen/Dense>
#include <algorithm>

#include "errors.hpp"
#include "run/sensitivity_detail.hpp"
#include "run/sensitivity_outputs.hpp"
#include "sensitivity/morris_effects.hpp"
#include "sensitivity/saltelli_design.hpp"
#include "sensitivity/sobol_indices.hpp"

namespace fundsim {

namespace {

using namespace sensitivity_detail;  // NOLINT: the helpers of this file's three designs
using sensitivity::BootstrapWeights;

SensitivityResults run_prcc(const Study& study, const SensitivityAxes& axes,
                            const SensitivityRequest& request, const SensitivityHooks& hooks) {
  const std::uint64_t N = request.samples;
  const std::size_t D = axes.factors.size(), O = axes.outputs();
  if (N < D + 4) {
    throw InputError("--samples: PRCC with " + std::to_string(D) +
                     " uncertain parameters needs at least " + std::to_string(D + 4) +
                     " rows (about 10 per parameter for stable rankings), got " +
                     std::to_string(N));
  }
  const std::uint64_t K = prcc_repeats(N);
  SensitivityResults out = start_results(axes, request);
  const Workers workers{request.threads, hooks.stop};
  RowEvaluator evaluator(study, axes, request, hooks, N + K);
  // The study's Latin hypercube (docs/model.md §8) of N rows: row r is replicate r of
  // `fundsim run --replicates N` of an LHS study with the same seed.
  const DesignUniforms lhs(request.seed, N, Design::latin_hypercube);
  Eigen::MatrixXd design(static_cast<Eigen::Index>(N), static_cast<Eigen::Index>(D));
  for (std::uint64_t r = 0; r < N; ++r)
    for (std::size_t j = 0; j < D; ++j)
      design(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) =
          lhs.uniform(r, axes.factors[j]);
  std::vector<std::vector<double>> values(O, std::vector<double>(N));
  std::vector<std::vector<double>> repeats(O, std::vector<double>(K));
  for (const auto& [first, last] :
       batches(N + K, 0, std::max<std::uint64_t>(1, request.batch_rows))) {
    const std::uint64_t count = last - first;
    std::vector<double> uniforms(count * D);
    std::vector<std::uint64_t> streams(count);
    for (std::uint64_t i = 0; i < count; ++i) {
      const std::uint64_t row = first + i;
      const std::uint64_t source = row < N ? row : row - N;  // a repeat copies row `source`
      streams[i] = row < N ? row : kRepeatStreams + source;
      for (std::size_t j = 0; j < D; ++j)
        uniforms[i * D + j] =
            design(static_cast<Eigen::Index>(source), static_cast<Eigen::Index>(j));
    }
    const Evaluation e = evaluator.evaluate(uniforms, streams);
    parallel_for(workers, O, [&](std::size_t o) {
      for (std::uint64_t i = 0; i < count; ++i) {
        const std::uint64_t row = first + i;
        const double v = evaluator.reader().value(e, o, i);
        if (row < N) {
          values[o][row] = v;
        } else {
          repeats[o][row - N] = v;
        }
      }
    });
  }
  add_prcc(out, design, values, workers);
  out.per_output.push_back(
      noise_shares(values, repeats, request.seed, out.bootstrap, request.confidence, workers));
  out.rows = N + K;
  out.seconds = evaluator.seconds();
  return out;
}

SensitivityResults run_morris(const Study& study, const SensitivityAxes& axes,
                              const SensitivityRequest& request, const SensitivityHooks& hooks) {
  const std::uint64_t R = request.samples;
  const std::size_t D = axes.factors.size(), O = axes.outputs();
  if (R < 2) {
    throw InputError(
        "--samples: Morris needs at least 2 trajectories (sigma and the interval "
        "on mu* need more; 20 or more is usual), got " +
        std::to_string(R));
  }
  SensitivityResults out = start_results(axes, request);
  const Workers workers{request.threads, hooks.stop};
  const sensitivity::MorrisDesign design(D, R, request.seed);
  const std::size_t rows_per = D + 2;  // D + 1 points, then point 0 again with another stream
  const std::uint64_t per_batch = std::max<std::uint64_t>(1, request.batch_rows / rows_per);
  RowEvaluator evaluator(study, axes, request, hooks, R * rows_per);
  std::vector<sensitivity::MorrisEffects> effects(O, sensitivity::MorrisEffects(design));
  std::vector<std::vector<double>> starts(O, std::vector<double>(R));
  std::vector<std::vector<double>> repeats(O, std::vector<double>(R));
  std::vector<double> scales;
  for (const auto& [first, last] : batches(R, kPilotUnits, per_batch)) {
    const std::uint64_t count = last - first;
    std::vector<double> uniforms(count * rows_per * D);
    std::vector<std::uint64_t> streams(count * rows_per);
    for (std::uint64_t i = 0; i < count; ++i) {
      const sensitivity::MorrisTrajectory t = design.trajectory(first + i);
      for (std::size_t k = 0; k < rows_per; ++k) {
        const sensitivity::DesignPoint point = t.point(k <= D ? k : 0);
        const std::size_t row = i * rows_per + k;
        std::copy(point.u.begin(), point.u.end(),
                  uniforms.begin() + static_cast<std::ptrdiff_t>(row * D));
        streams[row] = k <= D ? point.stream_id : kRepeatStreams + t.index;
      }
    }
    const Evaluation e = evaluator.evaluate(uniforms, streams);
    if (scales.empty()) scales = pilot_scales(evaluator.reader(), e, O, workers);
    parallel_for(workers, O, [&](std::size_t o) {
      std::vector<std::int64_t> outputs(D + 1);
      for (std::uint64_t i = 0; i < count; ++i) {
        for (std::size_t k = 0; k <= D; ++k)
          outputs[k] = quantise(evaluator.reader().value(e, o, i * rows_per + k), scales[o]);
        effects[o].add(first + i, outputs);
        starts[o][first + i] = evaluator.reader().value(e, o, i * rows_per);
        repeats[o][first + i] = evaluator.reader().value(e, o, i * rows_per + D + 1);
      }
    });
  }
  const std::string per_u = "output units per unit of the parameter's probability scale";
  IndexValues mu = index_values("mu", "mean elementary effect (Morris 1991)", per_u, false, O * D);
  IndexValues mu_star = index_values(
      "mu_star",
      "mean absolute elementary effect (Campolongo et al. 2007), bootstrap interval over "
      "trajectories",
      per_u, true, O * D);
  IndexValues sigma =
      index_values("sigma", "standard deviation of the elementary effects", per_u, false, O * D);
  OutputValues scale = output_values(
      "quantisation_scale", "integer steps per output unit in the exact estimators", false, O);
  parallel_for(workers, O, [&](std::size_t o) {
    const sensitivity::MorrisResults res = effects[o].results(request.confidence, out.bootstrap);
    const double s = scales[o];
    for (std::size_t j = 0; j < D; ++j) {
      const sensitivity::MorrisFactor& f = res.factors[j];
      set(mu, o * D + j, f.mu / s);
      set(mu_star, o * D + j, f.mu_star / s,
          {f.mu_star_interval.lower / s, f.mu_star_interval.upper / s});
      set(sigma, o * D + j, f.sigma / s);
    }
    set(scale, o, s);
  });
  out.indices = {std::move(mu_star), std::move(sigma), std::move(mu)};
  OutputValues noise =
      noise_shares(starts, repeats, request.seed, out.bootstrap, request.confidence, workers);
  noise.long_name =
      "share of the variance of the trajectories' start points due to the model's own "
      "randomness (start points lie on the 4-level grid, which leaves out the tails of the "
      "parameters, so the share is not that of Sobol' or PRCC; docs/sensitivity.md §2)";
  out.per_output.push_back(std::move(noise));
  out.per_output.push_back(std::move(scale));
  out.rows = R * rows_per;
  out.seconds = evaluator.seconds();
  return out;
}

SensitivityResults run_sobol(const Study& study, const SensitivityAxes& axes,
                             const SensitivityRequest& request, const SensitivityHooks& hooks) {
  const std::uint64_t N = request.samples;
  const std::size_t D = axes.factors.size(), O = axes.outputs();
  if (N < 2)
    throw InputError("--samples: Sobol' indices need at least 2 base rows, got " +
                     std::to_string(N));
  SensitivityResults out = start_results(axes, request);
  const Workers workers{request.threads, hooks.stop};
  const sensitivity::SaltelliDesign design(D, N, request.seed);
  const std::size_t rows_per = design.rows_per_base_row();
  const std::uint64_t per_batch = std::max<std::uint64_t>(1, request.batch_rows / rows_per);
  RowEvaluator evaluator(study, axes, request, hooks, design.evaluations());
  std::vector<sensitivity::SobolAccumulator> sums(
      O, sensitivity::SobolAccumulator(D, request.seed, out.bootstrap));
  std::vector<double> scales;
  for (const auto& [first, last] : batches(N, kPilotUnits, per_batch)) {
    const std::uint64_t count = last - first;
    std::vector<double> uniforms(count * rows_per * D);
    std::vector<std::uint64_t> streams(count * rows_per);
    std::vector<BootstrapWeights> weights(count);
    parallel_for(workers, count, [&](std::size_t i) {
      const sensitivity::SaltelliBaseRow base = design.base_row(first + i);
      for (std::size_t slot = 0; slot < rows_per; ++slot) {
        const sensitivity::DesignPoint point = base.row(slot);
        const std::size_t row = i * rows_per + slot;
        std::copy(point.u.begin(), point.u.end(),
                  uniforms.begin() + static_cast<std::ptrdiff_t>(row * D));
        streams[row] = point.stream_id;
      }
      weights[i] = BootstrapWeights::poisson(request.seed, first + i, out.bootstrap);
    });
    const Evaluation e = evaluator.evaluate(uniforms, streams);
    if (scales.empty()) scales = pilot_scales(evaluator.reader(), e, O, workers);
    parallel_for(workers, O, [&](std::size_t o) {
      std::vector<std::int64_t> outputs(rows_per);
      for (std::uint64_t i = 0; i < count; ++i) {
        for (std::size_t slot = 0; slot < rows_per; ++slot)
          outputs[slot] = quantise(evaluator.reader().value(e, o, i * rows_per + slot), scales[o]);
        sums[o].add(weights[i], outputs);
      }
    });
  }
  IndexValues s1 = index_values(
      "S1", "first-order Sobol' index (Saltelli et al. 2010), share of Var(Y) with the noise", "1",
      true, O * D);
  IndexValues st = index_values(
      "ST", "total Sobol' index (Jansen 1999), share of Var(Y) with the noise", "1", true, O * D);
  IndexValues s1_free = index_values(
      "S1_noise_free", "S1 / (1 - noise share): share of Var(E[Y | parameters])", "1", true, O * D);
  IndexValues st_free = index_values(
      "ST_noise_free",
      "ST / (1 - noise share): upper bound on ST of E[Y | parameters] (interactions with the "
      "noise included)",
      "1", true, O * D);
  OutputValues noise = output_values(
      "noise_share",
      "total index of the model's random stream: E[Var(Y|X)] / Var(Y), the variance no "
      "knowledge of the parameters removes",
      true, O);
  OutputValues mean = output_values("mean", "mean of the output over the A and B rows", false, O);
  OutputValues variance = output_values(
      "variance", "variance of the output over the A and B rows (divisor 2N)", false, O);
  OutputValues scale = output_values(
      "quantisation_scale", "integer steps per output unit in the exact estimators", false, O);
  parallel_for(workers, O, [&](std::size_t o) {
    const sensitivity::SobolIndices ind = sums[o].indices(request.confidence);
    for (std::size_t j = 0; j < D; ++j) {
      const sensitivity::FactorIndices& f = ind.parameters[j];
      set(s1, o * D + j, f.first_order, f.first_order_interval);
      set(st, o * D + j, f.total, f.total_interval);
      set(s1_free, o * D + j, f.first_order_noise_free, f.first_order_noise_free_interval);
      set(st_free, o * D + j, f.total_noise_free, f.total_noise_free_interval);
    }
    set(noise, o, ind.noise_share(), ind.noise_share_interval());
    set(mean, o, ind.mean / scales[o]);
    set(variance, o, ind.variance / (scales[o] * scales[o]));
    set(scale, o, scales[o]);
  });
  out.indices = {std::move(s1), std::move(st), std::move(s1_free), std::move(st_free)};
  out.per_output = {std::move(noise), std::move(mean), std::move(variance), std::move(scale)};
  out.rows = design.evaluations();
  out.seconds = evaluator.seconds();
  return out;
}

}  // namespace

std::uint64_t estimated_memory(const Study& study, const SensitivityAxes& axes,
                               const SensitivityRequest& request) {
  const std::uint64_t O = axes.outputs(), D = axes.factors.size(), N = request.samples;
  const std::uint64_t B = request.bootstrap ? request.bootstrap : default_bootstrap(request.method);
  std::uint64_t estimators = 0;
  switch (request.method) {
    case SensitivityMethod::prcc:  // outputs of every row and repeat, the design and its ranks
      estimators = O * (N + prcc_repeats(N)) * 8 + 3 * N * D * 8;
      break;
    case SensitivityMethod::morris:  // per trajectory: D changes, a start and a repeat
      estimators = O * N * (D * 8 + 64 + 16);
      break;
    case SensitivityMethod::sobol:  // 128-bit sums per bootstrap block
      estimators = O * (B + 1) * (3 + 3 * (D + 1)) * 16;
      break;
  }
  return estimators + request.batch_rows * row_bytes(study, axes);
}

std::uint64_t row_bytes(const Study& study, const SensitivityAxes& axes) {
  const std::uint64_t years = (static_cast<std::uint64_t>(study.run.months) + 11) / 12;
  return axes.scenarios.size() *
         (total_metrics().size() * (1 + years) +
          monthly_metrics(study, axes).size() * static_cast<std::uint64_t>(study.run.months)) *
         8;
}

SensitivityResults run_sensitivity(const Study& study, const SensitivityAxes& axes,
                                   const SensitivityRequest& request,
                                   const SensitivityHooks& hooks) {
  sensitivity::check_confidence(request.confidence);
  SensitivityResults out;
  switch (request.method) {
    case SensitivityMethod::prcc:
      out = run_prcc(study, axes, request, hooks);
      break;
    case SensitivityMethod::morris:
      out = run_morris(study, axes, request, hooks);
      break;
    case SensitivityMethod::sobol:
      out = run_sobol(study, axes, request, hooks);
      break;
  }
  out.evaluations = out.rows * axes.scenarios.size();
  return out;
}

SensitivityResults prcc_of_run(const Study& study, const SensitivityAxes& axes,
                               const std::vector<double>& parameters, const Evaluation& totals,
                               std::uint64_t seed, double confidence) {
  const std::size_t R = totals.replicates, P = study.parameters.size();
  const std::size_t D = axes.factors.size(), O = axes.outputs();
  if (parameters.size() != R * P) throw Error("PRCC of a run: parameter draws do not fit");
  Eigen::MatrixXd design(static_cast<Eigen::Index>(R), static_cast<Eigen::Index>(D));
  bool varies = false;
  for (std::size_t j = 0; j < D; ++j) {
    for (std::size_t r = 0; r < R; ++r) {
      design(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) =
          parameters[r * P + axes.factors[j]];
    }
    varies = varies || design.col(static_cast<Eigen::Index>(j)).minCoeff() <
                           design.col(static_cast<Eigen::Index>(j)).maxCoeff();
  }
  if (!varies) {
    throw InputError(
        "no uncertain parameter varies between the replicates of the run (a "
        "--central run?): PRCC needs parameter draws");
  }
  if (R < D + 4) {
    throw InputError("PRCC with " + std::to_string(D) + " uncertain parameters needs at least " +
                     std::to_string(D + 4) + " replicates, the run has " + std::to_string(R));
  }
  SensitivityRequest request;
  request.method = SensitivityMethod::prcc;
  request.samples = R;
  request.seed = seed;
  request.confidence = confidence;
  SensitivityResults out = start_results(axes, request);
  out.bootstrap = 0;
  const OutputReader reader(study, axes, axes.scenarios);
  std::vector<std::vector<double>> values(O, std::vector<double>(R));
  for (std::size_t o = 0; o < O; ++o)
    for (std::size_t r = 0; r < R; ++r) values[o][r] = reader.value(totals, o, r);
  add_prcc(out, design, values, Workers{});
  out.rows = R;
  out.evaluations = R * axes.scenarios.size();
  return out;
}

}  // namespace fundsim
