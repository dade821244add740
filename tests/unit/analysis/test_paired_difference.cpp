#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "analysis/log_histogram.hpp"
#include "analysis/paired_difference.hpp"

namespace fundsim {
namespace {

double exact_quantile(std::vector<std::int64_t> v, double q) {
  std::sort(v.begin(), v.end());
  const auto rank = std::clamp<std::size_t>(
      static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size()))), 1, v.size());
  return static_cast<double>(v[rank - 1]);
}

TEST(SignedLogHistogram, SmallValuesGiveExactQuantilesOnBothSides) {
  SignedLogHistogram h;
  std::vector<std::int64_t> data;
  for (std::int64_t i = 0; i < 1001; ++i) {
    data.push_back((i * 37) % 211 - 105);  // -105 .. 105
    h.add(data.back());
  }
  EXPECT_EQ(h.count(), data.size());
  for (double q : {0.0, 0.001, 0.01, 0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975, 0.999, 1.0}) {
    EXPECT_EQ(h.quantile(q), exact_quantile(data, q)) << "q = " << q;
  }
}

TEST(SignedLogHistogram, LargeValuesWithinRelativeBound) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> dist(300.0, 20000.0);  // test data only
  SignedLogHistogram h;
  std::vector<std::int64_t> data;
  for (int i = 0; i < 40001; ++i) {
    data.push_back(static_cast<std::int64_t>(dist(rng)));
    h.add(data.back());
  }
  std::vector<double> levels = {0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975}, out(levels.size());
  h.quantiles(levels, out);
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const double exact = exact_quantile(data, levels[i]);
    EXPECT_NEAR(out[i], exact, std::fabs(exact) / 256.0 + 0.5) << "q = " << levels[i];
    EXPECT_EQ(out[i], h.quantile(levels[i]));
  }
}

TEST(SignedLogHistogram, ExtremesAndEmpty) {
  EXPECT_TRUE(std::isnan(SignedLogHistogram().quantile(0.5)));
  SignedLogHistogram h;
  h.add(std::numeric_limits<std::int64_t>::min());
  h.add(-1);
  h.add(0);
  EXPECT_LT(h.quantile(0.0), -9.2e18);
  EXPECT_EQ(h.quantile(0.5), -1.0);
  EXPECT_EQ(h.quantile(1.0), 0.0);
}

TEST(SignedLogHistogram, MergeIsOrderIndependent) {
  std::mt19937_64 rng(9);
  std::vector<SignedLogHistogram> parts(7);
  SignedLogHistogram all;
  for (int i = 0; i < 20000; ++i) {
    const auto x = static_cast<std::int64_t>(rng() % 2000001) - 1000000;
    parts[static_cast<std::size_t>(i) % parts.size()].add(x);
    all.add(x);
  }
  SignedLogHistogram forward, backward;
  for (const auto& p : parts) forward.merge(p);
  for (std::size_t i = parts.size(); i-- > 0;) backward.merge(parts[i]);
  for (double q : {0.01, 0.05, 0.3, 0.5, 0.77, 0.95, 0.99}) {
    EXPECT_EQ(forward.quantile(q), all.quantile(q));
    EXPECT_EQ(backward.quantile(q), all.quantile(q));
  }
}

TEST(DifferenceSummary, ProbBetterCountsTiesHalf) {
  DifferenceSummary d;
  for (std::int64_t x : {-3, -1, 0, 0, 2}) d.add(x);
  EXPECT_DOUBLE_EQ(d.prob_better(Better::lower), (2 + 1.0) / 5);
  EXPECT_DOUBLE_EQ(d.prob_better(Better::higher), (1 + 1.0) / 5);
  EXPECT_TRUE(std::isnan(d.prob_better(Better::none)));
  EXPECT_DOUBLE_EQ(d.mean(), -0.4);
  EXPECT_NEAR(d.standard_error(), d.moments.sd() / std::sqrt(5.0), 1e-15);
}

// Random blocks of two "scenarios"; the accumulator's results must equal differences computed
// directly, and must not depend on how the replicates are split into blocks or merged.
struct Pair {
  TrajectoryBlock scenario, baseline;
};

Pair random_pair(std::mt19937_64& rng, std::size_t K, std::size_t T, std::size_t R,
                 std::uint64_t first) {
  Pair p;
  p.scenario.resize(K, T, R);
  p.baseline.resize(K, T, R);
  p.scenario.first_replicate = p.baseline.first_replicate = first;
  for (Metric m : all_metrics()) {
    const auto i = static_cast<std::size_t>(m);
    if (is_level(m)) continue;
    if (!metric_info(m).per_class) {  // e.g. children safeguarded
      for (std::size_t j = 0; j < R * T; ++j) {
        p.baseline.counts[i][j] = static_cast<std::int32_t>(rng() % 50);
        p.scenario.counts[i][j] = static_cast<std::int32_t>(rng() % 60);
      }
      continue;
    }
    for (std::size_t j = 0; j < R * T * K; ++j) {
      const auto base = static_cast<std::int32_t>(rng() % 5000);
      p.baseline.counts[i][j] = base;
      p.scenario.counts[i][j] =
          std::max<std::int32_t>(0, base + static_cast<std::int32_t>(rng() % 301) - 140);
    }
  }
  return p;
}

TEST(PairedDifferenceSummary, ExactMeansAndOrderIndependence) {
  std::mt19937_64 rng(21);
  const std::size_t K = 3, T = 5, R = 10;
  std::vector<Pair> blocks;
  for (std::size_t b = 0; b < 6; ++b) blocks.push_back(random_pair(rng, K, T, R, b * R));

  PairedDifferenceSummary forward(K, T), backward(K, T), merged(K, T);
  for (const auto& p : blocks) forward.add(p.scenario, p.baseline);
  for (std::size_t b = blocks.size(); b-- > 0;)
    backward.add(blocks[b].scenario, blocks[b].baseline);
  PairedDifferenceSummary part1(K, T), part2(K, T);
  for (std::size_t b = 0; b < blocks.size(); ++b)
    (b % 2 ? part1 : part2).add(blocks[b].scenario, blocks[b].baseline);
  merged.merge(part2);
  merged.merge(part1);

  // Direct differences.
  for (Metric metric : total_metrics()) {
    const std::size_t width = metric_info(metric).per_class ? K : 1;
    std::vector<std::int64_t> horizon;
    std::vector<std::vector<std::int64_t>> per_month(T);
    for (const auto& p : blocks) {
      for (std::size_t r = 0; r < R; ++r) {
        std::int64_t total = 0;
        for (std::size_t t = 0; t < T; ++t) {
          std::int64_t d = 0;
          for (std::size_t k = 0; k < width; ++k)
            d += p.scenario.value(metric, r, t, k) - p.baseline.value(metric, r, t, k);
          per_month[t].push_back(d);
          const bool stock = metric_info(metric).aggregation == Aggregation::stock;
          if (!stock || t + 1 == T) total += d;
        }
        horizon.push_back(total);
      }
    }
    const auto check = [&](const DifferenceSummary& s, const std::vector<std::int64_t>& v,
                           const char* where) {
      std::int64_t sum = 0, below = 0, ties = 0;
      for (auto x : v) {
        sum += x;
        below += x < 0;
        ties += x == 0;
      }
      ASSERT_EQ(s.n(), v.size()) << where;
      EXPECT_EQ(static_cast<std::int64_t>(s.moments.sum), sum) << where;
      EXPECT_EQ(s.mean(), static_cast<double>(static_cast<long double>(sum) /
                                              static_cast<long double>(v.size())))
          << where;
      EXPECT_EQ(static_cast<std::int64_t>(s.negative), below) << where;
      EXPECT_EQ(static_cast<std::int64_t>(s.zero), ties) << where;
      for (double q : {0.05, 0.5, 0.95}) {
        const double exact = exact_quantile(v, q);
        // No anchors set (a single anchor at 0): within 1/128 of |x| (64 buckets per octave).
        EXPECT_NEAR(s.histogram.quantile(q), exact, std::fabs(exact) / 128.0 + 0.5)
            << where << " q " << q;
      }
    };
    check(forward.horizon(metric), horizon, metric_name(metric));
    for (std::size_t t = 0; t < T; ++t) check(forward.month(metric, t), per_month[t], "month");
    for (const PairedDifferenceSummary* other : {&backward, &merged}) {
      const DifferenceSummary& a = forward.horizon(metric);
      const DifferenceSummary& b = other->horizon(metric);
      EXPECT_EQ(a.mean(), b.mean());
      EXPECT_EQ(a.standard_error(), b.standard_error());
      EXPECT_EQ(a.prob_better(Better::lower), b.prob_better(Better::lower));
      for (double q : {0.025, 0.05, 0.5, 0.95, 0.975})
        EXPECT_EQ(a.histogram.quantile(q), b.histogram.quantile(q));
      for (std::size_t t = 0; t < T; ++t) {
        EXPECT_EQ(forward.month(metric, t).moments.sum, other->month(metric, t).moments.sum);
        EXPECT_EQ(forward.month(metric, t).histogram.quantile(0.5),
                  other->month(metric, t).histogram.quantile(0.5));
      }
    }
  }
}

TEST(PairedDifferenceSummary, ScenarioAgainstItselfIsZero) {
  std::mt19937_64 rng(4);
  const Pair p = random_pair(rng, 2, 4, 8, 0);
  PairedDifferenceSummary s(2, 4);
  s.add(p.baseline, p.baseline);
  for (Metric m : total_metrics()) {
    const auto& d = s.horizon(m);
    EXPECT_EQ(d.mean(), 0.0);
    EXPECT_EQ(d.standard_error(), 0.0);
    EXPECT_EQ(d.histogram.quantile(0.05), 0.0);
    EXPECT_EQ(d.prob_better(Better::lower), 0.5);
  }
}

TEST(PairedDifferenceSummary, OffenderMonthsSumActiveOverMonthsAndClasses) {
  std::mt19937_64 rng(8);
  const std::size_t K = 3, T = 7, R = 12;
  const Pair p = random_pair(rng, K, T, R, 0);
  PairedDifferenceSummary s(K, T);
  s.add(p.scenario, p.baseline);
  std::int64_t total = 0, below = 0;
  for (std::size_t r = 0; r < R; ++r) {
    std::int64_t d = 0;
    for (std::size_t t = 0; t < T; ++t) {
      for (std::size_t k = 0; k < K; ++k) {
        d += p.scenario.value(Metric::active, r, t, k) - p.baseline.value(Metric::active, r, t, k);
      }
    }
    total += d;
    below += d < 0;
  }
  EXPECT_EQ(static_cast<std::int64_t>(s.offender_months().moments.sum), total);
  EXPECT_EQ(static_cast<std::int64_t>(s.offender_months().negative), below);
  EXPECT_EQ(s.offender_months().n(), R);
}

TEST(PairedDifferenceSummary, YearsSumFlowsAndTakeStocksAtTheYearEnd) {
  std::mt19937_64 rng(12);
  const std::size_t K = 2, T = 30, R = 6;  // years of 12, 12 and 6 months
  const Pair p = random_pair(rng, K, T, R, 0);
  PairedDifferenceSummary s(K, T);
  s.add(p.scenario, p.baseline);
  ASSERT_EQ(s.years(), 3U);
  for (std::size_t y = 0; y < 3; ++y) {
    std::int64_t arrests = 0, backlog = 0, safeguarded = 0;
    const std::size_t last = std::min<std::size_t>(T, 12 * y + 12) - 1;
    for (std::size_t r = 0; r < R; ++r) {
      for (std::size_t t = 12 * y; t <= last; ++t) {
        safeguarded += p.scenario.value(Metric::safeguarded, r, t, 0) -
                       p.baseline.value(Metric::safeguarded, r, t, 0);
        for (std::size_t k = 0; k < K; ++k) {
          arrests += p.scenario.value(Metric::arrests, r, t, k) -
                     p.baseline.value(Metric::arrests, r, t, k);
          if (t == last)
            backlog += p.scenario.value(Metric::backlog, r, t, k) -
                       p.baseline.value(Metric::backlog, r, t, k);
        }
      }
    }
    EXPECT_EQ(static_cast<std::int64_t>(s.year(Metric::arrests, y).moments.sum), arrests) << y;
    EXPECT_EQ(static_cast<std::int64_t>(s.year(Metric::backlog, y).moments.sum), backlog) << y;
    EXPECT_EQ(static_cast<std::int64_t>(s.year(Metric::safeguarded, y).moments.sum), safeguarded)
        << y;
  }
  EXPECT_EQ(s.year(Metric::backlog, 2).moments.sum, s.horizon(Metric::backlog).moments.sum);
}

TEST(PairedDifferenceSummary, MismatchedBlocksAreRejected) {
  std::mt19937_64 rng(4);
  Pair p = random_pair(rng, 2, 4, 8, 0);
  p.scenario.first_replicate = 8;
  PairedDifferenceSummary s(2, 4);
  EXPECT_THROW(s.add(p.scenario, p.baseline), std::invalid_argument);
}

}  // namespace
}  // namespace fundsim
