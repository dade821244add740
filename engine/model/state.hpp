#pragma once
// The per-replicate state of docs/model.md §2.
#include <cstdint>
#include <vector>

namespace fundsim {

struct State {
  std::vector<std::int64_t> active;   // A_k: active, not yet referred
  std::vector<std::int64_t> backlog;  // Q_k: referred, awaiting investigation (still offending)
  std::vector<std::int64_t> justice;  // J_k: removed by the justice system
  std::int64_t desisted = 0;          // D: cumulative, all classes
  // e_L is not stored here: it depends only on the scenario, so it is precomputed once
  // per scenario (effective_spend_schedule) and passed to the step month by month.
  double smoothed_arrests = 0.0;  // z, arrests per month remembered for deterrence
};

}  // namespace fundsim
