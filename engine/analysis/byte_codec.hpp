#pragma once
// A small, portable byte format for mergeable run state (checkpoints, shards, MPI ranks):
// unsigned LEB128 varints, zig-zag for signed values, 128-bit integers as two varints.
// The reader checks every bound and throws CorruptState rather than reading past the end.
#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "analysis/moments.hpp"

namespace fundsim {

// Bytes that do not decode (truncated or damaged file). Callers add the file name.
class CorruptState : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Receives encoded bytes piece by piece.
using ByteSink = std::function<void(std::span<const std::uint8_t>)>;

class ByteWriter {
 public:
  // Without a sink the bytes collect in bytes(); with one they are handed over about every
  // `piece` bytes and at flush(), so a large state streams to disk in bounded memory.
  ByteWriter() = default;
  explicit ByteWriter(ByteSink sink, std::size_t piece = std::size_t{1} << 20)
      : sink_(std::move(sink)), piece_(piece) {
    bytes_.reserve(piece_ + 64);
  }
  void u64(std::uint64_t v) {
    while (v >= 0x80) {
      bytes_.push_back(static_cast<std::uint8_t>(v | 0x80));
      v >>= 7;
    }
    bytes_.push_back(static_cast<std::uint8_t>(v));
    if (bytes_.size() >= piece_) flush();
  }
  void i64(std::int64_t v) {
    u64((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void i128(int128 v) {
    const auto u = static_cast<uint128>(v);
    u64(static_cast<std::uint64_t>(u));
    u64(static_cast<std::uint64_t>(u >> 64));
  }
  void text(const std::string& s) {
    u64(s.size());
    for (const char c : s) bytes_.push_back(static_cast<std::uint8_t>(c));
    if (bytes_.size() >= piece_) flush();
  }
  // Hands the pending bytes to the sink (no-op without one).
  void flush() {
    if (!sink_ || bytes_.empty()) return;
    sink_(bytes_);
    bytes_.clear();
  }
  std::vector<std::uint8_t>& bytes() { return bytes_; }

 private:
  ByteSink sink_;
  std::size_t piece_ = SIZE_MAX;
  std::vector<std::uint8_t> bytes_;
};

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= bytes_.size()) throw CorruptState("state ends early");
      const std::uint8_t b = bytes_[pos_++];
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    throw CorruptState("malformed varint");
  }
  std::int64_t i64() {
    const std::uint64_t u = u64();
    return static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
  }
  int128 i128() {
    const std::uint64_t lo = u64();
    const std::uint64_t hi = u64();
    return static_cast<int128>((static_cast<uint128>(hi) << 64) | lo);
  }
  std::string text() {
    const std::uint64_t n = u64();
    if (n > bytes_.size() - pos_) throw CorruptState("state ends early");
    std::string s(bytes_.begin() + static_cast<std::ptrdiff_t>(pos_),
                  bytes_.begin() + static_cast<std::ptrdiff_t>(pos_ + n));
    pos_ += n;
    return s;
  }
  // A count that must not exceed `limit` (guards allocations against damaged input).
  std::uint64_t bounded(std::uint64_t limit, const char* what) {
    const std::uint64_t n = u64();
    if (n > limit) throw CorruptState(std::string("implausible ") + what);
    return n;
  }
  bool at_end() const { return pos_ == bytes_.size(); }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};

}  // namespace fundsim
