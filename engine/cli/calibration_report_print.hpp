#pragma once
// `fundsim calibrate --report`: the report of a calibration file as a table or JSON
// (docs/calibration.md §4).
#include <ostream>

#include "calibrate/calibration_report.hpp"

namespace fundsim::cli {

void print_calibration_report(std::ostream& out, const CalibrationReport& report, bool json);

}  // namespace fundsim::cli
