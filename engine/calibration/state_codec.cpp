#include "calibration/state_codec.hpp"

#include <string>
#include <string_view>

#include "calibration/byte_io.hpp"

namespace fundsim::calibration {
namespace {

constexpr std::string_view kMagic = "fundsim calibration state\n";

void encode_body(StateWriter& w, const CalibrationState& s) {
  w.u64(s.identity);
  w.u64(s.dimensions);
  w.u64(s.replicates);
  w.u64(s.observations);
  w.u64(static_cast<std::uint64_t>(s.phase));
  w.u64(static_cast<std::uint64_t>(s.history_stop));
  w.u64(s.next_stream);
  w.u64(s.history_simulations);
  w.u64(s.posterior_simulations);
  w.u64(s.waves.size());
  for (const WaveRecord& v : s.waves) {
    w.f64s(v.points);
    w.u64(v.first_stream);
    w.f64s(v.outputs);
    w.f64s(v.log_proposal_density);
    w.u64(v.proposal_draws);
    w.f64s(v.implausibility);
    w.f64s(v.kth_implausibility);
    w.f64(v.cutoff);
    w.u64(v.kept);
    w.f64(v.volume);
    w.f64(v.volume_se);
    w.u64(v.simulations);
  }
  w.f64(s.temperature);
  const ParticleSet& p = s.particles;
  w.f64s(p.points);
  w.u64s(p.first_stream);
  w.f64s(p.outputs);
  w.f64s(p.log_likelihood);
  w.f64s(p.log_proposal_density);
  w.u64(s.steps.size());
  for (const StepRecord& r : s.steps) {
    w.f64(r.temperature);
    w.f64(r.ess);
    w.f64(r.acceptance);
    w.u64(r.moves);
    w.u64(r.simulations);
  }
}

void expect(bool ok, const std::string& what) {
  if (!ok) throw CorruptCalibrationState("inconsistent calibration state: " + what);
}

// Every list must have the length the recorded shape implies.
void check_shapes(const CalibrationState& s) {
  const std::uint64_t d = s.dimensions, m = s.replicates, J = s.observations;
  expect(d >= 1 && m >= 1 && J >= 1, "empty shape");
  for (std::size_t k = 0; k < s.waves.size(); ++k) {
    const WaveRecord& v = s.waves[k];
    const std::uint64_t n = v.kth_implausibility.size();
    const std::string wave = "wave " + std::to_string(k + 1);
    expect(v.points.size() == n * d, wave + " points");
    expect(v.outputs.size() == n * m * J, wave + " outputs");
    expect(v.log_proposal_density.size() == n, wave + " proposal densities");
    expect(v.implausibility.size() == n * J, wave + " implausibilities");
    expect(v.kept <= n, wave + " kept count");
  }
  const ParticleSet& p = s.particles;
  const std::uint64_t n = p.log_likelihood.size();
  expect(p.points.size() == n * d, "particle points");
  expect(p.first_stream.size() == n, "particle streams");
  expect(p.outputs.size() == n * m * J, "particle outputs");
  expect(p.log_proposal_density.size() == n, "particle proposal densities");
  expect(s.phase == Phase::history_matching || !s.waves.empty(), "posterior without waves");
}

}  // namespace

std::vector<std::uint8_t> encode_state(const CalibrationState& state) {
  StateWriter body;
  encode_body(body, state);
  StateWriter out;
  out.bytes().assign(kMagic.begin(), kMagic.end());
  out.u64(kStateFormatVersion);
  out.u64(body.bytes().size());
  out.bytes().insert(out.bytes().end(), body.bytes().begin(), body.bytes().end());
  out.u64(crc64(out.bytes()));
  return std::move(out.bytes());
}

CalibrationState decode_state(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kMagic.size() ||
      std::string_view(reinterpret_cast<const char*>(bytes.data()), kMagic.size()) != kMagic)
    throw CorruptCalibrationState("not a fundsim calibration state");
  StateReader header(bytes.subspan(kMagic.size()));
  const std::uint64_t version = header.u64();
  if (version != kStateFormatVersion)
    throw CorruptCalibrationState("calibration state format version " + std::to_string(version) +
                                  "; this build reads version " +
                                  std::to_string(kStateFormatVersion));
  const std::uint64_t length = header.u64();
  const std::size_t body_start = kMagic.size() + 16;
  if (length > bytes.size() - body_start || bytes.size() - body_start - length != 8)
    throw CorruptCalibrationState("calibration state is truncated or has trailing bytes");
  const std::span<const std::uint8_t> checked = bytes.first(body_start + length);
  StateReader trailer(bytes.subspan(body_start + length));
  if (trailer.u64() != crc64(checked))
    throw CorruptCalibrationState("calibration state is damaged (checksum mismatch)");

  StateReader r(bytes.subspan(body_start, length));
  CalibrationState s;
  s.identity = r.u64();
  s.dimensions = r.u64();
  s.replicates = r.u64();
  s.observations = r.u64();
  s.phase = static_cast<Phase>(r.below(3, "phase"));
  s.history_stop = static_cast<HistoryStop>(r.below(4, "history stop"));
  s.next_stream = r.u64();
  s.history_simulations = r.u64();
  s.posterior_simulations = r.u64();
  const std::uint64_t waves = r.u64();
  for (std::uint64_t k = 0; k < waves; ++k) {
    WaveRecord v;
    v.points = r.f64s();
    v.first_stream = r.u64();
    v.outputs = r.f64s();
    v.log_proposal_density = r.f64s();
    v.proposal_draws = r.u64();
    v.implausibility = r.f64s();
    v.kth_implausibility = r.f64s();
    v.cutoff = r.f64();
    v.kept = r.u64();
    v.volume = r.f64();
    v.volume_se = r.f64();
    v.simulations = r.u64();
    s.waves.push_back(std::move(v));
  }
  s.temperature = r.f64();
  s.particles.points = r.f64s();
  s.particles.first_stream = r.u64s();
  s.particles.outputs = r.f64s();
  s.particles.log_likelihood = r.f64s();
  s.particles.log_proposal_density = r.f64s();
  const std::uint64_t steps = r.u64();
  for (std::uint64_t k = 0; k < steps; ++k) {
    StepRecord step;
    step.temperature = r.f64();
    step.ess = r.f64();
    step.acceptance = r.f64();
    step.moves = r.u64();
    step.simulations = r.u64();
    s.steps.push_back(step);
  }
  if (!r.at_end()) throw CorruptCalibrationState("calibration state has unread bytes");
  check_shapes(s);
  return s;
}

}  // namespace fundsim::calibration
