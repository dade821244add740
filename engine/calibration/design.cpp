#include "calibration/design.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "calibration/algorithm_stream.hpp"

namespace fundsim::calibration {

std::vector<double> latin_hypercube(std::uint64_t seed, std::size_t n, std::size_t d) {
  std::vector<double> points(n * d);
  const double dn = static_cast<double>(n);
  std::vector<std::size_t> stratum(n);
  for (std::size_t j = 0; j < d; ++j) {
    Stream stream = algorithm_stream(seed, Purpose::design, 0, j);
    std::iota(stratum.begin(), stratum.end(), std::size_t{0});
    // Fisher–Yates shuffle; floor(u * (i + 1)) with a 52-bit u is uniform on 0..i up to a bias
    // below i / 2^52.
    for (std::size_t i = n; i-- > 1;) {
      const auto pick =
          std::min(i, static_cast<std::size_t>(stream.uniform() * static_cast<double>(i + 1)));
      std::swap(stratum[i], stratum[pick]);
    }
    for (std::size_t i = 0; i < n; ++i) {
      const double lo = static_cast<double>(stratum[i]) / dn;
      const double hi = static_cast<double>(stratum[i] + 1) / dn;
      // Inside its stratum and strictly inside (0,1) despite rounding.
      double x = (static_cast<double>(stratum[i]) + stream.uniform()) / dn;
      x = std::clamp(x, lo, std::nextafter(hi, 0.0));
      points[i * d + j] = std::clamp(x, 0x1.0p-53, 1.0 - 0x1.0p-53);
    }
  }
  return points;
}

}  // namespace fundsim::calibration
