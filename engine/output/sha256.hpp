#pragma once
// SHA-256 (FIPS 180-4): of the study text, stored in the output for provenance, and the
// checksum of run state, which is hashed as it streams to disk.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace fundsim {

class Sha256 {
 public:
  void update(std::span<const std::uint8_t> data);
  void update(std::string_view data) {
    update(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data.data()),
                                         data.size()));
  }
  // The digest in lower-case hex; ends the hash (no update after).
  std::string hex_digest();

 private:
  std::array<std::uint32_t, 8> state_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                         0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::array<unsigned char, 64> block_{};
  std::size_t filled_ = 0;    // bytes in block_
  std::uint64_t length_ = 0;  // bytes hashed so far
};

std::string sha256_hex(std::string_view data);

}  // namespace fundsim
