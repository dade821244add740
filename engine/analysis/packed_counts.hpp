#pragma once
// Histogram bucket counts in the narrowest of 1, 2 or 4 bytes per bucket that holds the
// largest count, widened (never narrowed) when a count would overflow. A summary holds
// thousands of histograms whose buckets mostly count far fewer than 65,536 replicates, so this
// halves (or quarters) their memory; the counts, and so every quantile, are exactly those of
// 32-bit counts. The width depends on the counts alone (the narrowest that holds the largest,
// or wider if asked for), never on the order values or merges arrive in; and no output reads
// it. 24 bytes in place (a summary holds 13 of these per cell, most of them empty).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <utility>

namespace fundsim {

class PackedCounts {
 public:
  PackedCounts() = default;
  PackedCounts(const PackedCounts& other)
      : size_(other.size_), capacity_(other.size_), width_(other.width_) {
    if (size_ == 0) return;
    bytes_ = std::make_unique<std::uint8_t[]>(std::size_t{size_} * width_);
    std::memcpy(bytes_.get(), other.bytes_.get(), std::size_t{size_} * width_);
  }
  PackedCounts(PackedCounts&& other) noexcept
      : bytes_(std::move(other.bytes_)),
        size_(std::exchange(other.size_, 0)),
        capacity_(std::exchange(other.capacity_, 0)),
        width_(std::exchange(other.width_, std::uint8_t{1})) {}
  PackedCounts& operator=(const PackedCounts& other) {
    if (this != &other) *this = PackedCounts(other);
    return *this;
  }
  PackedCounts& operator=(PackedCounts&& other) noexcept {
    bytes_ = std::move(other.bytes_);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
    width_ = std::exchange(other.width_, std::uint8_t{1});
    return *this;
  }
  ~PackedCounts() = default;

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::size_t capacity() const { return capacity_; }
  // Bytes per count: 1, 2 or 4.
  unsigned width() const { return width_; }
  // Heap bytes held (capacity, not size).
  std::size_t allocated_bytes() const { return std::size_t{capacity_} * width_; }

  std::uint32_t operator[](std::size_t i) const { return load(bytes_.get() + i * width_, width_); }
  // One more in count i: the summaries' hot path, one compare beyond the increment.
  void increment(std::size_t i) {
    std::uint8_t* p = bytes_.get() + i * width_;
    if (width_ == 1) {
      if (*p != UINT8_MAX) {
        ++*p;
        return;
      }
    } else if (width_ == 2) {
      std::uint16_t v = 0;
      std::memcpy(&v, p, sizeof v);
      if (v != UINT16_MAX) {
        ++v;
        std::memcpy(p, &v, sizeof v);
        return;
      }
    }
    add(i, 1);
  }
  // Adds c to count i, widening every count first if the sum would not fit.
  void add(std::size_t i, std::uint64_t c) {
    const std::uint64_t sum = (*this)[i] + c;
    if (sum > UINT32_MAX) throw std::overflow_error("PackedCounts: a count beyond 2^32 - 1");
    if (sum > max_of(width_)) widen_to(sum <= UINT16_MAX ? 2 : 4);
    store(bytes_.get() + i * width_, width_, static_cast<std::uint32_t>(sum));
  }
  // Every count at least `width` bytes wide (1, 2 or 4); a no-op if already as wide.
  void widen_to(unsigned width) {
    if (width > width_) reallocate(capacity_, width, 0);
  }
  // n zero counts, holding exactly n counts' bytes.
  void assign_zeros(std::size_t n) {
    bytes_ = std::make_unique<std::uint8_t[]>(n * width_);  // zeroed
    size_ = capacity_ = static_cast<std::uint32_t>(n);
  }
  // Room for n counts.
  void reserve(std::size_t n) {
    if (n > capacity_) reallocate(n, width_, 0);
  }
  // Appends zero counts up to n (no-op if already as long).
  void grow_back(std::size_t n) {
    if (n <= size_) return;
    reserve(n);
    size_ = static_cast<std::uint32_t>(n);  // bytes past size_ are always zero
  }
  // Inserts k zero counts in front.
  void grow_front(std::size_t k) {
    if (size_ + k > capacity_) {
      reallocate(size_ + k, width_, k);
    } else {
      std::memmove(bytes_.get() + k * width_, bytes_.get(), std::size_t{size_} * width_);
      std::memset(bytes_.get(), 0, k * width_);
    }
    size_ += static_cast<std::uint32_t>(k);
  }
  // Adds `from`'s counts to positions offset.. of this (which must be long enough).
  void add_from(const PackedCounts& from, std::size_t offset) {
    for (std::size_t i = 0; i < from.size(); ++i)
      if (from[i] != 0) add(offset + i, from[i]);
  }

 private:
  static std::uint64_t max_of(unsigned width) {
    return width == 1 ? UINT8_MAX : width == 2 ? UINT16_MAX : UINT32_MAX;
  }
  static std::uint32_t load(const std::uint8_t* p, unsigned width) {
    if (width == 1) return *p;
    if (width == 2) {
      std::uint16_t v = 0;
      std::memcpy(&v, p, sizeof v);
      return v;
    }
    std::uint32_t v = 0;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  static void store(std::uint8_t* p, unsigned width, std::uint32_t v) {
    if (width == 1) {
      *p = static_cast<std::uint8_t>(v);
    } else if (width == 2) {
      const auto narrow = static_cast<std::uint16_t>(v);
      std::memcpy(p, &narrow, sizeof narrow);
    } else {
      std::memcpy(p, &v, sizeof v);
    }
  }
  // A zeroed buffer of `capacity` counts `width` bytes wide, the counts copied to offset...
  void reallocate(std::size_t capacity, unsigned width, std::size_t offset) {
    auto fresh = std::make_unique<std::uint8_t[]>(capacity * width);
    for (std::size_t i = 0; i < size_; ++i)
      store(fresh.get() + (offset + i) * width, width, load(bytes_.get() + i * width_, width_));
    bytes_ = std::move(fresh);
    capacity_ = static_cast<std::uint32_t>(capacity);
    width_ = static_cast<std::uint8_t>(width);
  }

  std::unique_ptr<std::uint8_t[]> bytes_;  // capacity_ counts of width_ bytes; zero past size_
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = 0;
  std::uint8_t width_ = 1;
};

}  // namespace fundsim
