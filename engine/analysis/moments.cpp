#include "analysis/moments.hpp"

#include <cmath>
#include <limits>

namespace fundsim {

double Moments::mean() const {
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(static_cast<long double>(sum) / static_cast<long double>(n));
}

double Moments::sd() const {
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  // n * sum_squares - sum^2 exactly when it fits in 128 bits, else in long double.
  int128 scaled = 0;
  int128 square = 0;
  long double spread;
  if (!__builtin_mul_overflow(static_cast<int128>(n), sum_squares, &scaled) &&
      !__builtin_mul_overflow(sum, sum, &square)) {
    spread = static_cast<long double>(scaled - square);
  } else {
    spread = static_cast<long double>(n) * static_cast<long double>(sum_squares) -
             static_cast<long double>(sum) * static_cast<long double>(sum);
  }
  const long double nn = static_cast<long double>(n);
  const long double variance = spread / (nn * (nn - 1));
  return static_cast<double>(std::sqrt(variance < 0 ? 0.0L : variance));
}

}  // namespace fundsim
