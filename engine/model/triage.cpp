#include "model/triage.hpp"

#include <algorithm>
#include <numeric>

namespace fundsim {

namespace {

void allocate_by_priority(std::int64_t investigations, std::span<const std::int64_t> backlog,
                          std::span<const std::size_t> priority_order,
                          std::span<std::int64_t> allocated) {
  std::int64_t left = investigations;
  for (std::size_t k : priority_order) {
    allocated[k] = std::min(backlog[k], left);
    left -= allocated[k];
  }
}

void allocate_proportionally(std::int64_t investigations, std::span<const std::int64_t> backlog,
                             std::span<std::int64_t> allocated) {
  const std::int64_t total = std::accumulate(backlog.begin(), backlog.end(), std::int64_t{0});
  if (total == 0) {
    std::fill(allocated.begin(), allocated.end(), 0);
    return;
  }
  // Exact integer arithmetic: I*Q_k / sum Q, remainder = fractional part * sum Q.
  std::int64_t given = 0;
  constexpr std::size_t kMax = 64;
  std::int64_t remainder[kMax];
  const std::size_t classes = backlog.size();
  for (std::size_t k = 0; k < classes; ++k) {
    __extension__ const __int128 product = static_cast<__int128>(investigations) * backlog[k];
    allocated[k] = static_cast<std::int64_t>(product / total);
    remainder[k] = static_cast<std::int64_t>(product % total);
    given += allocated[k];
  }
  // Each remaining unit goes to the largest remaining fractional part, ties to the earlier class.
  for (std::int64_t left = investigations - given; left > 0; --left) {
    std::size_t best = classes;
    for (std::size_t k = 0; k < classes; ++k) {
      if (remainder[k] < 0) continue;  // already given its extra unit
      if (best == classes || remainder[k] > remainder[best]) best = k;
    }
    ++allocated[best];
    remainder[best] = -1;
  }
}

}  // namespace

void allocate_investigations(Triage rule, std::int64_t investigations,
                             std::span<const std::int64_t> backlog,
                             std::span<const std::size_t> priority_order,
                             std::span<std::int64_t> allocated) {
  if (rule == Triage::priority) {
    allocate_by_priority(investigations, backlog, priority_order, allocated);
  } else {
    allocate_proportionally(investigations, backlog, allocated);
  }
}

}  // namespace fundsim
