#pragma once
// Counter-based random streams (docs/model.md §8). A stream is keyed by (seed, replicate)
// and positioned by a draw site; no state is shared between streams, so the numbers
// at one site never depend on how many numbers other sites used.
#include <Random123/philox.h>

#include <cstdint>

namespace fundsim {

// Which family of draw sites a stream belongs to (keeps the families disjoint).
enum class Domain : std::uint64_t { model = 0, parameters = 1, lhs = 2 };

struct StreamKey {
  std::uint64_t seed = 0;
  std::uint64_t replicate = 0;
};

// Philox4x64-10: key = (seed, replicate); counter = (site, block, domain, 0).
// Each block gives four 64-bit words; uniform() turns one word into a double in (0,1)
// with 52 random bits. The generator is only run when a number is first needed.
class Stream {
 public:
  Stream(StreamKey key, Domain domain, std::uint64_t site) : key_{{key.seed, key.replicate}} {
    counter_.v[0] = site;
    counter_.v[1] = 0;
    counter_.v[2] = static_cast<std::uint64_t>(domain);
    counter_.v[3] = 0;
  }

  // The same stream, with its first block already computed (see precompute_first_block):
  // lets many scenarios that draw at one site share one generator call.
  using Block = r123::Philox4x64::ctr_type;
  Stream(StreamKey key, Domain domain, std::uint64_t site, const Block& first_block)
      : Stream(key, domain, site) {
    block_ = first_block;
    counter_.v[1] = 1;
    used_ = 0;
  }
  static Block first_block(StreamKey key, Domain domain, std::uint64_t site) {
    Stream s(key, domain, site);
    s.refill();
    return s.block_;
  }

  std::uint64_t bits() {
    if (used_ == 4) refill();
    return block_.v[used_++];
  }
  // Uniform on the open interval (0,1): (k + 0.5) / 2^52 for k = the top 52 bits of one
  // word. Every such value is an exact double, so the result is never 0 or 1 and the
  // grid is symmetric (1 - u is also on it). (With 53 bits, (k + 0.5) / 2^53 is not
  // representable for k >= 2^52 and k = 2^53 - 1 rounded to exactly 1.0.)
  double uniform() { return uniform_from_bits(bits()); }
  static constexpr double uniform_from_bits(std::uint64_t word) {
    return (static_cast<double>(word >> 12) + 0.5) * 0x1.0p-52;
  }

 private:
  void refill() {
    block_ = generator_(counter_, key_);
    ++counter_.v[1];
    used_ = 0;
  }
  r123::Philox4x64 generator_;
  r123::Philox4x64::key_type key_;
  r123::Philox4x64::ctr_type counter_;
  r123::Philox4x64::ctr_type block_{};
  unsigned used_ = 4;
};

}  // namespace fundsim
