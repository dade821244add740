#pragma once
// The stream of one draw site of a month, started from its precomputed first block when there
// is one (precompute_first_blocks). Shared by the one-scenario and the scenario-lane steps so
// that both read the same numbers at a site.
#include <cstddef>

#include "model/draw_site.hpp"
#include "random/stream.hpp"

namespace fundsim {

// first_blocks: the month's draws_per_month(classes) blocks, or nullptr.
inline Stream draw_stream(StreamKey key, int month, std::size_t classes,
                          const Stream::Block* first_blocks, std::size_t k, DrawStep step) {
  const std::uint64_t site = draw_site(month, k, step);
  if (!first_blocks) return Stream(key, Domain::model, site);
  const std::size_t slot =
      k == kNoClass ? classes * kClassDraws : k * kClassDraws + draw_slot(step);
  return Stream(key, Domain::model, site, first_blocks[slot]);
}

}  // namespace fundsim
