#include "calibration/calibration.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <string>

#include "calibration/algorithm_stream.hpp"
#include "calibration/calibration_errors.hpp"
#include "calibration/design.hpp"
#include "calibration/history_matching.hpp"
#include "calibration/implausibility.hpp"
#include "calibration/tempering.hpp"
#include "calibration/weights.hpp"
#include "errors.hpp"

namespace fundsim::calibration {
namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

std::string format(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// A batch of requests at `points` with consecutive stream ranges from `first_stream`.
SimulationBatch make_batch(std::vector<double> points, std::uint64_t first_stream, std::size_t d,
                           std::size_t m, std::size_t J) {
  SimulationBatch batch;
  batch.dimensions = d;
  batch.replicates = m;
  batch.observations = J;
  batch.points = std::move(points);
  const std::size_t n = batch.points.size() / d;
  for (std::size_t i = 0; i < n; ++i) batch.first_stream.push_back(first_stream + i * m);
  return batch;
}

bool inside_unit_cube(const Eigen::VectorXd& x) {
  return (x.array() > 0).all() && (x.array() < 1).all();
}

}  // namespace

Calibration::Calibration(CalibrationSettings settings, std::vector<Target> targets)
    : settings_(std::move(settings)), targets_(std::move(targets)) {
  validate(settings_, targets_);
  identity_ = identity_digest(settings_, targets_);
}

CalibrationState Calibration::start() const {
  CalibrationState s;
  s.identity = identity_;
  s.dimensions = settings_.dimensions;
  s.replicates = settings_.replicates;
  s.observations = targets_.size();
  return s;
}

void Calibration::check_resumable(const CalibrationState& s) const {
  if (s.identity != identity_ || s.dimensions != settings_.dimensions ||
      s.replicates != settings_.replicates || s.observations != targets_.size())
    throw InputError(
        "the calibration state was saved with other settings or observations (its identity " +
        std::to_string(s.identity) + ", expected " + std::to_string(identity_) +
        "); resume with the original settings and observations, or start afresh");
}

void Calibration::advance(CalibrationState& state, const BatchSimulator& simulate) const {
  check_resumable(state);
  switch (state.phase) {
    case Phase::history_matching:
      history_wave(state, simulate);
      break;
    case Phase::posterior:
      if (state.steps.empty()) {
        initial_particles(state, simulate);
      } else {
        tempering_step(state, simulate);
      }
      break;
    case Phase::done:
      break;
  }
}

CalibrationState Calibration::run(const BatchSimulator& simulate,
                                  const StepHook& after_step) const {
  return resume(start(), simulate, after_step);
}

CalibrationState Calibration::resume(CalibrationState state, const BatchSimulator& simulate,
                                     const StepHook& after_step) const {
  check_resumable(state);
  while (!finished(state)) {
    advance(state, simulate);
    if (after_step) after_step(state);
  }
  return state;
}

void Calibration::history_wave(CalibrationState& state, const BatchSimulator& simulate) const {
  const HistoryMatchingSettings& h = settings_.history;
  const std::size_t d = settings_.dimensions, m = settings_.replicates, J = targets_.size();
  const std::size_t k = state.waves.size() + 1;  // this wave's number
  const std::size_t n = k == 1 ? h.first_wave_points : h.wave_points;

  WaveRecord wave;
  if (k == 1) {
    wave.points = latin_hypercube(settings_.seed, n, d);
    wave.log_proposal_density.assign(n, 0.0);
  } else {
    const MixtureProposal proposal = region_proposal(state.waves.back(), k - 1, settings_);
    Stream stream = algorithm_stream(settings_.seed, Purpose::wave_proposal, k);
    wave.points = proposal.sample(n, stream, wave.proposal_draws);
    for (std::size_t i = 0; i < n; ++i)
      wave.log_proposal_density.push_back(
          proposal.log_density(std::span<const double>(wave.points).subspan(i * d, d)));
  }
  wave.first_stream = state.next_stream;
  wave.outputs = run_batch(simulate, make_batch(wave.points, wave.first_stream, d, m, J), targets_);
  wave.simulations = n * m;
  complete_wave(wave, targets_, settings_);

  const std::uint64_t spent = state.history_simulations + wave.simulations;
  const bool next_fits = spent + h.wave_points * m <= h.max_simulations;
  if (!std::isfinite(wave.cutoff))
    throw no_plausible_region(state.waves, wave, targets_, settings_,
                              "every point's implausibility is infinite");
  HistoryStop stop = HistoryStop::running;
  if (wave.cutoff > h.cutoff) {
    const auto fell_little = [&](double now, double before) {
      return now > (1 - h.stall_tolerance) * before;
    };
    // Stalled: no point of this wave is below the target cut-off, and the adaptive cut-off
    // hardly fell twice in a row (near a region that exists but is small, some points reach it).
    const bool none_below = *std::min_element(wave.kth_implausibility.begin(),
                                              wave.kth_implausibility.end()) > h.cutoff;
    const std::size_t w = state.waves.size();
    if (none_below && w >= 2 && fell_little(wave.cutoff, state.waves[w - 1].cutoff) &&
        fell_little(state.waves[w - 1].cutoff, state.waves[w - 2].cutoff))
      throw no_plausible_region(state.waves, wave, targets_, settings_,
                                "the adaptive cut-off stalled at " + format(wave.cutoff));
    if (k >= h.max_waves)
      throw no_plausible_region(
          state.waves, wave, targets_, settings_,
          "the wave limit (history.max_waves = " + std::to_string(h.max_waves) +
              ") was reached with the adaptive cut-off at " + format(wave.cutoff) +
              " (raise the limit if it was still falling)");
    if (!next_fits)
      throw no_plausible_region(
          state.waves, wave, targets_, settings_,
          "the simulation budget (history.max_simulations = " + std::to_string(h.max_simulations) +
              ") ran out with the adaptive cut-off at " + format(wave.cutoff) +
              " (raise the budget if it was still falling)");
  } else {
    const WaveRecord* previous = state.waves.empty() ? nullptr : &state.waves.back();
    const bool stable =
        previous && previous->cutoff <= h.cutoff &&
        std::fabs(wave.volume - previous->volume) <= h.volume_tolerance * previous->volume;
    if (wave.kept >= h.min_nonimplausible && stable) {
      stop = HistoryStop::converged;
    } else if (k >= h.max_waves) {
      stop = HistoryStop::max_waves;
    } else if (!next_fits) {
      stop = HistoryStop::budget;
    }
  }
  state.next_stream += wave.simulations;
  state.history_simulations = spent;
  state.waves.push_back(std::move(wave));
  if (stop != HistoryStop::running) {
    state.history_stop = stop;
    state.phase = Phase::posterior;
  }
}

void Calibration::initial_particles(CalibrationState& state, const BatchSimulator& simulate) const {
  const std::size_t d = settings_.dimensions, m = settings_.replicates, J = targets_.size();
  const std::size_t N = settings_.posterior.particles;
  if (state.posterior_simulations + N * m > settings_.posterior.max_simulations)
    throw CalibrationBudgetExhausted(
        "the posterior's simulation budget (posterior.max_simulations = " +
        std::to_string(settings_.posterior.max_simulations) + ") is below one set of particles");
  const MixtureProposal proposal =
      region_proposal(state.waves.back(), state.waves.size(), settings_);
  Stream stream = algorithm_stream(settings_.seed, Purpose::initial_particles, 0);
  std::uint64_t draws = 0;
  ParticleSet p;
  p.points = proposal.sample(N, stream, draws);
  const SimulationBatch batch = make_batch(p.points, state.next_stream, d, m, J);
  p.first_stream = batch.first_stream;
  p.outputs = run_batch(simulate, batch, targets_);
  bool any = false;
  for (std::size_t i = 0; i < N; ++i) {
    p.log_proposal_density.push_back(
        proposal.log_density(std::span<const double>(p.points).subspan(i * d, d)));
    p.log_likelihood.push_back(log_likelihood_estimate(
        targets_, std::span<const double>(p.outputs).subspan(i * m * J, m * J), m));
    any = any || std::isfinite(p.log_likelihood.back());
  }
  if (!any) {
    const std::vector<WaveRecord> earlier(state.waves.begin(), state.waves.end() - 1);
    throw no_plausible_region(earlier, state.waves.back(), targets_, settings_,
                              "every initial posterior particle has zero likelihood");
  }
  state.next_stream += N * m;
  state.posterior_simulations += N * m;
  state.particles = std::move(p);
  state.temperature = 0;
  state.steps.push_back(StepRecord{0.0, static_cast<double>(N), 0.0, 0, N * m});
}

void Calibration::tempering_step(CalibrationState& state, const BatchSimulator& simulate) const {
  const PosteriorSettings& ps = settings_.posterior;
  const std::size_t d = settings_.dimensions, m = settings_.replicates, J = targets_.size();
  const std::size_t N = ps.particles;
  const std::uint64_t t = state.steps.size();  // this step's number (step 0 drew the particles)
  if (t > ps.max_steps)
    throw CalibrationBudgetExhausted(
        "the posterior did not reach temperature 1 within posterior.max_steps = " +
        std::to_string(ps.max_steps) + " steps (temperature " + format(state.temperature) +
        "); raise the limit and resume");
  if (state.posterior_simulations + N * m * ps.max_moves > ps.max_simulations)
    throw CalibrationBudgetExhausted(
        "the posterior's simulation budget (posterior.max_simulations = " +
        std::to_string(ps.max_simulations) + ") cannot pay for another step (temperature " +
        format(state.temperature) + "); raise the budget and resume");

  // Reweight to the next temperature.
  const ParticleSet& old = state.particles;
  std::vector<double> g(N);
  for (std::size_t i = 0; i < N; ++i)
    g[i] = std::isfinite(old.log_likelihood[i])
               ? old.log_likelihood[i] - old.log_proposal_density[i]
               : kMinusInfinity;
  const double beta0 = state.temperature;
  const double beta = next_temperature(g, beta0, ps.ess_fraction);
  std::vector<double> log_w(N);
  for (std::size_t i = 0; i < N; ++i) log_w[i] = std::isfinite(g[i]) ? (beta - beta0) * g[i] : g[i];
  const std::vector<double> w = normalised_weights(log_w);
  StepRecord record;
  record.temperature = beta;
  record.ess = effective_sample_size(w);

  // Resample.
  Stream resampling = algorithm_stream(settings_.seed, Purpose::resampling, t);
  const std::vector<std::size_t> picks = systematic_resample(w, N, resampling.uniform());
  ParticleSet p;
  for (const std::size_t i : picks) {
    p.points.insert(p.points.end(), old.points.begin() + static_cast<std::ptrdiff_t>(i * d),
                    old.points.begin() + static_cast<std::ptrdiff_t>((i + 1) * d));
    p.first_stream.push_back(old.first_stream[i]);
    p.outputs.insert(p.outputs.end(), old.outputs.begin() + static_cast<std::ptrdiff_t>(i * m * J),
                     old.outputs.begin() + static_cast<std::ptrdiff_t>((i + 1) * m * J));
    p.log_likelihood.push_back(old.log_likelihood[i]);
    p.log_proposal_density.push_back(old.log_proposal_density[i]);
  }

  // Move: pseudo-marginal random-walk Metropolis–Hastings targeting gamma_beta.
  const MixtureProposal proposal =
      region_proposal(state.waves.back(), state.waves.size(), settings_);
  const Eigen::MatrixXd factor = random_walk_factor(p.points, d);
  const boost::math::normal standard;
  std::uint64_t next_stream = state.next_stream;
  std::uint64_t accepted_total = 0;
  const auto move = [&](std::uint64_t move_index) {
    const std::uint64_t site = (t << 16) | move_index;
    Stream propose = algorithm_stream(settings_.seed, Purpose::move_proposal, site);
    Stream accept = algorithm_stream(settings_.seed, Purpose::move_acceptance, site);
    std::vector<double> candidates;
    std::vector<std::size_t> owner;
    Eigen::VectorXd xi(static_cast<Eigen::Index>(d)), x(static_cast<Eigen::Index>(d));
    for (std::size_t i = 0; i < N; ++i) {
      for (std::size_t j = 0; j < d; ++j) {
        xi(static_cast<Eigen::Index>(j)) = quantile(standard, propose.uniform());
        x(static_cast<Eigen::Index>(j)) = p.points[i * d + j];
      }
      x += factor.triangularView<Eigen::Lower>() * xi;
      if (!inside_unit_cube(x)) continue;  // zero prior density: rejected without simulating
      for (Eigen::Index j = 0; j < x.size(); ++j) candidates.push_back(x(j));
      owner.push_back(i);
    }
    const SimulationBatch batch = make_batch(candidates, next_stream, d, m, J);
    const std::vector<double> outputs = run_batch(simulate, batch, targets_);
    next_stream += owner.size() * m;
    record.simulations += owner.size() * m;
    std::uint64_t accepted = 0;
    std::size_t c = 0;
    for (std::size_t i = 0; i < N; ++i) {
      const double u = accept.uniform();
      if (c == owner.size() || owner[c] != i) continue;
      const std::span<const double> y = std::span<const double>(outputs).subspan(c * m * J, m * J);
      const std::span<const double> xc = batch.point(c);
      const double ll = log_likelihood_estimate(targets_, y, m);
      const double lq = proposal.log_density(xc);
      const double log_ratio =
          (1 - beta) * (lq - p.log_proposal_density[i]) + beta * (ll - p.log_likelihood[i]);
      if (std::log(u) < log_ratio) {
        std::copy(xc.begin(), xc.end(), p.points.begin() + static_cast<std::ptrdiff_t>(i * d));
        std::copy(y.begin(), y.end(), p.outputs.begin() + static_cast<std::ptrdiff_t>(i * m * J));
        p.first_stream[i] = batch.first_stream[c];
        p.log_likelihood[i] = ll;
        p.log_proposal_density[i] = lq;
        ++accepted;
      }
      ++c;
    }
    accepted_total += accepted;
    return static_cast<double>(accepted) / static_cast<double>(N);
  };
  // Moves per step (Drovandi & Pettitt 2011): after a first move with acceptance rate a, a
  // particle is left unmoved by R moves with probability (1 - a)^R; choose R so that this is
  // about stuck_probability.
  const double a = move(0);
  std::uint64_t moves = ps.max_moves;
  if (a >= 1) {
    moves = 1;
  } else if (a > 0) {
    const double wanted = std::ceil(std::log(ps.stuck_probability) / std::log1p(-a));
    moves = static_cast<std::uint64_t>(std::clamp(wanted, 1.0, static_cast<double>(ps.max_moves)));
  }
  for (std::uint64_t r = 1; r < moves; ++r) move(r);
  record.moves = moves;
  record.acceptance = static_cast<double>(accepted_total) / static_cast<double>(moves * N);

  state.particles = std::move(p);
  state.next_stream = next_stream;
  state.posterior_simulations += record.simulations;
  state.temperature = beta;
  state.steps.push_back(record);
  if (beta >= 1) state.phase = Phase::done;
}

std::vector<double> PosteriorSample::coordinate(std::size_t j) const {
  std::vector<double> out(size);
  for (std::size_t i = 0; i < size; ++i) out[i] = points[i * dimensions + j];
  return out;
}

PosteriorSample posterior_sample(const CalibrationState& state) {
  if (state.phase != Phase::done) throw Error("the calibration has not finished");
  PosteriorSample s;
  s.dimensions = state.dimensions;
  s.size = state.particles.log_likelihood.size();
  s.points = state.particles.points;
  s.log_likelihood = state.particles.log_likelihood;
  return s;
}

}  // namespace fundsim::calibration
