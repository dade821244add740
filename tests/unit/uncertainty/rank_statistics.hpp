#pragma once
// Spearman's rank correlation for the correlation tests, written independently of the code under
// test (which never computes a rank correlation).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <span>
#include <vector>

namespace fundsim::test {

// Ranks 0..n-1 by value (the tests' inputs have no ties; checked).
inline std::vector<double> ranks(std::span<const double> values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> rank(values.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(values[order[i - 1]], values[order[i]]) << "tie in a test column";
    }
    rank[order[i]] = static_cast<double>(i);
  }
  return rank;
}

// Spearman's rank correlation: Pearson's correlation of the ranks.
inline double spearman(std::span<const double> a, std::span<const double> b) {
  const std::vector<double> ra = ranks(a), rb = ranks(b);
  const double mean = (static_cast<double>(a.size()) - 1.0) / 2.0;
  double sab = 0.0, saa = 0.0, sbb = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) * (ra[i] - mean);
    sbb += (rb[i] - mean) * (rb[i] - mean);
  }
  return sab / std::sqrt(saa * sbb);
}

}  // namespace fundsim::test
