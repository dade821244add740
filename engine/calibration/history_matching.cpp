#include "calibration/history_matching.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

#include "calibration/implausibility.hpp"

namespace fundsim::calibration {
namespace {

std::string format(double v, const char* spec = "%.3g") {
  char buf[64];
  std::snprintf(buf, sizeof buf, spec, v);
  return buf;
}

}  // namespace

void complete_wave(WaveRecord& wave, std::span<const Target> targets,
                   const CalibrationSettings& settings) {
  const std::size_t n = wave.log_proposal_density.size();
  const std::size_t m = settings.replicates, J = targets.size();
  const HistoryMatchingSettings& h = settings.history;
  wave.implausibility.assign(n * J, 0.0);
  wave.kth_implausibility.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    wave.kth_implausibility[i] =
        implausibility(targets, std::span<const double>(wave.outputs).subspan(i * m * J, m * J), m,
                       h.kth, std::span<double>(wave.implausibility).subspan(i * J, J));
  }
  // At least ceil(keep_fraction * n) points lie at or below the keep_fraction quantile.
  std::vector<double> sorted = wave.kth_implausibility;
  std::sort(sorted.begin(), sorted.end());
  const auto rank = static_cast<std::size_t>(std::ceil(h.keep_fraction * static_cast<double>(n)));
  wave.cutoff = std::max(h.cutoff, sorted[std::clamp<std::size_t>(rank, 1, n) - 1]);
  wave.kept = static_cast<std::uint64_t>(
      std::count_if(sorted.begin(), sorted.end(), [&](double v) { return v <= wave.cutoff; }));

  // Volume: mean of 1[kept] / q(x_i), q(x) = exp(log density) * draws / n.
  const bool uniform = wave.proposal_draws == 0;
  const double log_mass =
      uniform ? 0.0 : std::log(static_cast<double>(n) / static_cast<double>(wave.proposal_draws));
  double sum = 0, sum_sq = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!(wave.kth_implausibility[i] <= wave.cutoff)) continue;
    const double term = uniform ? 1.0 : std::exp(log_mass - wave.log_proposal_density[i]);
    sum += term;
    sum_sq += term * term;
  }
  const double dn = static_cast<double>(n);
  wave.volume = sum / dn;
  wave.volume_se = std::sqrt(std::max(0.0, sum_sq / dn - wave.volume * wave.volume) / (dn - 1));
}

MixtureProposal region_proposal(const WaveRecord& wave, std::size_t wave_number,
                                const CalibrationSettings& settings) {
  const std::size_t d = settings.dimensions;
  std::vector<double> points, log_w;
  for (std::size_t i = 0; i < wave.kth_implausibility.size(); ++i) {
    if (!(wave.kth_implausibility[i] <= wave.cutoff)) continue;
    points.insert(points.end(), wave.points.begin() + static_cast<std::ptrdiff_t>(i * d),
                  wave.points.begin() + static_cast<std::ptrdiff_t>((i + 1) * d));
    log_w.push_back(-wave.log_proposal_density[i]);
  }
  // Weights relative to the largest, then truncated at mean * sqrt(count).
  const double top = *std::max_element(log_w.begin(), log_w.end());
  std::vector<double> w(log_w.size());
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = std::exp(log_w[i] - top);
  const double mean = std::accumulate(w.begin(), w.end(), 0.0) / static_cast<double>(w.size());
  const double cap = mean * std::sqrt(static_cast<double>(w.size()));
  for (double& x : w) x = std::max(std::min(x, cap), std::numeric_limits<double>::min());
  return MixtureProposal(points, w, d, settings.history.spread, settings.history.max_centres,
                         settings.seed, wave_number);
}

NoPlausibleRegion no_plausible_region(const std::vector<WaveRecord>& waves,
                                      const WaveRecord& failed, std::span<const Target> targets,
                                      const CalibrationSettings& settings, const std::string& why) {
  const std::size_t d = settings.dimensions, J = targets.size();
  ImplausibilityDiagnostics diag;
  diag.wave = waves.size() + 1;
  diag.cutoff = settings.history.cutoff;
  diag.reached_cutoff = failed.cutoff;
  diag.best_kth_implausibility = std::numeric_limits<double>::infinity();
  std::uint64_t points = 0, simulations = 0;
  const auto consider = [&](const WaveRecord& w) {
    points += w.kth_implausibility.size();
    simulations += w.simulations;
    for (std::size_t i = 0; i < w.kth_implausibility.size(); ++i) {
      if (!(w.kth_implausibility[i] < diag.best_kth_implausibility) && !diag.best_point.empty())
        continue;
      diag.best_kth_implausibility = w.kth_implausibility[i];
      diag.best_point.assign(w.points.begin() + static_cast<std::ptrdiff_t>(i * d),
                             w.points.begin() + static_cast<std::ptrdiff_t>((i + 1) * d));
      diag.best_point_implausibility.assign(
          w.implausibility.begin() + static_cast<std::ptrdiff_t>(i * J),
          w.implausibility.begin() + static_cast<std::ptrdiff_t>((i + 1) * J));
    }
  };
  for (const WaveRecord& w : waves) consider(w);
  consider(failed);
  for (const Target& t : targets) diag.labels.push_back(t.label);

  std::string msg = "no parameter point reproduces the observations: " + why + ". After " +
                    std::to_string(diag.wave) + " wave(s) (" + std::to_string(points) +
                    " points, " + std::to_string(simulations) + " simulations) the smallest " +
                    std::to_string(settings.history.kth) +
                    (settings.history.kth == 1   ? "st"
                     : settings.history.kth == 2 ? "nd"
                                                 : "th") +
                    "-largest implausibility is " + format(diag.best_kth_implausibility) +
                    " (cut-off " + format(diag.cutoff) + ").";
  std::vector<std::size_t> order(J);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return diag.best_point_implausibility[a] > diag.best_point_implausibility[b];
  });
  msg += " At the best point the observations furthest from the model are:";
  for (std::size_t k = 0; k < std::min<std::size_t>(J, 3); ++k)
    msg += " '" + targets[order[k]].label + "' (implausibility " +
           format(diag.best_point_implausibility[order[k]]) + ")";
  std::string edges;
  for (std::size_t j = 0; j < d; ++j)
    if (diag.best_point[j] < 0.05 || diag.best_point[j] > 0.95)  // within 5% of an edge
      edges += (edges.empty() ? "" : ", ") + std::to_string(j) +
               " (u = " + format(diag.best_point[j], "%.4f") + ")";
  msg +=
      ". Advice: check those observations against the model's outputs (units, period, class, "
      "aggregate sum versus mean_per_month, the metric's definition); if they are right, widen "
      "the model discrepancy for them, since the model may not reach them";
  if (!edges.empty())
    msg += "; the best point lies at the edge of the prior in parameter(s) " + edges +
           ", so consider widening those priors";
  msg += ".";
  return NoPlausibleRegion(msg, std::move(diag));
}

}  // namespace fundsim::calibration
