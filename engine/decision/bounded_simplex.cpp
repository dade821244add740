#include "decision/bounded_simplex.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "errors.hpp"

namespace fundsim::decision {
namespace {

double sum_of(std::span<const double> v) {
  double s = 0.0;
  for (const double x : v) s += x;
  return s;
}

}  // namespace

void check_share_bounds(const ShareBounds& b) {
  if (b.lower.empty() || b.lower.size() != b.upper.size()) {
    throw InputError("share bounds: need one lower and one upper bound per lever");
  }
  for (std::size_t l = 0; l < b.lower.size(); ++l) {
    if (!(b.lower[l] >= 0.0 && b.lower[l] <= b.upper[l] && b.upper[l] <= 1.0)) {
      throw InputError("share bounds: lever " + std::to_string(l) +
                       " needs 0 <= lower <= upper <= 1");
    }
  }
  if (sum_of(b.lower) > 1.0 || sum_of(b.upper) < 1.0) {
    throw InputError(
        "share bounds: no split satisfies them (the lower bounds sum above 1 or "
        "the upper bounds below 1)");
  }
}

std::vector<Shares> bounded_simplex_lattice(const ShareBounds& bounds, double step,
                                            std::size_t max_points) {
  check_share_bounds(bounds);
  if (!(step > 0.0 && step <= 1.0)) throw InputError("grid step must be in (0, 1]");
  const double inverse = std::round(1.0 / step);
  if (std::abs(inverse * step - 1.0) > 1e-9) {
    throw InputError("grid step must divide 1 (e.g. 0.05, 0.1, 0.125)");
  }
  const auto m = static_cast<long>(inverse);
  const std::size_t levers = bounds.lower.size();
  const auto md = static_cast<double>(m);
  // Admissible numerators per lever, checked on the shares themselves.
  std::vector<std::vector<long>> admissible(levers);
  for (std::size_t l = 0; l < levers; ++l) {
    const long first = std::max(0L, static_cast<long>(std::floor(bounds.lower[l] * md)) - 1);
    const long last = std::min(m, static_cast<long>(std::ceil(bounds.upper[l] * md)) + 1);
    for (long k = first; k <= last; ++k) {
      const double s = static_cast<double>(k) / md;
      if (s >= bounds.lower[l] && s <= bounds.upper[l]) admissible[l].push_back(k);
    }
  }
  std::vector<Shares> points;
  std::vector<long> k(levers, 0);
  // Depth-first over levers, the last lever taking what remains.
  const auto visit = [&](auto&& self, std::size_t l, long remaining) -> void {
    if (l + 1 == levers) {
      if (!std::binary_search(admissible[l].begin(), admissible[l].end(), remaining)) return;
      k[l] = remaining;
      if (points.size() == max_points) {
        throw InputError("grid has more than " + std::to_string(max_points) +
                         " points: use a coarser step");
      }
      Shares s(levers);
      for (std::size_t j = 0; j < levers; ++j) s[j] = static_cast<double>(k[j]) / md;
      points.push_back(std::move(s));
      return;
    }
    for (const long kl : admissible[l]) {
      if (kl > remaining) break;
      k[l] = kl;
      self(self, l + 1, remaining - kl);
    }
  };
  visit(visit, 0, m);
  if (points.empty()) {
    throw InputError("no split on the grid of step " + std::to_string(step) +
                     " satisfies the share bounds: use a finer step");
  }
  return points;
}

Shares project_onto_bounded_simplex(std::span<const double> x, const ShareBounds& b) {
  const std::size_t n = b.lower.size();
  if (x.size() != n) throw Error("projection: point and bounds differ in lever count");
  const auto total = [&](double tau) {
    double s = 0.0;
    for (std::size_t l = 0; l < n; ++l) s += std::clamp(x[l] - tau, b.lower[l], b.upper[l]);
    return s;
  };
  // The sum is non-increasing and piecewise linear in tau with kinks at x - hi and x - lo.
  std::vector<double> kinks;
  kinks.reserve(2 * n);
  for (std::size_t l = 0; l < n; ++l) {
    kinks.push_back(x[l] - b.upper[l]);
    kinks.push_back(x[l] - b.lower[l]);
  }
  std::sort(kinks.begin(), kinks.end());
  // Largest kink with total >= 1 and smallest with total <= 1 bracket tau.
  std::size_t hi_index = 0;
  while (hi_index < kinks.size() && total(kinks[hi_index]) > 1.0) ++hi_index;
  double tau;
  if (hi_index == 0) {
    tau = kinks.front();
  } else if (hi_index == kinks.size()) {
    tau = kinks.back();
  } else {
    const double t0 = kinks[hi_index - 1], t1 = kinks[hi_index];
    const double s0 = total(t0), s1 = total(t1);
    tau = s0 == s1 ? t1 : t0 + (s0 - 1.0) * (t1 - t0) / (s0 - s1);
  }
  Shares s(n);
  for (std::size_t l = 0; l < n; ++l) s[l] = std::clamp(x[l] - tau, b.lower[l], b.upper[l]);
  // Give the rounding residual to the lever with the most room for it.
  const double residual = 1.0 - sum_of(s);
  std::size_t best = n;
  double room = 0.0;
  for (std::size_t l = 0; l < n; ++l) {
    const double r = residual > 0.0 ? b.upper[l] - s[l] : s[l] - b.lower[l];
    if (r > room) {
      room = r;
      best = l;
    }
  }
  if (best < n && room >= std::abs(residual)) s[best] += residual;
  return s;
}

}  // namespace fundsim::decision
