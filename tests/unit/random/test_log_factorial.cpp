// log_factorial and the log-pmfs used by the samplers' rejection steps.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <utility>
#include <vector>

#include "random/log_pmf.hpp"
#include "random/samplers.hpp"

namespace fundsim {
namespace {

// 0..2000 exhaustively (covers the table/series boundary at 256), then ~60 points per
// decade up to 1e6, plus a few beyond.
std::vector<std::int64_t> sample_points() {
  std::vector<std::int64_t> ks;
  for (std::int64_t k = 0; k <= 2000; ++k) ks.push_back(k);
  for (double x = 2000.0; x <= 1e6; x *= 1.04) ks.push_back(static_cast<std::int64_t>(x));
  for (std::int64_t k : {999999LL, 1000000LL, 123456789LL, 1000000000000LL, 999999999999999LL})
    ks.push_back(k);
  return ks;
}

TEST(LogFactorial, MatchesLgammaToRelative1e12) {
  for (std::int64_t k : sample_points()) {
    // Reference in long double; relative 1e-12 (absolute 1e-12 where log k! = 0).
    const long double ref = std::lgamma(static_cast<long double>(k) + 1.0L);
    const double got = log_factorial(k);
    const double tol = 1e-12 * std::max(1.0, std::fabs(static_cast<double>(ref)));
    ASSERT_NEAR(got, static_cast<double>(ref), tol) << "k=" << k;
    // Also against the double std::lgamma, as specified.
    ASSERT_NEAR(got, std::lgamma(static_cast<double>(k) + 1.0), tol) << "k=" << k;
  }
  EXPECT_EQ(log_factorial(0), 0.0);
  EXPECT_EQ(log_factorial(1), 0.0);
  EXPECT_DOUBLE_EQ(log_factorial(5), std::log(120.0));
}

TEST(LogFactorial, IncrementsAreLogK) {
  // log k! - log (k-1)! = log k, across the table boundary and in the series range.
  for (std::int64_t k : {2LL, 100LL, 255LL, 256LL, 257LL, 1000LL, 100000LL}) {
    EXPECT_NEAR(log_factorial(k) - log_factorial(k - 1), std::log(static_cast<double>(k)),
                1e-12 * log_factorial(k))
        << k;
  }
}

TEST(LogPmf, StirlingErrorAndDevianceBasics) {
  // stirling_error(k) ~ 1/(12k); deviance is 0 at x = m and positive elsewhere.
  EXPECT_NEAR(detail::stirling_error(1), 1.0 - 0.5 * std::log(2.0 * std::numbers::pi), 1e-15);
  EXPECT_NEAR(detail::stirling_error(1000000) * 12e6, 1.0, 1e-10);
  EXPECT_EQ(detail::deviance_term(5.0, 5.0), 0.0);
  EXPECT_GT(detail::deviance_term(4.0, 5.0), 0.0);
  EXPECT_DOUBLE_EQ(detail::deviance_term(0.0, 5.0), 5.0);
  EXPECT_NEAR(detail::deviance_term(10.0, 5.0), 10.0 * std::log(2.0) - 5.0, 1e-14);
}

TEST(LogPmf, MatchesLgammaFormulaForModerateArguments) {
  // Where the direct formula in long double is accurate (|terms| < ~1e7), agree to 1e-10.
  for (double mean : {10.0, 37.0, 1000.0, 123456.7}) {
    for (double z : {-6.0, -2.0, 0.0, 1.0, 5.0}) {
      const auto k = static_cast<std::int64_t>(std::max(0.0, mean + z * std::sqrt(mean)));
      const long double ref =
          -static_cast<long double>(mean) +
          static_cast<long double>(k) * std::log(static_cast<long double>(mean)) -
          std::lgamma(static_cast<long double>(k) + 1.0L);
      EXPECT_NEAR(detail::poisson_log_pmf(k, mean), static_cast<double>(ref), 1e-10)
          << mean << " " << k;
    }
  }
  for (auto [n, p] : {std::pair{20LL, 0.3}, std::pair{1000LL, 0.01}, std::pair{1000000LL, 0.4}}) {
    const long double nl = static_cast<long double>(n), pl = p;
    for (std::int64_t k :
         {0LL, 1LL, n / 3, n / 2, static_cast<long long>(static_cast<double>(n) * p), n - 1, n}) {
      const long double kl = static_cast<long double>(k);
      const long double ref = std::lgamma(nl + 1.0L) - std::lgamma(kl + 1.0L) -
                              std::lgamma(nl - kl + 1.0L) + kl * std::log(pl) +
                              (nl - kl) * std::log1p(-pl);
      EXPECT_NEAR(detail::binomial_log_pmf(k, n, p), static_cast<double>(ref),
                  1e-10 * std::max(1.0, std::fabs(static_cast<double>(ref))))
          << n << " " << p << " " << k;
    }
  }
}

TEST(LogPmf, ExactRatiosAtHugeArguments) {
  // The property the samplers' exactness rests on: log f(k+j) - log f(k) equals the exact
  // log of the product of pmf ratios, to 1e-11 absolute, even at n, mean ~ 1e12..1e15 where
  // log-factorial differences would be off by 1e-3..10.
  for (double mean : {1e8, 1e12, 1e15}) {
    const double sd = std::sqrt(mean);
    for (double z : {-4.0, -1.0, 0.0, 0.5, 3.0}) {
      const auto k = static_cast<std::int64_t>(mean + z * sd);
      for (std::int64_t j : {1, 7, 1000}) {
        long double exact = 0.0L;  // sum of log(mean / (i + 1))
        for (std::int64_t i = k; i < k + j; ++i)
          exact += std::log(static_cast<long double>(mean) / static_cast<long double>(i + 1));
        EXPECT_NEAR(detail::poisson_log_pmf(k + j, mean) - detail::poisson_log_pmf(k, mean),
                    static_cast<double>(exact), 1e-11)
            << mean << " " << k << " " << j;
      }
    }
  }
  for (auto [n, p] : {std::pair{1000000000LL, 0.3}, std::pair{1000000000000LL, 0.4},
                      std::pair{1000000000000LL, 1e-6}}) {
    const double mean = static_cast<double>(n) * p;
    const double sd = std::sqrt(mean * (1.0 - p));
    for (double z : {-4.0, 0.0, 2.5}) {
      const auto k = static_cast<std::int64_t>(mean + z * sd);
      for (std::int64_t j : {1, 1000}) {
        long double exact = 0.0L;
        const long double pl = p, ql = 1.0L - pl;
        for (std::int64_t i = k; i < k + j; ++i)
          exact +=
              std::log(static_cast<long double>(n - i) / static_cast<long double>(i + 1) * pl / ql);
        EXPECT_NEAR(detail::binomial_log_pmf(k + j, n, p) - detail::binomial_log_pmf(k, n, p),
                    static_cast<double>(exact), 1e-11)
            << n << " " << p << " " << k << " " << j;
      }
    }
  }
}

TEST(LogPmf, SumsToOne) {
  for (double mean : {10.0, 5000.0, 1e8}) {
    const double sd = std::sqrt(mean);
    long double total = 0.0L;
    for (auto k = static_cast<std::int64_t>(std::max(0.0, mean - 12 * sd));
         k <= static_cast<std::int64_t>(mean + 12 * sd); ++k)
      total += std::exp(static_cast<long double>(detail::poisson_log_pmf(k, mean)));
    EXPECT_NEAR(static_cast<double>(total), 1.0, 1e-11) << mean;
  }
  for (auto [n, p] :
       {std::pair{50LL, 0.5}, std::pair{100000LL, 0.07}, std::pair{10000000000LL, 0.2}}) {
    const double mean = static_cast<double>(n) * p;
    const double sd = std::sqrt(mean * (1.0 - p));
    long double total = 0.0L;
    for (auto k = static_cast<std::int64_t>(std::max(0.0, mean - 12 * sd));
         k <= std::min<std::int64_t>(n, static_cast<std::int64_t>(mean + 12 * sd)); ++k)
      total += std::exp(static_cast<long double>(detail::binomial_log_pmf(k, n, p)));
    EXPECT_NEAR(static_cast<double>(total), 1.0, 1e-11) << n << " " << p;
  }
}

}  // namespace
}  // namespace fundsim
