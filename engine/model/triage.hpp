#pragma once
// Step 10 of docs/model.md §4: how this month's investigations are shared between classes.
#include <cstdint>
#include <span>

#include "study/study.hpp"

namespace fundsim {

// Shares `investigations` (<= sum of backlog) between classes into `allocated`.
// priority: classes in `priority_order` each take what they can. proportional: floor of the
// proportional share, remaining units to the largest fractional parts (ties: declaration order).
void allocate_investigations(Triage rule, std::int64_t investigations,
                             std::span<const std::int64_t> backlog,
                             std::span<const std::size_t> priority_order,
                             std::span<std::int64_t> allocated);

}  // namespace fundsim
