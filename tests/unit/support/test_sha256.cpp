// SHA-256 against the FIPS 180-4 example vectors, one-shot and streamed in uneven pieces (the
// run state is hashed as it streams to disk).
#include <gtest/gtest.h>

#include <string>

#include "support/sha256.hpp"

namespace fundsim {
namespace {

std::string streamed(const std::string& data, std::size_t piece) {
  Sha256 hash;
  for (std::size_t i = 0; i < data.size(); i += piece)
    hash.update(std::string_view(data).substr(i, piece));
  return hash.hex_digest();
}

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(streamed(std::string(1000000, 'a'), 4093),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, StreamingMatchesOneShotAtEveryPadding) {
  // Lengths around the block and padding boundaries, in pieces of 1, 7, 64 and 100 bytes.
  for (std::size_t n : {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000}) {
    std::string data;
    for (std::size_t i = 0; i < n; ++i) data += static_cast<char>('a' + (i * 7) % 26);
    for (std::size_t piece : {1, 7, 64, 100})
      EXPECT_EQ(streamed(data, piece), sha256_hex(data)) << n << " in " << piece;
  }
}

}  // namespace
}  // namespace fundsim
