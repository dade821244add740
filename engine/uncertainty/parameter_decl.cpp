#include "uncertainty/parameter_decl.hpp"

#include <cmath>
#include <limits>

namespace fundsim {

double ValidRange::clamp(double v) const {
  if (std::isnan(v)) return v;
  if (lo_open ? !(v > lo) : !(v >= lo))
    return lo_open ? std::nextafter(lo, std::numeric_limits<double>::infinity()) : lo;
  if (hi_open ? !(v < hi) : !(v <= hi))
    return hi_open ? std::nextafter(hi, -std::numeric_limits<double>::infinity()) : hi;
  return v;
}

}  // namespace fundsim
