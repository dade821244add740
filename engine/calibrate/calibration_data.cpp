#include "calibrate/calibration_data.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "errors.hpp"
#include "support/sha256.hpp"

namespace fundsim {

namespace {

calibration::Month year_month(const std::string& text) {  // "YYYY-MM", validated by the study
  return calibration::Month::of(std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 2)));
}

}  // namespace

calibration::Month first_simulated_month(const Study& study) {
  return year_month(study.run.history_months > 0 ? study.run.history_start : study.run.start);
}

calibration::Month last_simulated_month(const Study& study) {
  return calibration::Month{first_simulated_month(study).index + study.run.simulated_months() - 1};
}

calibration::ObservationVocabulary observation_vocabulary(const Study& study) {
  calibration::ObservationVocabulary v;
  for (Metric m : all_metrics())
    if (!is_level(m)) v.metrics.emplace_back(metric_name(m));
  v.classes = study.classes;
  v.window = calibration::Period{first_simulated_month(study), last_simulated_month(study)};
  return v;
}

CalibrationData load_calibration_data(const Study& study, const std::string& data_path,
                                      std::optional<double> discrepancy) {
  CalibrationData data;
  if (!data_path.empty()) {
    data.path = data_path;
  } else if (!study.calibration.observations.empty()) {
    data.path = study.calibration.observations_path;
  } else {
    throw InputError(study.file +
                     ": nothing to calibrate to: the study has no [calibration] table with "
                     "`observations = \"FILE.csv\"` and no --data FILE was given "
                     "(docs/calibration.md)");
  }
  std::ifstream in(data.path, std::ios::binary);
  if (!in) {
    const std::string why = std::strerror(errno);
    if (data_path.empty())
      throw InputError(study.calibration.observations_where +
                       ": cannot read the observations "
                       "file '" +
                       data.path + "': " + why);
    throw InputError(data.path + ": cannot read the observations file: " + why);
  }
  data.text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  data.sha256 = sha256_hex(data.text);
  data.observations =
      calibration::parse_observations(data.text, data.path, observation_vocabulary(study));
  data.discrepancy = discrepancy.value_or(study.calibration.discrepancy);
  if (!(data.discrepancy >= 0) || data.discrepancy > 10)
    throw InputError("fundsim calibrate: --discrepancy must be in [0, 10], got " +
                     std::to_string(data.discrepancy));
  calibration::DiscrepancySpec spec;
  spec.relative = data.discrepancy;
  data.targets = calibration::make_targets(data.observations, spec);
  data.last_month = data.observations.front().period.last;
  for (const calibration::Observation& o : data.observations)
    data.last_month = std::max(data.last_month, o.period.last);
  return data;
}

}  // namespace fundsim
