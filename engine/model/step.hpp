#pragma once
// One month of the model (docs/model.md §4): a pure function of (parameters, state, random
// streams). It updates `state` in place and reports the month in `outcome`; no I/O, no globals.
#include <span>
#include <vector>

#include "model/model_parameters.hpp"
#include "model/month_outcome.hpp"
#include "model/state.hpp"
#include "random/stream.hpp"

namespace fundsim {

// The state at t = 0 (docs/model.md §2). Counts are the (integer-valued) initial parameters.
// Throws NumericError if an initial count is too large to hold (2^62 or more).
void initial_state(const ModelParameters& params, State& state);

// The first generator block of every draw site of one replicate, [month][draw slot]. Every
// scenario draws at the same sites, so computing them once per replicate and sharing them
// saves one Philox call per draw; results are bitwise the same as without.
void precompute_first_blocks(StreamKey key, int months, std::size_t classes,
                             std::vector<Stream::Block>& blocks);

// effective_spend: e_L(t) for every lever in this month (effective_spend_schedule).
// first_blocks: this month's draws_per_month(classes) precomputed blocks, or nullptr.
void step_month(const ModelParameters& params, std::span<const double> effective_spend, int month,
                StreamKey key, const Stream::Block* first_blocks, State& state,
                MonthOutcome& outcome);

}  // namespace fundsim
