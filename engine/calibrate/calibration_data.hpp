#pragma once
// What a study is calibrated to (docs/calibration.md §2): the observations file named by its
// [calibration] table (or given with --data), read with the core's located errors against the
// study's metrics, classes and simulated months, and turned into targets with the model
// discrepancy.
#include <optional>
#include <string>
#include <vector>

#include "calibration/observation_model.hpp"
#include "calibration/observations.hpp"
#include "calibration/period.hpp"
#include "study/study.hpp"

namespace fundsim {

struct CalibrationData {
  std::string path;    // the file read
  std::string text;    // its bytes, stored in the posterior file
  std::string sha256;  // of `text`
  double discrepancy = 0.1;
  std::vector<calibration::Observation> observations;
  std::vector<calibration::Target> targets;  // in the same order
  calibration::Month last_month;             // the last month any observation covers
};

// Month 0 of the study's simulation (history_start, or start without a history) and its last
// simulated month.
calibration::Month first_simulated_month(const Study& study);
calibration::Month last_simulated_month(const Study& study);

// Count metrics (a level such as capacity has no observable count), the study's classes, and
// the simulated months as the window every observation must lie in.
calibration::ObservationVocabulary observation_vocabulary(const Study& study);

// Reads `data_path` if given, else the study's [calibration] observations. `discrepancy`, if
// given, replaces the study's. InputError (located in the study or the CSV file) when there is
// nothing to read or the file is malformed.
CalibrationData load_calibration_data(const Study& study, const std::string& data_path,
                                      std::optional<double> discrepancy);

}  // namespace fundsim
