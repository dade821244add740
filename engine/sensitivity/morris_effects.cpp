#include "sensitivity/morris_effects.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "analysis/moments.hpp"
#include "errors.hpp"
#include "random/stream.hpp"
#include "sensitivity/draw_sites.hpp"
#include "sensitivity/wide_integer.hpp"

namespace fundsim::sensitivity {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int128 magnitude(std::int64_t x) {
  return x < 0 ? -static_cast<int128>(x) : x;
}

double ratio(int128 sum, std::uint64_t count, double delta) {
  return static_cast<double>(static_cast<long double>(sum) /
                             (static_cast<long double>(count) * delta));
}

}  // namespace

MorrisEffects::MorrisEffects(const MorrisDesign& design) : design_(design) {}

void MorrisEffects::add(std::uint64_t trajectory, std::span<const std::int64_t> outputs) {
  const std::size_t d = design_.parameters();
  if (outputs.size() != d + 1) {
    throw Error("Morris effects: " + std::to_string(outputs.size()) +
                " outputs for a trajectory; expected " + std::to_string(d + 1));
  }
  if (changes_.contains(trajectory)) {
    throw Error("Morris effects: trajectory " + std::to_string(trajectory) + " added twice");
  }
  const MorrisTrajectory tr = design_.trajectory(trajectory);
  std::vector<std::int64_t> change(d);
  for (std::size_t s = 0; s < d; ++s) {
    const std::size_t factor = tr.order[s];
    std::int64_t step;
    if (__builtin_sub_overflow(outputs[s + 1], outputs[s], &step) ||
        step == std::numeric_limits<std::int64_t>::min()) {
      throw NumericError("Morris effects: an output change does not fit in 64 bits");
    }
    change[factor] = tr.direction(factor) * step;
  }
  changes_.emplace(trajectory, std::move(change));
}

void MorrisEffects::merge(const MorrisEffects& other) {
  if (other.design_.parameters() != design_.parameters() ||
      other.design_.seed() != design_.seed() || other.design_.levels() != design_.levels()) {
    throw Error("Morris effects: merging effects of different designs");
  }
  for (const auto& [t, change] : other.changes_) {
    if (changes_.contains(t)) {
      throw Error("Morris effects: trajectory " + std::to_string(t) + " in both parts");
    }
  }
  for (const auto& [t, change] : other.changes_) changes_.emplace(t, change);
}

MorrisResults MorrisEffects::results(double confidence, std::size_t bootstrap_replicates) const {
  check_confidence(confidence);
  const std::size_t d = design_.parameters();
  const std::uint64_t r = changes_.size();
  const double delta = MorrisDesign::delta();
  MorrisResults out;
  out.trajectories = r;
  out.confidence = confidence;
  out.factors.resize(d);
  if (r == 0) {
    for (auto& f : out.factors) f = {kNaN, kNaN, kNaN, {}};
    return out;
  }
  // Trajectory order (the map's), whatever the order of adding.
  std::vector<const std::vector<std::int64_t>*> rows;
  rows.reserve(r);
  for (const auto& [t, change] : changes_) rows.push_back(&change);

  for (std::size_t i = 0; i < d; ++i) {
    int128 sum = 0, sum_abs = 0;
    int256 sum_squares = 0;  // r * 2^126 can exceed 128 bits
    for (const auto* row : rows) {
      const std::int64_t c = (*row)[i];
      sum += c;
      sum_abs += magnitude(c);
      sum_squares += widen(static_cast<int128>(c) * c);
    }
    MorrisFactor& f = out.factors[i];
    f.mu = ratio(sum, r, delta);
    f.mu_star = ratio(sum_abs, r, delta);
    if (r >= 2) {
      // (r sum c^2 - (sum c)^2) / (r (r - 1)), the numerator exact.
      const int256 spread = int256(r) * sum_squares - widen(sum) * widen(sum);
      const long double n = static_cast<long double>(r);
      const long double variance = to_long_double(spread) / (n * (n - 1));
      f.sigma = static_cast<double>(std::sqrt(variance) / delta);
    } else {
      f.sigma = kNaN;
    }
  }

  // Bootstrap over trajectories: replicate b draws r row numbers from StreamKey{seed, b}.
  std::vector<std::vector<double>> boot(d, std::vector<double>(bootstrap_replicates));
  std::vector<int128> sum_abs(d);
  for (std::size_t b = 0; b < bootstrap_replicates; ++b) {
    Stream stream(StreamKey{design_.seed(), b}, kDomain, kSiteMorrisBootstrap);
    std::fill(sum_abs.begin(), sum_abs.end(), 0);
    for (std::uint64_t k = 0; k < r; ++k) {
      const auto pick = static_cast<std::size_t>((static_cast<uint128>(stream.bits()) * r) >> 64);
      const auto& row = *rows[pick];
      for (std::size_t i = 0; i < d; ++i) sum_abs[i] += magnitude(row[i]);
    }
    for (std::size_t i = 0; i < d; ++i) boot[i][b] = ratio(sum_abs[i], r, delta);
  }
  for (std::size_t i = 0; i < d; ++i) {
    out.factors[i].mu_star_interval = percentile_interval(boot[i], confidence);
  }
  return out;
}

}  // namespace fundsim::sensitivity
