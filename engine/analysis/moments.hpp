#pragma once
// Exact running sums for mean and standard deviation of integer (or fixed-point) values.
// Integer sums are associative, so results do not depend on thread or merge order.
#include <cstdint>

namespace fundsim {

__extension__ using int128 = __int128;  // GCC/Clang extension; exact sums of squares
__extension__ using uint128 = unsigned __int128;

struct Moments {
  std::uint64_t n = 0;
  int128 sum = 0;
  int128 sum_squares = 0;

  void add(std::int64_t x) {
    ++n;
    sum += x;
    sum_squares += static_cast<int128>(x) * x;
  }
  // Adds a batch whose count, sum and sum of squares were accumulated elsewhere.
  void add_batch(std::uint64_t count, int128 batch_sum, int128 batch_sum_squares) {
    n += count;
    sum += batch_sum;
    sum_squares += batch_sum_squares;
  }
  void merge(const Moments& o) {
    n += o.n;
    sum += o.sum;
    sum_squares += o.sum_squares;
  }
  double mean() const;
  double sd() const;  // sample standard deviation (n - 1); NaN for n < 2
};

}  // namespace fundsim
