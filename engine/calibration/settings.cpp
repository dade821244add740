#include "calibration/settings.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "calibration/byte_io.hpp"
#include "errors.hpp"

namespace fundsim::calibration {
namespace {

void require(bool ok, const char* name, const std::string& what) {
  if (!ok) throw InputError(std::string("calibration setting '") + name + "': " + what);
}

bool in_open_unit(double v) {
  return v > 0 && v < 1;
}

}  // namespace

void validate(const CalibrationSettings& s, std::span<const Target> targets) {
  const HistoryMatchingSettings& h = s.history;
  const PosteriorSettings& p = s.posterior;
  require(s.dimensions >= 1, "dimensions", "at least one uncertain parameter is needed");
  require(s.replicates >= 2, "replicates",
          "at least 2 (the ensemble variance needs two replicates per point)");
  require(!targets.empty(), "observations", "no observations to calibrate to");
  require(h.first_wave_points >= 2, "history.first_wave_points", "must be >= 2");
  require(h.wave_points >= 2, "history.wave_points", "must be >= 2");
  require(h.cutoff > 0 && std::isfinite(h.cutoff), "history.cutoff", "must be > 0");
  require(
      h.kth >= 1 && h.kth <= targets.size(), "history.kth",
      "must be between 1 and the number of observations (" + std::to_string(targets.size()) + ")");
  require(in_open_unit(h.keep_fraction), "history.keep_fraction", "must be in (0,1)");
  require(h.keep_fraction * static_cast<double>(std::min(h.first_wave_points, h.wave_points)) >= 1,
          "history.keep_fraction", "keeps no point of a wave");
  require(h.min_nonimplausible >= 1, "history.min_nonimplausible", "must be >= 1");
  require(h.volume_tolerance > 0, "history.volume_tolerance", "must be > 0");
  require(in_open_unit(h.stall_tolerance), "history.stall_tolerance", "must be in (0,1)");
  require(h.spread > 0 && std::isfinite(h.spread), "history.spread", "must be > 0");
  require(h.max_centres >= 1, "history.max_centres", "must be >= 1");
  require(h.max_waves >= 1, "history.max_waves", "must be >= 1");
  require(h.first_wave_points * s.replicates <= h.max_simulations, "history.max_simulations",
          "smaller than the first wave (" + std::to_string(h.first_wave_points * s.replicates) +
              " simulations)");
  require(p.particles >= 2, "posterior.particles", "must be >= 2");
  require(in_open_unit(p.ess_fraction), "posterior.ess_fraction", "must be in (0,1)");
  require(in_open_unit(p.stuck_probability), "posterior.stuck_probability", "must be in (0,1)");
  // Moves and steps are packed into stream sites (step << 16 | move, below 2^40).
  require(p.max_moves >= 1 && p.max_moves < (1u << 16), "posterior.max_moves",
          "must be between 1 and 65535");
  require(p.max_steps >= 1 && p.max_steps < (1u << 24), "posterior.max_steps",
          "must be between 1 and 2^24 - 1");
  for (const Target& t : targets) {
    const std::string what = "target '" + t.label + "'";
    require(std::isfinite(t.value), "observations", what + ": value must be finite");
    require(t.discrepancy_sd >= 0 && std::isfinite(t.discrepancy_sd), "observations",
            what + ": discrepancy sd must be >= 0");
    require(t.scale >= 1 && std::isfinite(t.scale), "observations", what + ": scale must be >= 1");
    if (t.model == ObservationModel::normal) {
      require(t.sd > 0 && std::isfinite(t.sd), "observations", what + ": sd must be > 0");
    } else {
      require(t.value >= 0, "observations", what + ": a count cannot be negative");
    }
    if (t.model == ObservationModel::negative_binomial)
      require(t.dispersion > 0 && std::isfinite(t.dispersion), "observations",
              what + ": dispersion must be > 0");
  }
}

std::uint64_t identity_digest(const CalibrationSettings& s, std::span<const Target> targets) {
  StateWriter w;
  w.text("fundsim calibration identity 1");
  w.u64(s.seed);
  w.u64(s.dimensions);
  w.u64(s.replicates);
  const HistoryMatchingSettings& h = s.history;
  w.u64(h.first_wave_points);
  w.u64(h.wave_points);
  w.f64(h.cutoff);
  w.u64(h.kth);
  w.f64(h.keep_fraction);
  w.u64(h.min_nonimplausible);
  w.f64(h.volume_tolerance);
  w.f64(h.stall_tolerance);
  w.f64(h.spread);
  w.u64(h.max_centres);
  const PosteriorSettings& p = s.posterior;
  w.u64(p.particles);
  w.f64(p.ess_fraction);
  w.f64(p.stuck_probability);
  w.u64(p.max_moves);
  w.u64(targets.size());
  for (const Target& t : targets) {
    w.text(t.label);
    w.f64(t.value);
    w.u64(static_cast<std::uint64_t>(t.model));
    w.f64(t.sd);
    w.f64(t.dispersion);
    w.f64(t.scale);
    w.f64(t.discrepancy_sd);
  }
  return crc64(w.bytes());
}

}  // namespace fundsim::calibration
