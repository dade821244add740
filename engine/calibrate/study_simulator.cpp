#include "calibrate/study_simulator.hpp"

#include <algorithm>
#include <memory>

#include "errors.hpp"

namespace fundsim {

int calibration_policy_months(const Study& study, calibration::Month last_observed) {
  const calibration::Month first = first_simulated_month(study);
  const int needed = last_observed.index - first.index + 1 - study.run.history_months;
  return std::clamp(needed, 1, study.run.months);
}

Study calibration_study(const Study& study, int policy_months) {
  Study reduced = study;
  Scenario baseline = study.scenarios[study.baseline];
  baseline.sweep.clear();  // named scenarios keep their monthly series
  reduced.scenarios = {baseline};
  reduced.baseline = 0;
  reduced.objectives.clear();
  reduced.run.months = policy_months;
  return reduced;
}

StudySimulator::StudySimulator(const Study& study, const CalibrationData& data,
                               const ParameterSplit& split, std::uint64_t seed, unsigned threads,
                               const std::atomic<int>* stop)
    : reduced_(calibration_study(study, calibration_policy_months(study, data.last_month))),
      calibrated_(split.calibrated),
      observations_(data.observations),
      first_month_(first_simulated_month(study)),
      seed_(seed),
      threads_(std::max(1U, threads)),
      stop_(stop) {
  for (const calibration::Observation& o : observations_) {
    const Metric metric = *find_metric(o.metric);
    std::size_t k = MonthlySeries::kAllClasses;
    if (!o.class_name.empty()) {
      k = static_cast<std::size_t>(
          std::find(study.classes.begin(), study.classes.end(), o.class_name) -
          study.classes.begin());
      if (!metric_info(metric).per_class) k = MonthlySeries::kAllClasses;  // one value anyway
    }
    const MonthlySeries series(metric, k);
    const auto it = std::find(series_.begin(), series_.end(), series);
    series_of_.push_back(static_cast<std::size_t>(it - series_.begin()));
    if (it == series_.end()) series_.push_back(series);
  }
}

std::vector<double> StudySimulator::study_uniforms(std::span<const double> points) const {
  const std::size_t d = calibrated_.size(), P = reduced_.parameters.size();
  const std::size_t n = points.size() / d;
  std::vector<double> rows(n * P, 0.5);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) rows[i * P + calibrated_[j]] = points[i * d + j];
  return rows;
}

void StudySimulator::operator()(const calibration::SimulationBatch& batch,
                                std::span<double> outputs) const {
  const std::size_t n = batch.size(), m = batch.replicates, J = observations_.size();
  if (n == 0) return;
  if (batch.dimensions != calibrated_.size() || batch.observations != J)
    throw Error("calibration batch of " + std::to_string(batch.dimensions) + " dimensions and " +
                std::to_string(batch.observations) + " observations, expected " +
                std::to_string(calibrated_.size()) + " and " + std::to_string(J));
  // One explicit replicate per (request, replicate): the request's point, stream first + r.
  const std::vector<double> points = study_uniforms(batch.points);
  const std::size_t P = reduced_.parameters.size();
  std::vector<double> rows;
  rows.reserve(n * m * P);
  ReplicateDesign design;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t r = 0; r < m; ++r) {
      rows.insert(rows.end(), points.begin() + static_cast<std::ptrdiff_t>(i * P),
                  points.begin() + static_cast<std::ptrdiff_t>((i + 1) * P));
      design.streams.push_back(batch.first_stream[i] + r);
    }
  }
  design.uniforms = std::make_shared<ExplicitUniforms>(std::move(rows), P);
  EvaluationRequest request;
  request.replicates = n * m;
  request.seed = seed_;
  request.threads = threads_;
  request.monthly = series_;
  request.design = &design;
  RunHooks hooks;
  hooks.stop = stop_;
  const Evaluation e = evaluate(reduced_, request, hooks);
  trajectories_ += n * m;

  const std::size_t Q = series_.size(), T = e.months;
  std::vector<double> monthly(T);
  for (std::size_t row = 0; row < n * m; ++row) {
    for (std::size_t j = 0; j < J; ++j) {
      const std::int64_t* values = &e.monthly[(row * Q + series_of_[j]) * T];
      std::copy(values, values + T, monthly.begin());
      outputs[row * J + j] = calibration::simulated_value(observations_[j], first_month_, monthly);
    }
  }
}

}  // namespace fundsim
