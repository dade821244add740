#pragma once
// A declared parameter: its name, its value (fixed or a distribution), the range it must stay in
// and where the study declared it. The uncertainty layer samples it; the study layer reads and
// validates it; neither needs the other for this.
#include <limits>
#include <string>

#include "uncertainty/distribution.hpp"

namespace fundsim {

// Valid range of a parameter (docs/model.md §7 "Valid ranges"). Bounds are inclusive unless
// *_open; an infinite bound is always open.
struct ValidRange {
  double lo = 0.0;
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;
  bool integer = false;  // counts: a fixed value must be an integer; draws are rounded to nearest

  bool contains(double v) const {
    if (!(v == v)) return false;  // NaN
    if (lo_open ? !(v > lo) : !(v >= lo)) return false;
    if (hi_open ? !(v < hi) : !(v <= hi)) return false;
    return true;
  }
  // Nearest value inside the range (an open bound gives the nearest double strictly inside it);
  // NaN is returned unchanged; integer-ness is ignored.
  double clamp(double v) const;
};

// One declared parameter after parsing: full name ("onset_growth", "groomer.contact",
// "prevention.onset.max_effect"), its distribution, its valid range and where it was declared.
struct ParameterDecl {
  std::string name;
  Distribution dist;
  ValidRange range;
  int line = 0;  // location in the study file, for messages
  int column = 0;
};

}  // namespace fundsim
