#include "sensitivity/scrambled_sobol.hpp"

#include <bit>
#include <boost/random/sobol.hpp>
#include <string>

#include "errors.hpp"
#include "random/stream.hpp"
#include "sensitivity/draw_sites.hpp"

namespace fundsim::sensitivity {
namespace {

using BoostSobol = boost::random::sobol_engine<std::uint32_t, 32>;

// Direction number k of every dimension, read through Boost's public interface: after
// seed(n) the engine holds the point of Gray code gray(n + 1), and gray(2^(k+1) - 1) = 2^k
// selects direction number k alone.
std::vector<std::uint32_t> boost_directions(std::size_t dimensions, unsigned bits) {
  BoostSobol engine(dimensions);
  std::vector<std::uint32_t> out(bits * dimensions);
  for (unsigned k = 0; k < bits; ++k) {
    engine.seed(static_cast<std::uint32_t>((std::uint64_t{1} << (k + 1)) - 2));
    for (std::size_t d = 0; d < dimensions; ++d) out[k * dimensions + d] = engine();
  }
  return out;
}

// L x for the 32 digits of x (bit 31 = first digit): columns[j] is column j of L.
std::uint64_t multiply(const std::uint64_t (&columns)[32], std::uint32_t x) {
  std::uint64_t y = 0;
  for (unsigned j = 0; j < 32; ++j) {
    if ((x >> (31 - j)) & 1u) y ^= columns[j];
  }
  return y;
}

}  // namespace

std::size_t ScrambledSobol::max_dimensions() {
  return boost::random::default_sobol_table::max_dimension;
}

ScrambledSobol::ScrambledSobol(std::size_t dimensions, std::uint64_t seed, Scrambling scrambling)
    : dimensions_(dimensions), seed_(seed) {
  if (dimensions == 0 || dimensions > max_dimensions()) {
    throw InputError("Sobol' sequence: " + std::to_string(dimensions) +
                     " dimensions requested; between 1 and " + std::to_string(max_dimensions()) +
                     " are supported");
  }
  const std::vector<std::uint32_t> raw = boost_directions(dimensions, kBits);
  directions_.resize(raw.size());
  shifts_.assign(dimensions, 0);
  for (std::size_t d = 0; d < dimensions; ++d) {
    std::uint64_t columns[32];
    for (unsigned j = 0; j < 32; ++j) columns[j] = std::uint64_t{1} << (63 - j);
    if (scrambling == Scrambling::linear_matrix_and_shift) {
      // Column j: unit diagonal at digit j, uniform random digits below it (rows j+1..63).
      Stream stream(StreamKey{seed, d}, kDomain, kSiteSobolScramble);
      for (unsigned j = 0; j < 32; ++j) {
        const std::uint64_t below = columns[j] - 1;
        columns[j] |= stream.bits() & below;
      }
      shifts_[d] = stream.bits();
    }
    for (unsigned k = 0; k < kBits; ++k) {
      directions_[k * dimensions + d] = multiply(columns, raw[k * dimensions + d]);
    }
  }
}

std::uint64_t ScrambledSobol::digits(std::uint64_t index, std::size_t dimension) const {
  if (index >= kMaxPoints || dimension >= dimensions_) {
    throw InputError("Sobol' sequence: point " + std::to_string(index) + ", dimension " +
                     std::to_string(dimension) + " is outside 2^32 points x " +
                     std::to_string(dimensions_) + " dimensions");
  }
  std::uint64_t y = shifts_[dimension];
  for (std::uint64_t gray = index ^ (index >> 1); gray != 0; gray &= gray - 1) {
    const auto k = static_cast<std::size_t>(std::countr_zero(gray));
    y ^= directions_[k * dimensions_ + dimension];
  }
  return y;
}

void ScrambledSobol::point(std::uint64_t index, std::span<double> out) const {
  if (out.size() != dimensions_) {
    throw Error("Sobol' sequence: output has " + std::to_string(out.size()) + " slots for " +
                std::to_string(dimensions_) + " dimensions");
  }
  if (index >= kMaxPoints) {
    throw InputError("Sobol' sequence: point " + std::to_string(index) + " is beyond 2^32");
  }
  std::vector<std::uint64_t> y(shifts_);
  for (std::uint64_t gray = index ^ (index >> 1); gray != 0; gray &= gray - 1) {
    const std::uint64_t* row = &directions_[std::countr_zero(gray) * dimensions_];
    for (std::size_t d = 0; d < dimensions_; ++d) y[d] ^= row[d];
  }
  for (std::size_t d = 0; d < dimensions_; ++d) out[d] = Stream::uniform_from_bits(y[d]);
}

std::vector<double> ScrambledSobol::point(std::uint64_t index) const {
  std::vector<double> out(dimensions_);
  point(index, out);
  return out;
}

std::vector<double> ScrambledSobol::points(std::uint64_t first, std::uint64_t count) const {
  if (count == 0) return {};
  if (first >= kMaxPoints || count > kMaxPoints - first) {
    throw InputError("Sobol' sequence: points " + std::to_string(first) + " + " +
                     std::to_string(count) + " exceed 2^32");
  }
  std::vector<double> out(count * dimensions_);
  std::vector<std::uint64_t> y(dimensions_);
  for (std::size_t d = 0; d < dimensions_; ++d) y[d] = digits(first, d);
  for (std::uint64_t i = 0;; ++i) {
    for (std::size_t d = 0; d < dimensions_; ++d) {
      out[i * dimensions_ + d] = Stream::uniform_from_bits(y[d]);
    }
    if (i + 1 == count) break;
    // gray(n + 1) = gray(n) xor 2^(trailing zeros of n + 1).
    const std::uint64_t* row = &directions_[std::countr_zero(first + i + 1) * dimensions_];
    for (std::size_t d = 0; d < dimensions_; ++d) y[d] ^= row[d];
  }
  return out;
}

}  // namespace fundsim::sensitivity
