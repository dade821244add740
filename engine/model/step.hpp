#pragma once
// One month of the model (MODEL.md §4): a pure function of (parameters, state, random streams).
// It updates `state` in place and reports the month in `outcome`; no I/O, no globals.
#include <span>

#include "model/model_parameters.hpp"
#include "model/month_outcome.hpp"
#include "model/state.hpp"
#include "random/stream.hpp"

namespace fundsim {

// The state at t = 0 (MODEL.md §2). Counts are the (integer-valued) initial parameters.
void initial_state(const ModelParameters& params, State& state);

// effective_spend: e_L(t) for every lever in this month (effective_spend_schedule).
void step_month(const ModelParameters& params, std::span<const double> effective_spend, int month,
                StreamKey key, State& state, MonthOutcome& outcome);

}  // namespace fundsim
