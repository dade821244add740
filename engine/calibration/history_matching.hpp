#pragma once
// The pieces of a history-matching wave (Vernon et al. 2010; Andrianakis et al. 2015), run
// directly on the stochastic simulator instead of an emulator: evaluate the implausibility of
// every point from its replicates, choose the wave's adaptive cut-off, estimate the volume of
// the region below it, and fit the proposal for the next wave to that region.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "calibration/calibration_errors.hpp"
#include "calibration/calibration_state.hpp"
#include "calibration/mixture_proposal.hpp"
#include "calibration/observation_model.hpp"
#include "calibration/settings.hpp"

namespace fundsim::calibration {

// Completes a wave whose points, streams, proposal densities, draws and outputs are filled in:
// implausibilities, the cut-off max(settings cut-off, keep_fraction quantile of the k-th
// largest implausibility), the kept count and the volume below the cut-off, estimated by
// importance sampling: mean of 1[kept] / q(x_i), where q = mixture / Z and Z, the mixture's mass
// in the cube, is estimated by points / draws (q = 1 for the Latin hypercube).
void complete_wave(WaveRecord& wave, std::span<const Target> targets,
                   const CalibrationSettings& settings);

// A kernel density estimate of the region a wave kept: its kept points weighted by 1 / q(x_i),
// which makes them an importance sample of the uniform distribution on the region. The weights
// are truncated at mean * sqrt(kept) (Ionides 2008) so that one point from the proposal's tail
// cannot take over the mixture. `wave_number` is the wave's 1-based number.
MixtureProposal region_proposal(const WaveRecord& wave, std::size_t wave_number,
                                const CalibrationSettings& settings);

// What went wrong when no point fits: the best point over the waves (and `failed`, the wave
// that triggered the error, not yet in `waves`), with advice in the message.
NoPlausibleRegion no_plausible_region(const std::vector<WaveRecord>& waves,
                                      const WaveRecord& failed, std::span<const Target> targets,
                                      const CalibrationSettings& settings, const std::string& why);

}  // namespace fundsim::calibration
