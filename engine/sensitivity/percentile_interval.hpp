#pragma once
// Percentile bootstrap intervals (Efron & Tibshirani 1993, ch. 13).
#include <limits>
#include <vector>

namespace fundsim::sensitivity {

struct Interval {
  double lower = std::numeric_limits<double>::quiet_NaN();
  double upper = std::numeric_limits<double>::quiet_NaN();
};

// The (1 - confidence)/2 and (1 + confidence)/2 quantiles of the replicates' estimates
// (linear interpolation between order statistics, Hyndman & Fan 1996 type 7). Estimates that
// are NaN (a replicate without variance) are left out; NaN bounds if none remain.
// Throws InputError unless 0 < confidence < 1.
Interval percentile_interval(std::vector<double> estimates, double confidence);

// Throws InputError unless 0 < confidence < 1.
void check_confidence(double confidence);

}  // namespace fundsim::sensitivity
