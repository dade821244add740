#pragma once
// A parameter's value: a fixed number or an uncertainty distribution (docs/study-format.md §4).
#include <limits>
#include <string>
#include <vector>

namespace fundsim {

enum class DistKind { fixed, uniform, normal, lognormal, beta, gamma, triangular, pert };

// Parameters by kind (unused ones are 0):
//   fixed:      a = value
//   uniform:    a = min,  b = max
//   normal:     a = mean, b = sd, lo/hi = truncation bounds (infinite when absent)
//   lognormal:  a = median, b = gsd (> 1)
//   beta:       a = a, b = b
//   gamma:      a = shape, b = scale
//   triangular: a = min, b = mode, c = max
//   pert:       a = min, b = mode, c = max
struct Distribution {
  DistKind kind = DistKind::fixed;
  double a = 0.0;
  double b = 0.0;
  double c = 0.0;
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool clamp = false;  // clamp draws to the parameter's valid range (only when the study says so)

  static Distribution fixed_value(double v) { return Distribution{DistKind::fixed, v}; }
  bool is_fixed() const { return kind == DistKind::fixed; }

  // Inverse CDF at u in (0,1). For `fixed`, returns the value. Otherwise the result is finite
  // and lies strictly inside (support_min(), support_max()) when that interval holds a double
  // (rounding is kept off the end points). Throws NumericError for u outside (0,1), for a
  // non-finite result, or when Boost.Math fails; call check_distribution() first.
  double quantile(double u) const;
  double median() const { return quantile(0.5); }
  // Smallest and largest values the distribution can produce (may be infinite).
  double support_min() const;
  double support_max() const;
  // Human-readable form for messages, e.g. "uniform(min=0, max=0.1)".
  std::string describe() const;
};

// Checks the distribution's own parameters (e.g. gsd > 1, min <= mode <= max).
// Returns an empty string when valid, else a message naming the offending field.
std::string check_distribution(const Distribution& d);

const char* dist_kind_name(DistKind kind);

// How a study writes each distribution (docs/study-format.md §4): its name and its keys, the
// required ones mapped to a, b, c in order. One table for the study reader and `fundsim schema`.
struct DistributionKind {
  DistKind kind;
  const char* name;
  std::vector<std::string> required;
  std::vector<std::string> optional;  // normal: truncation bounds lo, hi
};
const std::vector<DistributionKind>& distribution_kinds();  // every kind but `fixed`

}  // namespace fundsim
