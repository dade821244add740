#pragma once
// SHA-256 (FIPS 180-4) through Nettle: of the study text, stored in the output for provenance,
// and the checksum of run state, which is hashed as it streams to disk.
#include <nettle/sha2.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace fundsim {

class Sha256 {
 public:
  Sha256() { sha256_init(&context_); }
  void update(std::span<const std::uint8_t> data) {
    sha256_update(&context_, data.size(), data.data());
  }
  void update(std::string_view data) {
    update(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data.data()),
                                         data.size()));
  }
  // The digest in lower-case hex; ends the hash (Nettle then starts a new one).
  std::string hex_digest();

 private:
  sha256_ctx context_;
};

std::string sha256_hex(std::string_view data);

}  // namespace fundsim
