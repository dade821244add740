// The split optimiser and its bounded simplex: lattice against brute-force enumeration,
// projection against its optimality condition, optimum against water-filling closed forms, and
// against an exhaustive fine grid on a function with small deterministic jumps.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "decision/split_optimiser.hpp"
#include "errors.hpp"
#include "test_data.hpp"

namespace fundsim::decision {
namespace {

using testing::TestRandom;

double sum_of(const Shares& s) {
  double t = 0.0;
  for (const double x : s) t += x;
  return t;
}

void expect_feasible(const Shares& s, const ShareBounds& b) {
  ASSERT_EQ(s.size(), b.lower.size());
  for (std::size_t l = 0; l < s.size(); ++l) {
    EXPECT_GE(s[l], b.lower[l]);
    EXPECT_LE(s[l], b.upper[l]);
  }
  EXPECT_NEAR(sum_of(s), 1.0, 1e-12);
}

TEST(BoundedSimplex, LatticeMatchesBruteForceEnumeration) {
  const ShareBounds b{{0.1, 0.0, 0.05, 0.2}, {0.5, 0.3, 1.0, 0.6}};
  const std::vector<Shares> lattice = bounded_simplex_lattice(b, 0.05, 100000);
  // Brute force: all (k1..k4) in 0..20 with sum 20, kept if every share is inside its bounds.
  std::size_t expected = 0;
  for (int a = 0; a <= 20; ++a)
    for (int c = 0; c <= 20 - a; ++c)
      for (int d = 0; d <= 20 - a - c; ++d) {
        const int e = 20 - a - c - d;
        const double s[4] = {a / 20.0, c / 20.0, d / 20.0, e / 20.0};
        bool inside = true;
        for (int l = 0; l < 4; ++l) inside = inside && s[l] >= b.lower[l] && s[l] <= b.upper[l];
        if (inside) {
          ++expected;
          EXPECT_NE(std::find(lattice.begin(), lattice.end(), Shares(s, s + 4)), lattice.end());
        }
      }
  EXPECT_EQ(lattice.size(), expected);
  for (const Shares& s : lattice) expect_feasible(s, b);
  // Unbounded simplex of 4 levers at step 1/20: C(23, 3) points.
  const ShareBounds free{{0, 0, 0, 0}, {1, 1, 1, 1}};
  EXPECT_EQ(bounded_simplex_lattice(free, 0.05, 100000).size(), 1771u);
}

TEST(BoundedSimplex, RejectsInfeasibleBoundsAndEmptyLattices) {
  EXPECT_THROW(bounded_simplex_lattice({{0.5, 0.6}, {1, 1}}, 0.1, 100), InputError);
  EXPECT_THROW(bounded_simplex_lattice({{0, 0}, {0.4, 0.5}}, 0.1, 100), InputError);
  EXPECT_THROW(bounded_simplex_lattice({{0, 0}, {1, 1}}, 0.3, 100), InputError);  // 1/0.3
  // Feasible (e.g. 1/3 each) but no lattice point at step 0.05: 0.31..0.34 holds none of k/20.
  EXPECT_THROW(bounded_simplex_lattice({{0.31, 0.31, 0.31}, {0.34, 0.34, 0.34}}, 0.05, 100),
               InputError);
  EXPECT_THROW(bounded_simplex_lattice({{0, 0, 0, 0}, {1, 1, 1, 1}}, 0.01, 1000), InputError);
}

// The projection p of x is optimal iff (x - p) . (y - p) <= 0 for every feasible y; checked
// against random feasible points (projections of random points are feasible by construction).
TEST(BoundedSimplex, ProjectionIsFeasibleAndNearest) {
  TestRandom rng(61);
  const ShareBounds b{{0.05, 0.1, 0.0, 0.15}, {0.6, 0.4, 0.5, 0.7}};
  std::vector<Shares> feasible;
  for (int i = 0; i < 200; ++i) {
    Shares x(4);
    for (double& v : x) v = 2.0 * rng.uniform() - 0.5;
    feasible.push_back(project_onto_bounded_simplex(x, b));
  }
  for (int i = 0; i < 200; ++i) {
    Shares x(4);
    for (double& v : x) v = 3.0 * rng.uniform() - 1.0;
    const Shares p = project_onto_bounded_simplex(x, b);
    expect_feasible(p, b);
    for (const Shares& y : feasible) {
      double inner = 0.0;
      for (int l = 0; l < 4; ++l) inner += (x[l] - p[l]) * (y[l] - p[l]);
      EXPECT_LE(inner, 1e-12);
    }
  }
  const Shares inside = {0.3, 0.2, 0.2, 0.3};
  const Shares same = project_onto_bounded_simplex(inside, b);
  for (int l = 0; l < 4; ++l) EXPECT_NEAR(same[l], inside[l], 1e-15);
}

// Saturating returns: value V_l (1 - 2^(-B s_l / h_l)), h_l the half-saturation spend.
struct Saturating {
  std::vector<double> value, half;
  double budget;
  double operator()(const Shares& s) const {
    double total = 0.0;
    for (std::size_t l = 0; l < s.size(); ++l) {
      total += value[l] * (1.0 - std::exp2(-budget * s[l] / half[l]));
    }
    return total;
  }
};

// Water-filling: at the optimum every lever's marginal value V ln2 (B / h) 2^(-B s / h) equals
// mu unless it sits at a bound, so s_l(mu) = clamp((h / B) log2(V ln2 B / (h mu)), lo, hi);
// sum s_l(mu) decreases in mu, and bisection on log mu finds sum = 1.
Shares water_filling(const Saturating& f, const ShareBounds& b) {
  const auto shares = [&](double mu) {
    Shares s(f.value.size());
    for (std::size_t l = 0; l < s.size(); ++l) {
      const double free = f.half[l] / f.budget *
                          std::log2(f.value[l] * std::log(2.0) * f.budget / (f.half[l] * mu));
      s[l] = std::clamp(free, b.lower[l], b.upper[l]);
    }
    return s;
  };
  double lo = -60.0, hi = 60.0;  // log mu
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (sum_of(shares(std::exp(mid))) > 1.0 ? lo : hi) = mid;
  }
  return shares(std::exp(0.5 * (lo + hi)));
}

BatchObjective minimise(const std::function<double(const Shares&)>& f, std::size_t* calls = nullptr,
                        const ShareBounds* check = nullptr) {
  return [f, calls, check](std::span<const Shares> c, std::span<double> v) {
    for (std::size_t i = 0; i < c.size(); ++i) {
      if (check) expect_feasible(c[i], *check);
      v[i] = f(c[i]);
    }
    if (calls) *calls += c.size();
  };
}

TEST(SplitOptimiser, MatchesWaterFillingOptimum) {
  struct Case {
    const char* name;
    Saturating f;
    ShareBounds bounds;
  };
  const std::vector<Case> cases = {
      {"2 levers, free", {{3.0, 2.0}, {0.8, 0.5}, 4.0}, {{0, 0}, {1, 1}}},
      {"2 levers, upper bound active", {{3.0, 2.0}, {0.8, 0.5}, 4.0}, {{0, 0}, {0.45, 1}}},
      {"3 levers, free", {{5.0, 3.0, 2.2}, {1.0, 0.6, 0.4}, 3.0}, {{0, 0, 0}, {1, 1, 1}}},
      {"3 levers, lower bound active",
       {{5.0, 3.0, 2.2}, {1.0, 0.6, 0.4}, 3.0},
       {{0, 0, 0.3}, {1, 1, 1}}},
      {"4 levers, free",
       {{4.0, 3.0, 2.5, 1.0}, {1.2, 0.7, 0.5, 0.3}, 5.0},
       {{0, 0, 0, 0}, {1, 1, 1, 1}}},
      {"4 levers, both bounds active",
       {{4.0, 3.0, 2.5, 1.0}, {1.2, 0.7, 0.5, 0.3}, 5.0},
       {{0.1, 0.1, 0.1, 0.15}, {0.35, 1, 1, 1}}},
  };
  for (const Case& c : cases) {
    const Shares exact = water_filling(c.f, c.bounds);
    const double best = c.f(exact);
    std::size_t calls = 0;
    const SplitResult r = optimise_split(
        minimise([&](const Shares& s) { return -c.f(s); }, &calls, &c.bounds), c.bounds);
    const Candidate& found = r.best_candidate();
    double share_error = 0.0;
    for (std::size_t l = 0; l < exact.size(); ++l)
      share_error = std::max(share_error, std::abs(found.shares[l] - exact[l]));
    EXPECT_LE(-found.value, best + 1e-12) << c.name;  // cannot beat the true optimum
    EXPECT_LT(best + found.value, 1e-9 * best) << c.name;
    EXPECT_LT(share_error, 1e-4) << c.name;
    for (const Candidate& e : r.evaluated) expect_feasible(e.shares, c.bounds);
  }
}

// A sample-average-like objective: smooth saturating returns plus a deterministic jump of up
// to delta on every cell of side 1/500 (the small steps a fixed set of replicates produces).
struct Jumpy {
  Saturating smooth{{4.0, 3.0, 2.5}, {1.0, 0.6, 0.5}, 3.0};
  double delta = 1e-3;
  double operator()(const Shares& s) const {
    std::uint64_t h = 1469598103934665603ULL;
    for (std::size_t l = 0; l + 1 < s.size(); ++l) {
      h = (h ^ static_cast<std::uint64_t>(std::floor(s[l] * 500.0))) * 1099511628211ULL;
    }
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 32;
    return -smooth(s) + delta * static_cast<double>(h % 1000) / 1000.0;
  }
};

TEST(SplitOptimiser, AtLeastAsGoodAsExhaustiveFineGridOnJumpyObjective) {
  const Jumpy f;
  const ShareBounds b{{0.05, 0.0, 0.1}, {0.8, 0.7, 0.6}};
  std::size_t calls = 0;
  const SplitResult r = optimise_split(minimise(std::cref(f), &calls, &b), b);
  double grid_best = std::numeric_limits<double>::infinity();
  for (const Shares& s : bounded_simplex_lattice(b, 0.001, 1'000'000))
    grid_best = std::min(grid_best, f(s));
  double coarse_best = std::numeric_limits<double>::infinity();
  for (const Candidate& c : r.evaluated) {
    if (c.phase == Phase::grid) coarse_best = std::min(coarse_best, c.value);
  }
  // A local search can stop in a cell whose jump is up to delta above a neighbour's, and the
  // fine grid (step 0.001, two points per cell side) sees nearly every cell near the optimum:
  // tolerance delta.
  EXPECT_LE(r.best_candidate().value, grid_best + f.delta);
  EXPECT_LT(r.best_candidate().value, coarse_best);  // refinement improved on the coarse grid
}

TEST(SplitOptimiser, DeterministicBatchedAndFeasible) {
  const Jumpy f;
  const ShareBounds b{{0.0, 0.1, 0.1}, {0.6, 0.9, 0.5}};
  SplitOptions o;
  o.batch_size = 7;
  std::size_t largest_batch = 0;
  const BatchObjective batched = [&](std::span<const Shares> c, std::span<double> v) {
    largest_batch = std::max(largest_batch, c.size());
    for (std::size_t i = 0; i < c.size(); ++i) v[i] = f(c[i]);
  };
  const SplitResult a = optimise_split(batched, b, o);
  const SplitResult c = optimise_split(batched, b, o);
  EXPECT_LE(largest_batch, 7u);
  ASSERT_EQ(a.evaluated.size(), c.evaluated.size());
  for (std::size_t i = 0; i < a.evaluated.size(); ++i) {
    EXPECT_EQ(a.evaluated[i].shares, c.evaluated[i].shares);
    EXPECT_EQ(a.evaluated[i].value, c.evaluated[i].value);
  }
  EXPECT_EQ(a.best, c.best);
  // Grid first, then each start's refinement, every split distinct and feasible.
  for (std::size_t i = 0; i < a.evaluated.size(); ++i) {
    EXPECT_EQ(a.evaluated[i].phase, i < a.grid_points ? Phase::grid : Phase::refine);
    expect_feasible(a.evaluated[i].shares, b);
  }
  for (std::size_t i = 1; i < a.evaluated.size(); ++i) {
    EXPECT_LE(a.best_candidate().value, a.evaluated[i].value);
  }
}

TEST(SplitOptimiser, ErrorsPropagateWithTheirType) {
  const ShareBounds b{{0, 0}, {1, 1}};
  int calls = 0;
  // Thrown during refinement (after the 21 grid points), through NLopt.
  const BatchObjective interrupted = [&](std::span<const Shares> c, std::span<double> v) {
    for (std::size_t i = 0; i < c.size(); ++i) {
      if (++calls > 25) throw Interrupted(2);
      v[i] = c[i][0];
    }
  };
  EXPECT_THROW(optimise_split(interrupted, b), Interrupted);
  const BatchObjective not_a_number = [](std::span<const Shares>, std::span<double> v) {
    for (double& x : v) x = std::numeric_limits<double>::quiet_NaN();
  };
  EXPECT_THROW(optimise_split(not_a_number, b), InputError);
  // One lever: the only split is (1).
  const SplitResult one =
      optimise_split(minimise([](const Shares& s) { return s[0]; }), {{0}, {1}});
  ASSERT_EQ(one.evaluated.size(), 1u);
  EXPECT_EQ(one.best_candidate().shares, Shares{1.0});
}

}  // namespace
}  // namespace fundsim::decision
