#pragma once
// One month of up to four scenarios of one replicate at once, in the lanes of the lane
// samplers (random/lane_samplers.hpp). Under common random numbers every scenario of a
// replicate draws at a site from the same stream, so the lanes share one stream per draw and
// one vectorised sampler call; each lane's state and outcome are bitwise what step_month gives
// for that scenario alone (the lane samplers equal the one-lane samplers, and everything else
// is the same scalar arithmetic, lane by lane).
#include <span>

#include "model/model_parameters.hpp"
#include "model/month_outcome.hpp"
#include "model/state.hpp"
#include "random/lane_samplers.hpp"
#include "random/stream.hpp"

namespace fundsim {

// One scenario in a lane: its parameters, this month's e_L, its state and its outcome.
struct ScenarioLane {
  const ModelParameters* params = nullptr;
  std::span<const double> effective_spend;
  State* state = nullptr;
  MonthOutcome* outcome = nullptr;
};

// lanes: 1 to kSamplerLanes scenarios with the same classes, stepped as step_month would step
// each with (key, first_blocks). Throws NumericError where step_month would for some lane (which
// lane's error is reported when several fail is unspecified: rerun the lanes one by one with
// step_month to reproduce step_month's first error).
void step_month_lanes(std::span<const ScenarioLane> lanes, int month, StreamKey key,
                      const Stream::Block* first_blocks);

}  // namespace fundsim
