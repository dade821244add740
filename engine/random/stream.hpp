#pragma once
// Counter-based random streams (MODEL.md §6). A stream is keyed by (seed, replicate)
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
// with 53 random bits. The generator is only run when a number is first needed.
class Stream {
 public:
  Stream(StreamKey key, Domain domain, std::uint64_t site) : key_{{key.seed, key.replicate}} {
    counter_.v[0] = site;
    counter_.v[1] = 0;
    counter_.v[2] = static_cast<std::uint64_t>(domain);
    counter_.v[3] = 0;
  }

  std::uint64_t bits() {
    if (used_ == 4) refill();
    return block_.v[used_++];
  }
  // Uniform on the open interval (0,1): (k + 0.5) / 2^53 for k in [0, 2^53).
  double uniform() { return (static_cast<double>(bits() >> 11) + 0.5) * 0x1.0p-53; }

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
