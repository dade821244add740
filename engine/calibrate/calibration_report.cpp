#include "calibrate/calibration_report.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "calibration/tempering.hpp"
#include "errors.hpp"
#include "output/h5.hpp"
#include "study/study.hpp"
#include "uncertainty/sampler.hpp"

namespace fundsim {

namespace {

// Type-7 quantiles (Hyndman & Fan 1996) of column c of a rows x columns matrix.
Interval column_interval(const std::vector<double>& matrix, std::size_t columns, std::size_t c) {
  std::vector<double> v;
  for (std::size_t i = c; i < matrix.size(); i += columns) v.push_back(matrix[i]);
  return Interval{calibration::sample_quantile(v, 0.5), calibration::sample_quantile(v, 0.05),
                  calibration::sample_quantile(v, 0.95)};
}

// The prior's own quantiles (through the same quantile function, clamp and rounding the runs use).
Interval prior_interval(const ParameterDecl& decl) {
  const auto at = [&](double u) { return ParameterSampler::value(decl.dist, decl.range, u); };
  return Interval{at(0.5), at(0.05), at(0.95)};
}

double shrinkage(const Interval& prior, const Interval& posterior) {
  const double width = prior.p95 - prior.p5;
  return width > 0 ? 1 - (posterior.p95 - posterior.p5) / width : 0.0;
}

}  // namespace

CalibrationReport read_calibration_report(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw InputError(path + ": no such file");
  CalibrationReport r;
  r.path = path;
  h5::silence_error_stack();
  try {
    const h5::Handle file = h5::open_file_read(path);
    const hid_t root = file.id();
    if (!h5::has_attribute(root, "file_kind") ||
        h5::read_text_attribute(root, "file_kind") != "calibration")
      throw InputError(path + ": not a calibration file (no file_kind = \"calibration\")");
    const Study study = parse_study(h5::read_text_attribute(root, "study"),
                                    h5::read_text_attribute(root, "study_file"));
    r.study = study.name;
    r.observations_file = h5::read_text_attribute(root, "observations_file");
    r.history_stop = h5::read_text_attribute(root, "history_stop");
    r.history_simulations = h5::read_number_attribute(root, "history_simulations");
    r.posterior_simulations = h5::read_number_attribute(root, "posterior_simulations");
    r.seconds = h5::read_number_attribute(root, "run_seconds");
    const std::vector<std::string> names = h5::read_strings(root, "parameter");
    const std::vector<double> posterior = h5::read_doubles(root, "posterior_value");
    const std::size_t d = names.size();
    r.draws = d ? posterior.size() / d : 0;
    r.waves = h5::dataset_shape(root, "wave").at(0);
    r.steps = h5::dataset_shape(root, "step").at(0);
    const auto decl_of = [&](const std::string& name) -> const ParameterDecl& {
      for (const ParameterDecl& p : study.parameters)
        if (p.name == name) return p;
      throw InputError(path + ": parameter '" + name + "' is not in the stored study");
    };
    for (std::size_t c = 0; c < d; ++c) {
      ParameterReport p;
      p.name = names[c];
      p.prior = prior_interval(decl_of(p.name));
      p.posterior = column_interval(posterior, d, c);
      p.shrinkage = shrinkage(p.prior, p.posterior);
      r.parameters.push_back(p);
    }
    std::stringstream prior_only(h5::read_text_attribute(root, "prior_only_parameters"));
    for (std::string name; std::getline(prior_only, name, ',');) {
      if (name.empty()) continue;
      ParameterReport p;
      p.name = name;
      p.calibrated = false;
      p.prior = p.posterior = prior_interval(decl_of(name));
      r.parameters.push_back(p);
    }
    const std::vector<std::string> series = h5::read_strings(root, "observation_series");
    const std::vector<std::string> periods = h5::read_strings(root, "observation_period");
    const std::vector<std::string> metrics = h5::read_strings(root, "observation_metric");
    const std::vector<std::string> sources = h5::read_strings(root, "observation_source");
    const std::vector<double> values = h5::read_doubles(root, "observation_value");
    const std::vector<double> predictive = h5::read_doubles(root, "posterior_predictive");
    const std::vector<double> prior_predictive = h5::read_doubles(root, "prior_predictive");
    const std::size_t J = values.size();
    for (std::size_t j = 0; j < J; ++j) {
      ObservationReport o;
      o.series = series[j];
      o.period = periods[j];
      o.metric = metrics[j];
      o.source = sources[j];
      o.value = values[j];
      o.predictive = column_interval(predictive, J, j);
      o.prior_predictive = column_interval(prior_predictive, J, j);
      o.covered = o.predictive.p5 <= o.value && o.value <= o.predictive.p95;
      r.observations.push_back(o);
    }
  } catch (const OutputError& e) {
    throw InputError(path + ": cannot read the calibration file: " + e.what());
  }
  return r;
}

}  // namespace fundsim
