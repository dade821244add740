// Numbers as tables print them: significant figures, separators, sign, and the edge cases
// (negatives, zero, NaN, infinities, huge and tiny values). Expected texts are worked out by
// hand from the rounding rule, not taken from the code's output.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "support/number_format.hpp"

namespace fundsim {
namespace {

TEST(NumberFormat, ThreeSignificantFigures) {
  EXPECT_EQ(format_significant(40012345), "40,000,000");
  EXPECT_EQ(format_significant(23600000), "23,600,000");
  EXPECT_EQ(format_significant(0.71534), "0.715");
  EXPECT_EQ(format_significant(1234.5), "1,230");
  EXPECT_EQ(format_significant(12), "12.0");  // trailing zeros are significant
  EXPECT_EQ(format_significant(1), "1.00");
  EXPECT_EQ(format_significant(0.5), "0.500");
  EXPECT_EQ(format_significant(0.012345), "0.0123");
  EXPECT_EQ(format_significant(676864), "677,000");
}

TEST(NumberFormat, RoundingCarriesIntoANewDigit) {
  EXPECT_EQ(format_significant(999.6), "1,000");
  EXPECT_EQ(format_significant(9.996), "10.0");
  EXPECT_EQ(format_significant(0.09996), "0.100");
  EXPECT_EQ(format_significant(99950), "100,000");
}

TEST(NumberFormat, Negatives) {
  EXPECT_EQ(format_significant(-1234.5), "-1,230");
  EXPECT_EQ(format_significant(-0.71534), "-0.715");
  EXPECT_EQ(format_significant(-19322.4), "-19,300");
  EXPECT_EQ(format_significant(-19322.4, {3, true, true}), "-19,300");  // sign adds no "+"
}

TEST(NumberFormat, SignedPositives) {
  EXPECT_EQ(format_significant(251803.8, {3, true, true}), "+252,000");
  EXPECT_EQ(format_significant(0.5, {3, true, true}), "+0.500");
}

TEST(NumberFormat, ZeroAndNegativeZero) {
  EXPECT_EQ(format_significant(0), "0");
  EXPECT_EQ(format_significant(-0.0), "0");
  EXPECT_EQ(format_significant(0, {3, true, true}), "0");  // no "+0"
}

TEST(NumberFormat, NotFinite) {
  EXPECT_EQ(format_significant(std::numeric_limits<double>::quiet_NaN()), "n/a");
  EXPECT_EQ(format_significant(INFINITY), "inf");
  EXPECT_EQ(format_significant(-INFINITY), "-inf");
}

TEST(NumberFormat, HugeAndTinyInScientificNotation) {
  EXPECT_EQ(format_significant(1.23456e15), "1.23e+15");
  EXPECT_EQ(format_significant(-9.87654e20), "-9.88e+20");
  EXPECT_EQ(format_significant(9.99e14), "999,000,000,000,000");  // the largest fixed one
  EXPECT_EQ(format_significant(1.23456e-5), "1.23e-05");
  EXPECT_EQ(format_significant(0.000123456), "0.000123");  // 1e-4 and up stay fixed
  EXPECT_EQ(format_significant(std::numeric_limits<double>::denorm_min()), "4.94e-324");
  EXPECT_EQ(format_significant(std::numeric_limits<double>::max()), "1.80e+308");
}

TEST(NumberFormat, OtherDigitCountsAndNoGrouping) {
  EXPECT_EQ(format_significant(1234.5, {1, true, false}), "1,000");
  EXPECT_EQ(format_significant(1234.5, {5, true, false}), "1,234.5");
  EXPECT_EQ(format_significant(1234.5, {3, false, false}), "1230");
  EXPECT_EQ(format_significant(23600000, {3, false, false}), "23600000");
}

TEST(NumberFormat, FullPrecisionReadsBackExactly) {
  const NumberStyle full{0, false, false};
  EXPECT_EQ(format_significant(0.1, full), "0.1");
  EXPECT_EQ(format_significant(1234.5, full), "1234.5");
  EXPECT_EQ(format_significant(1234.5, {0, true, false}), "1,234.5");
  EXPECT_EQ(format_significant(78666700, full), "78666700");
  for (double v : {0.1 + 0.2, 1.0 / 3.0, 35779.512345678, -2.5e-3, 6.02214076e23}) {
    const std::string text = format_significant(v, full);
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), v) << text;
  }
}

TEST(NumberFormat, Percentages) {
  EXPECT_EQ(format_percent(0.24), "24%");
  EXPECT_EQ(format_percent(14.0 / 300.0), "4.67%");
  EXPECT_EQ(format_percent(1.0 / 300.0), "0.333%");
  EXPECT_EQ(format_percent(0.5), "50%");
  EXPECT_EQ(format_percent(0), "0%");
  EXPECT_EQ(format_percent(1), "100%");
  EXPECT_EQ(format_percent(9999.0 / 10000.0), "99.9%");  // not "100%": one replicate gains
  EXPECT_EQ(format_percent(std::numeric_limits<double>::quiet_NaN()), "n/a");
}

}  // namespace
}  // namespace fundsim
