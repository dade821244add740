#pragma once
// Randomised Sobol' sequence with random access (Sobol' 1967; direction numbers of Joe & Kuo
// 2008 as tabulated by Boost.Random), scrambled by Matoušek's (1998) random linear matrix
// scramble plus a digital shift.
//
// Point i (0 <= i < 2^32) is the Sobol' point of Gray-code rank i, so the unscrambled
// sequence is Boost's sobol_engine sequence with the origin prepended. Scrambling maps each
// coordinate's binary digits x = (x_1, x_2, ...) to y = L x + e (mod 2): L is a random 64 x 32
// lower-triangular bit matrix with unit diagonal, e a random 64-bit shift, both per dimension
// and keyed by the seed through Philox. Because L's leading m x m block is invertible for every
// m, the first m digits of y depend bijectively on the first m digits of x: every (t, m, s)-net
// property of the sequence is kept (each 1-D projection of points [k 2^m, (k+1) 2^m) hits each
// interval [j 2^-m, (j+1) 2^-m) once), while each point is marginally uniform. Coordinates
// are (k + 1/2) 2^-52 for k = the top 52 digits of y, so they are never 0 or 1 and stay in
// their 2^-m interval for m <= 52.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace fundsim::sensitivity {

enum class Scrambling {
  none,                    // plain Sobol' points offset by 2^-53 (for tests and comparisons)
  linear_matrix_and_shift  // Matoušek (1998)
};

class ScrambledSobol {
 public:
  static constexpr std::uint64_t kMaxPoints = std::uint64_t{1} << 32;
  static std::size_t max_dimensions();  // Boost's table: 3667

  // Throws InputError unless 1 <= dimensions <= max_dimensions().
  ScrambledSobol(std::size_t dimensions, std::uint64_t seed,
                 Scrambling scrambling = Scrambling::linear_matrix_and_shift);

  std::size_t dimensions() const { return dimensions_; }
  std::uint64_t seed() const { return seed_; }

  // Coordinate `dimension` of point `index` as a 64-bit binary fraction (bit 63 = 1/2).
  // Throws InputError for index >= kMaxPoints or dimension >= dimensions().
  std::uint64_t digits(std::uint64_t index, std::size_t dimension) const;
  // Point `index` into out (size dimensions()), each coordinate in (0,1).
  void point(std::uint64_t index, std::span<double> out) const;
  std::vector<double> point(std::uint64_t index) const;
  // Points first .. first+count-1, row-major (count x dimensions), generated one from the
  // previous by the Gray-code recurrence (Antonov & Saleev 1979); equals point() row by row.
  std::vector<double> points(std::uint64_t first, std::uint64_t count) const;

 private:
  static constexpr unsigned kBits = 32;
  std::size_t dimensions_;
  std::uint64_t seed_;
  // directions_[k * dimensions_ + d]: L_d times direction number k of dimension d.
  std::vector<std::uint64_t> directions_;
  std::vector<std::uint64_t> shifts_;  // e_d
};

}  // namespace fundsim::sensitivity
