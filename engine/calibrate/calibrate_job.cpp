#include "calibrate/calibrate_job.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "calibrate/calibrated_parameters.hpp"
#include "calibrate/predictive.hpp"
#include "calibrate/saved_state.hpp"
#include "calibrate/study_simulator.hpp"
#include "calibration/calibration.hpp"
#include "calibration/calibration_errors.hpp"
#include "errors.hpp"
#include "output/pending_output.hpp"
#include "results/run_identity.hpp"
#include "support/sha256.hpp"
#include "uncertainty/sampler.hpp"

namespace fundsim {

namespace {

std::string format(const char* pattern, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, pattern, v);
  return buf;
}

std::string wave_line(const calibration::CalibrationState& s, std::size_t d, double cutoff,
                      double seconds) {
  const calibration::WaveRecord& w = s.waves.back();
  const std::size_t n = w.points.size() / d;
  std::size_t below = 0;
  for (const double k : w.kth_implausibility) below += k <= cutoff;
  return "wave " + std::to_string(s.waves.size()) + ": " + std::to_string(n) + " points, " +
         std::to_string(w.simulations) + " simulations, cut-off " + format("%.3g", w.cutoff) +
         ", kept " + std::to_string(w.kept) + " (" +
         format("%.1f", 100.0 * static_cast<double>(w.kept) / static_cast<double>(n)) +
         "%), non-implausible " + std::to_string(below) + ", volume " + format("%.3g", w.volume) +
         " ± " + format("%.2g", w.volume_se) + ", " + format("%.1f", seconds) + " s";
}

std::string step_line(const calibration::CalibrationState& s, double seconds) {
  const calibration::StepRecord& r = s.steps.back();
  return "posterior step " + std::to_string(s.steps.size() - 1) + ": temperature " +
         format("%.4g", r.temperature) + ", ESS " + format("%.0f", r.ess) + ", acceptance " +
         format("%.3f", r.acceptance) + ", " + std::to_string(r.moves) + " moves, " +
         std::to_string(r.simulations) + " simulations, " + format("%.1f", seconds) + " s";
}

// Everything a saved state must agree on besides the core's own identity (settings, targets).
StateIdentity state_identity(const Study& study, const CalibrationData& data,
                             const CalibratePlan& plan, const std::vector<std::string>& names) {
  std::string parameters;
  for (const std::string& n : names) parameters += (parameters.empty() ? "" : ",") + n;
  StateIdentity id;
  id.fields = {{"study_sha256", sha256_hex(study.text)},
               {"observations_sha256", data.sha256},
               {"seed", std::to_string(plan.settings.seed)},
               {"build", build_id()},
               {"parameters", parameters}};
  return id;
}

// The core numbers parameters; name them, with the best point's values at the edges of the prior
// (where the advice to widen a prior applies).
calibration::NoPlausibleRegion with_parameter_names(const calibration::NoPlausibleRegion& e,
                                                    const std::vector<std::string>& names) {
  const calibration::ImplausibilityDiagnostics& diag = e.diagnostics();
  std::string edges;
  for (std::size_t j = 0; j < diag.best_point.size() && j < names.size(); ++j)
    if (diag.best_point[j] < 0.05 || diag.best_point[j] > 0.95)
      edges += (edges.empty() ? "" : ", ") + std::to_string(j) + " = " + names[j] +
               format(" (u = %.3g)", diag.best_point[j]);
  std::string message = e.what();
  if (!edges.empty()) message += " Parameters at the edge of their prior: " + edges + ".";
  return calibration::NoPlausibleRegion(message, diag);
}

}  // namespace

CalibrateResult run_calibration(const Study& study, const CalibratePlan& plan,
                                const std::atomic<int>* stop, const CalibrationNotice& notice) {
  const auto started = std::chrono::steady_clock::now();
  const auto say = [&](const std::string& text) {
    if (notice) notice(text);
  };
  CalibrateResult result;
  result.data = load_calibration_data(study, plan.data_path, plan.discrepancy);
  const CalibrationData& data = result.data;
  CalibrationOutcome& out = result.outcome;
  out.policy_months = calibration_policy_months(study, data.last_month);
  const ParameterSplit split = split_parameters(study, out.policy_months);
  if (split.calibrated.empty())
    throw InputError(study.file +
                     ": no uncertain parameter can change the observed months, so "
                     "there is nothing to calibrate (give the parameters distributions)");
  for (const std::size_t p : split.calibrated) out.parameters.push_back(study.parameters[p].name);
  for (const std::size_t p : split.prior_only) out.prior_only.push_back(study.parameters[p].name);
  out.command_line = plan.command_line;
  out.settings = plan.settings;
  calibration::CalibrationSettings& settings = out.settings;
  settings.dimensions = split.calibrated.size();
  if (plan.max_simulations > 0) settings.history.max_simulations = plan.max_simulations;
  calibration::Calibration(settings, data.targets);  // validates (InputError) before any work

  PendingOutput pending(plan.output_path, plan.overwrite);
  const std::string state_path = saved_state_path(plan.output_path);
  const StateIdentity identity = state_identity(study, data, plan, out.parameters);
  std::optional<SavedState> saved;
  std::error_code ec;
  if (plan.resume) {
    saved = load_state(state_path);
    if (!saved) {
      say("no saved calibration beside " + plan.output_path + ": starting afresh");
    } else if (const std::string diff = identity.difference(saved->identity); !diff.empty()) {
      throw InputError("cannot resume the calibration saved in " + state_path + ": " + diff +
                       " (run with the same study, data and seed, or --overwrite to start again)");
    }
  } else if (std::filesystem::exists(state_path, ec)) {
    if (!plan.overwrite)
      throw OutputError(state_path + ": an unfinished calibration of " + plan.output_path +
                        " saved its state here: add --resume to finish it, or --overwrite to "
                        "start again");
    std::filesystem::remove(state_path, ec);
  }

  const StudySimulator simulator(study, data, split, settings.seed, plan.threads, stop);
  // The core's limits are not part of its identity: the posterior's budget is what the history
  // matching left of the total.
  const auto calibration_for = [&](const calibration::CalibrationState& s) {
    calibration::CalibrationSettings limited = settings;
    if (plan.max_simulations > 0) {
      limited.posterior.max_simulations = plan.max_simulations > s.history_simulations
                                              ? plan.max_simulations - s.history_simulations
                                              : 0;
    }
    return calibration::Calibration(limited, data.targets);
  };
  calibration::CalibrationState state;
  if (saved) {
    state = std::move(saved->state);
    calibration_for(state).check_resumable(state);
    result.resumed = true;
    say("resuming the calibration saved in " + state_path + ": " +
        std::to_string(state.waves.size()) + " waves and " + std::to_string(state.steps.size()) +
        " posterior steps done");
  } else {
    state = calibration_for(state).start();
  }
  while (state.phase != calibration::Phase::done) {
    const auto step_started = std::chrono::steady_clock::now();
    try {
      calibration_for(state).advance(state, std::cref(simulator));
    } catch (const calibration::NoPlausibleRegion& e) {
      std::filesystem::remove(state_path, ec);  // nothing to resume: the data do not fit
      throw with_parameter_names(e, out.parameters);
    } catch (const calibration::CalibrationBudgetExhausted& e) {
      throw calibration::CalibrationBudgetExhausted(
          std::string(e.what()) + "; the calibration so far is saved in " + state_path +
          ": run the same command with --resume and a larger --max-simulations");
    } catch (const Interrupted&) {
      if (std::filesystem::exists(state_path, ec))
        say("calibration saved in " + state_path +
            ": run the same command with --resume to finish");
      throw;
    }
    save_state(state_path, identity, state);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - step_started).count();
    const bool wave = state.steps.empty();
    say(wave ? wave_line(state, settings.dimensions, settings.history.cutoff, seconds)
             : step_line(state, seconds));
  }

  // Posterior predictive: each draw once more, on streams no wave or step used.
  const std::size_t d = settings.dimensions, J = data.targets.size();
  const calibration::ParticleSet& particles = state.particles;
  const std::size_t N = particles.log_likelihood.size();
  calibration::SimulationBatch batch;
  batch.dimensions = d;
  batch.replicates = 1;
  batch.observations = J;
  batch.points = particles.points;
  for (std::size_t i = 0; i < N; ++i) batch.first_stream.push_back(state.next_stream + i);
  out.posterior_simulated = calibration::run_batch(std::cref(simulator), batch, data.targets);
  out.predictive_simulations = N;
  out.posterior_predictive = predictive_draws(data.targets, out.posterior_simulated, settings.seed,
                                              PredictivePurpose::posterior);
  // Prior predictive: wave 1 is a Latin hypercube of the prior; its replicate 0.
  const calibration::WaveRecord& first = state.waves.front();
  const std::size_t n1 = first.points.size() / d, m = settings.replicates;
  out.prior_points = first.points;
  for (std::size_t i = 0; i < n1; ++i)
    for (std::size_t j = 0; j < J; ++j) out.prior_simulated.push_back(first.outputs[i * m * J + j]);
  out.prior_predictive =
      predictive_draws(data.targets, out.prior_simulated, settings.seed, PredictivePurpose::prior);
  const auto values = [&](const std::vector<double>& u) {
    std::vector<double> x(u.size());
    for (std::size_t i = 0; i < u.size(); ++i) {
      const ParameterDecl& decl = study.parameters[split.calibrated[i % d]];
      x[i] = ParameterSampler::value(decl.dist, decl.range, u[i]);
    }
    return x;
  };
  out.posterior_values = values(particles.points);
  out.prior_values = values(out.prior_points);
  out.state = std::move(state);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  result.trajectories = simulator.trajectories();

  write_calibration_file(pending.temporary_path(), study, data, out);
  pending.commit();
  std::filesystem::remove(state_path, ec);  // the posterior is safe: the state has served
  return result;
}

}  // namespace fundsim
