#pragma once
// Fixed-width little-endian bytes for the calibration state and the settings digest: integers
// as 8 bytes, doubles as their 8-byte IEEE-754 pattern (so values round-trip bitwise), vectors
// as a count and their elements. The reader checks every bound and throws
// CorruptCalibrationState instead of reading past the end or allocating absurd sizes.
#include <bit>
#include <boost/crc.hpp>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "calibration/calibration_errors.hpp"

namespace fundsim::calibration {

// CRC-64/XZ (ECMA-182 polynomial, reflected): detects every burst error up to 64 bits.
inline std::uint64_t crc64(std::span<const std::uint8_t> bytes) {
  boost::crc_optimal<64, 0x42F0E1EBA9EA3693ULL, ~0ULL, ~0ULL, true, true> crc;
  crc.process_bytes(bytes.data(), bytes.size());
  return crc.checksum();
}

class StateWriter {
 public:
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) bytes_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
  void text(const std::string& s) {
    u64(s.size());
    bytes_.insert(bytes_.end(), s.begin(), s.end());
  }
  void f64s(const std::vector<double>& v) {
    u64(v.size());
    for (const double x : v) f64(x);
  }
  void u64s(const std::vector<std::uint64_t>& v) {
    u64(v.size());
    for (const std::uint64_t x : v) u64(x);
  }
  std::vector<std::uint8_t>& bytes() { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
};

class StateReader {
 public:
  explicit StateReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  std::uint64_t u64() {
    need(8);
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(bytes_[pos_++]) << (8 * i);
    return v;
  }
  double f64() { return std::bit_cast<double>(u64()); }
  std::string text() {
    const std::uint64_t n = count(1);
    std::string s(bytes_.begin() + static_cast<std::ptrdiff_t>(pos_),
                  bytes_.begin() + static_cast<std::ptrdiff_t>(pos_ + n));
    pos_ += n;
    return s;
  }
  std::vector<double> f64s() {
    std::vector<double> v(count(8));
    for (double& x : v) x = f64();
    return v;
  }
  std::vector<std::uint64_t> u64s() {
    std::vector<std::uint64_t> v(count(8));
    for (std::uint64_t& x : v) x = u64();
    return v;
  }
  // A value that must be below `limit` (enums, flags).
  std::uint64_t below(std::uint64_t limit, const char* what) {
    const std::uint64_t v = u64();
    if (v >= limit) throw CorruptCalibrationState(std::string("invalid ") + what);
    return v;
  }
  bool at_end() const { return pos_ == bytes_.size(); }

 private:
  void need(std::uint64_t n) const {
    if (n > bytes_.size() - pos_) throw CorruptCalibrationState("calibration state ends early");
  }
  // An element count whose elements (of `size` bytes each) fit in what is left.
  std::uint64_t count(std::uint64_t size) {
    const std::uint64_t n = u64();
    if (n > (bytes_.size() - pos_) / size)
      throw CorruptCalibrationState(
          "calibration state ends early (a list is longer than the rest)");
    return n;
  }
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};

}  // namespace fundsim::calibration
