#include "calibrate/calibration_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "errors.hpp"
#include "output/netcdf_file.hpp"
#include "support/calendar.hpp"
#include "support/sha256.hpp"
#include "version.hpp"

namespace fundsim {

namespace {

Variable variable(std::string name, std::vector<std::string> dims, ValueType type,
                  std::string units, std::string long_name) {
  Variable v = plain_variable(std::move(name), std::move(dims), type, std::move(units),
                              std::move(long_name));
  return v;
}

const char* stop_name(calibration::HistoryStop s) {
  switch (s) {
    case calibration::HistoryStop::running:
      return "running";
    case calibration::HistoryStop::converged:
      return "converged";
    case calibration::HistoryStop::max_waves:
      return "max_waves";
    case calibration::HistoryStop::budget:
      return "budget";
  }
  return "?";
}

template <typename T, typename F>
std::vector<T> collect(std::size_t n, F f) {
  std::vector<T> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(f(i));
  return out;
}

void write_provenance(hid_t root, const Study& study, const CalibrationData& data,
                      const CalibrationOutcome& o) {
  const calibration::CalibrationSettings& s = o.settings;
  const calibration::CalibrationState& state = o.state;
  h5::set_attribute(root, "file_kind", std::string("calibration"));
  h5::set_attribute(root, "title", "fundsim calibration of study '" + study.name + "'");
  h5::set_attribute(root, "fundsim_version", std::string(kVersion));
  h5::set_attribute(root, "fundsim_git_commit", std::string(kGitCommit));
  h5::set_attribute(root, "fundsim_build_type", std::string(kBuildType));
  h5::set_attribute(root, "study_name", study.name);
  h5::set_attribute(root, "study_file", study.file);
  h5::set_attribute(root, "study", study.text);
  h5::set_attribute(root, "study_sha256", sha256_hex(study.text));
  h5::set_attribute(root, "observations_file", data.path);
  h5::set_attribute(root, "observations", data.text);
  h5::set_attribute(root, "observations_sha256", data.sha256);
  h5::set_attribute(root, "discrepancy", data.discrepancy);
  h5::set_attribute(root, "seed", std::to_string(s.seed));
  h5::set_attribute(root, "replicates_per_point", static_cast<std::int64_t>(s.replicates));
  h5::set_attribute(root, "first_wave_points",
                    static_cast<std::int64_t>(s.history.first_wave_points));
  h5::set_attribute(root, "wave_points", static_cast<std::int64_t>(s.history.wave_points));
  h5::set_attribute(root, "cutoff", s.history.cutoff);
  h5::set_attribute(root, "kth", static_cast<std::int64_t>(s.history.kth));
  h5::set_attribute(root, "keep_fraction", s.history.keep_fraction);
  h5::set_attribute(root, "max_waves", static_cast<std::int64_t>(s.history.max_waves));
  h5::set_attribute(root, "particles", static_cast<std::int64_t>(s.posterior.particles));
  h5::set_attribute(root, "max_moves", static_cast<std::int64_t>(s.posterior.max_moves));
  h5::set_attribute(root, "max_simulations", static_cast<std::int64_t>(s.history.max_simulations));
  h5::set_attribute(root, "history_start",
                    study.run.history_months > 0 ? study.run.history_start : study.run.start);
  h5::set_attribute(root, "start", study.run.start);
  h5::set_attribute(root, "policy_months_simulated", static_cast<std::int64_t>(o.policy_months));
  h5::set_attribute(root, "history_stop", std::string(stop_name(state.history_stop)));
  h5::set_attribute(root, "history_simulations",
                    static_cast<std::int64_t>(state.history_simulations));
  h5::set_attribute(root, "posterior_simulations",
                    static_cast<std::int64_t>(state.posterior_simulations));
  h5::set_attribute(root, "predictive_simulations",
                    static_cast<std::int64_t>(o.predictive_simulations));
  std::string prior_only;
  for (const std::string& p : o.prior_only) prior_only += (prior_only.empty() ? "" : ",") + p;
  h5::set_attribute(root, "prior_only_parameters", prior_only);
  h5::set_attribute(root, "command_line", o.command_line);
  h5::set_attribute(root, "created_utc", utc_timestamp());
  h5::set_attribute(root, "run_seconds", o.seconds);
}

}  // namespace

void write_calibration_file(const std::string& path, const Study& study,
                            const CalibrationData& data, const CalibrationOutcome& o) {
  const calibration::CalibrationState& state = o.state;
  const std::size_t d = o.parameters.size(), J = data.observations.size();
  const std::size_t N = state.particles.log_likelihood.size();
  const std::size_t n_prior = o.prior_points.size() / d;
  NetcdfFile file(path);
  const auto text_coordinate = [&](const std::string& name, const std::string& long_name,
                                   const std::vector<std::string>& labels) {
    file.add_coordinate(variable(name, {name}, ValueType::text, "", long_name), labels);
  };
  const auto index_coordinate = [&](const std::string& name, const std::string& long_name,
                                    std::size_t size) {
    const std::vector<std::int64_t> index =
        collect<std::int64_t>(size, [](std::size_t i) { return static_cast<std::int64_t>(i); });
    file.add_coordinate(variable(name, {name}, ValueType::i64, "", long_name), size, index.data(),
                        false);
  };
  const auto write = [&](const std::string& name, std::vector<std::string> dims,
                         const std::string& units, const std::string& long_name,
                         const auto& values) {
    using T = typename std::decay_t<decltype(values)>::value_type;
    ValueType type = ValueType::f64;
    if constexpr (std::is_same_v<T, std::int64_t>) type = ValueType::i64;
    if constexpr (std::is_same_v<T, std::int8_t>) type = ValueType::i8;
    if constexpr (std::is_same_v<T, std::string>) {
      file.write(variable(name, std::move(dims), ValueType::text, units, long_name), values);
    } else {
      file.write(variable(name, std::move(dims), type, units, long_name), values.data());
    }
  };

  text_coordinate("parameter", "calibrated parameter", o.parameters);
  text_coordinate(
      "observation", "observation (series and period)",
      collect<std::string>(J, [&](std::size_t j) { return data.observations[j].label(); }));
  index_coordinate("draw", "posterior draw", N);
  index_coordinate("prior_draw", "prior draw (wave 1's Latin hypercube)", n_prior);
  index_coordinate("wave", "history-matching wave (0 = wave 1)", state.waves.size());
  index_coordinate("step", "posterior step (0 = the initial particles)", state.steps.size());
  std::size_t points = 0;
  for (const calibration::WaveRecord& w : state.waves) points += w.points.size() / d;
  index_coordinate("point", "point evaluated by a history-matching wave", points);

  // The observations.
  const auto& obs = data.observations;
  const auto obs_text = [&](auto field) {
    return collect<std::string>(J, [&](std::size_t j) { return field(obs[j]); });
  };
  const auto obs_number = [&](auto field) {
    return collect<double>(J, [&](std::size_t j) { return field(j); });
  };
  using calibration::Observation;
  write("observation_series", {"observation"}, "", "series",
        obs_text([](const Observation& x) { return x.series; }));
  write("observation_metric", {"observation"}, "", "metric",
        obs_text([](const Observation& x) { return x.metric; }));
  write("observation_class", {"observation"}, "", "offender class (empty: all classes)",
        obs_text([](const Observation& x) { return x.class_name; }));
  write("observation_period", {"observation"}, "", "period (YYYY, YYYY-MM or a range)",
        obs_text([](const Observation& x) { return x.period.to_string(); }));
  write("observation_first_month", {"observation"}, "", "first month of the period (YYYY-MM)",
        obs_text([](const Observation& x) { return x.period.first.to_string(); }));
  write("observation_last_month", {"observation"}, "", "last month of the period (YYYY-MM)",
        obs_text([](const Observation& x) { return x.period.last.to_string(); }));
  write("observation_aggregate", {"observation"}, "", "sum over the period, or mean_per_month",
        obs_text([](const Observation& x) {
          return std::string(x.aggregate == calibration::Aggregate::sum ? "sum" : "mean_per_month");
        }));
  write("observation_model", {"observation"}, "", "observation model",
        obs_text([](const Observation& x) { return std::string(model_name(x.model)); }));
  write("observation_source", {"observation"}, "", "source of the observed number",
        obs_text([](const Observation& x) { return x.source; }));
  write("observation_value", {"observation"}, "", "observed value",
        obs_number([&](std::size_t j) { return obs[j].value; }));
  write("observation_sd", {"observation"}, "", "observation error sd (normal model; else 0)",
        obs_number([&](std::size_t j) { return obs[j].sd; }));
  write("observation_dispersion", {"observation"}, "", "negative binomial k (else 0)",
        obs_number([&](std::size_t j) { return obs[j].dispersion; }));
  write("observation_discrepancy_sd", {"observation"}, "", "model discrepancy sd",
        obs_number([&](std::size_t j) { return data.targets[j].discrepancy_sd; }));

  // The posterior.
  write("posterior_u", {"draw", "parameter"}, "1",
        "uniform of each posterior draw (the prior's quantile function maps it to the value)",
        state.particles.points);
  write("posterior_value", {"draw", "parameter"}, "", "parameter value of each posterior draw",
        o.posterior_values);
  write("posterior_log_likelihood", {"draw"}, "",
        "log of the replicate-averaged likelihood estimate of each draw",
        state.particles.log_likelihood);
  write("posterior_simulated", {"draw", "observation"}, "",
        "simulated value of each observation, one fresh replicate per posterior draw",
        o.posterior_simulated);
  write("posterior_predictive", {"draw", "observation"}, "",
        "posterior-predictive draw of each observation (with observation error and discrepancy)",
        o.posterior_predictive);
  write("prior_u", {"prior_draw", "parameter"}, "1", "uniform of each prior draw", o.prior_points);
  write("prior_value", {"prior_draw", "parameter"}, "", "parameter value of each prior draw",
        o.prior_values);
  write("prior_simulated", {"prior_draw", "observation"}, "",
        "simulated value of each observation at each prior draw (replicate 0)", o.prior_simulated);
  write("prior_predictive", {"prior_draw", "observation"}, "",
        "prior-predictive draw of each observation (with observation error and discrepancy)",
        o.prior_predictive);

  // The waves and their points.
  const auto& waves = state.waves;
  const auto wave_number = [&](auto f) {
    return collect<double>(waves.size(), [&](std::size_t w) { return f(waves[w]); });
  };
  using calibration::WaveRecord;
  write("wave_points", {"wave"}, "", "points evaluated",
        collect<std::int64_t>(waves.size(), [&](std::size_t w) {
          return static_cast<std::int64_t>(waves[w].points.size() / d);
        }));
  write("wave_kept", {"wave"}, "", "points kept (k-th largest implausibility <= the cut-off)",
        collect<std::int64_t>(
            waves.size(), [&](std::size_t w) { return static_cast<std::int64_t>(waves[w].kept); }));
  write("wave_simulations", {"wave"}, "", "trajectories simulated",
        collect<std::int64_t>(waves.size(), [&](std::size_t w) {
          return static_cast<std::int64_t>(waves[w].simulations);
        }));
  write("wave_cutoff", {"wave"}, "", "the wave's (adaptive) implausibility cut-off",
        wave_number([](const WaveRecord& w) { return w.cutoff; }));
  write("wave_acceptance", {"wave"}, "1", "share of the wave's points kept",
        wave_number([&](const WaveRecord& w) {
          return static_cast<double>(w.kept) / static_cast<double>(w.points.size() / d);
        }));
  write("wave_volume", {"wave"}, "1", "estimated share of the prior below the cut-off",
        wave_number([](const WaveRecord& w) { return w.volume; }));
  write("wave_volume_se", {"wave"}, "1", "standard error of wave_volume",
        wave_number([](const WaveRecord& w) { return w.volume_se; }));
  std::vector<std::int64_t> point_wave;
  std::vector<double> point_u, point_implausibility, point_kth;
  std::vector<std::int8_t> point_kept, point_nonimplausible;
  for (std::size_t w = 0; w < waves.size(); ++w) {
    const WaveRecord& wave = waves[w];
    const std::size_t n = wave.points.size() / d;
    for (std::size_t i = 0; i < n; ++i) {
      point_wave.push_back(static_cast<std::int64_t>(w));
      point_kept.push_back(wave.kth_implausibility[i] <= wave.cutoff ? 1 : 0);
      point_nonimplausible.push_back(wave.kth_implausibility[i] <= o.settings.history.cutoff ? 1
                                                                                             : 0);
    }
    point_u.insert(point_u.end(), wave.points.begin(), wave.points.end());
    point_implausibility.insert(point_implausibility.end(), wave.implausibility.begin(),
                                wave.implausibility.end());
    point_kth.insert(point_kth.end(), wave.kth_implausibility.begin(),
                     wave.kth_implausibility.end());
  }
  write("point_wave", {"point"}, "", "wave of the point (0 = wave 1)", point_wave);
  write("point_u", {"point", "parameter"}, "1", "uniforms of the point", point_u);
  write("point_implausibility", {"point", "observation"}, "", "implausibility per observation",
        point_implausibility);
  write("point_kth_implausibility", {"point"}, "",
        "k-th largest implausibility (k = the kth attribute)", point_kth);
  write("point_kept", {"point"}, "", "1: kept by its wave's cut-off", point_kept);
  write("point_nonimplausible", {"point"}, "", "1: k-th largest implausibility <= cutoff",
        point_nonimplausible);

  // The posterior steps.
  const auto& steps = state.steps;
  using calibration::StepRecord;
  const auto step_number = [&](auto f) {
    return collect<double>(steps.size(), [&](std::size_t i) { return f(steps[i]); });
  };
  write("step_temperature", {"step"}, "1", "temperature after the step (1: the posterior)",
        step_number([](const StepRecord& s) { return s.temperature; }));
  write("step_ess", {"step"}, "", "effective sample size after reweighting",
        step_number([](const StepRecord& s) { return s.ess; }));
  write("step_acceptance", {"step"}, "1", "Metropolis-Hastings acceptance rate of the moves",
        step_number([](const StepRecord& s) { return s.acceptance; }));
  write("step_moves", {"step"}, "", "Metropolis-Hastings moves made",
        collect<std::int64_t>(steps.size(), [&](std::size_t i) {
          return static_cast<std::int64_t>(steps[i].moves);
        }));
  write("step_simulations", {"step"}, "", "trajectories simulated",
        collect<std::int64_t>(steps.size(), [&](std::size_t i) {
          return static_cast<std::int64_t>(steps[i].simulations);
        }));
  write_provenance(file.id(), study, data, o);
  file.close();
}

PosteriorFile read_posterior_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(path + ": no such file (--parameters wants the file of fundsim calibrate)");
  PosteriorFile p;
  p.path = path;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot read: " + std::strerror(errno));
    Sha256 hash;
    char buf[1 << 16];
    while (in) {
      in.read(buf, sizeof buf);
      hash.update(std::string_view(buf, static_cast<std::size_t>(in.gcount())));
    }
    p.sha256 = hash.hex_digest();
  }
  h5::silence_error_stack();
  try {
    const h5::Handle file = h5::open_file_read(path);
    const hid_t root = file.id();
    if (!h5::has_attribute(root, "file_kind") ||
        h5::read_text_attribute(root, "file_kind") != "calibration")
      throw InputError(path +
                       ": not a calibration file (no file_kind = \"calibration\"); "
                       "--parameters wants the file of fundsim calibrate");
    p.study_name = h5::read_text_attribute(root, "study_name");
    p.parameters = h5::read_strings(root, "parameter");
    p.u = h5::read_doubles(root, "posterior_u");
    p.values = h5::read_doubles(root, "posterior_value");
    const std::size_t d = p.parameters.size();
    if (d == 0 || p.u.empty() || p.u.size() % d != 0 || p.values.size() != p.u.size())
      throw InputError(path + ": the posterior sample is empty or its shape is inconsistent");
    p.draws = p.u.size() / d;
  } catch (const OutputError& e) {
    throw InputError(path + ": cannot read the calibration file: " + e.what());
  }
  return p;
}

}  // namespace fundsim
