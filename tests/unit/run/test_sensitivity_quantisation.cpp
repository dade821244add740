// The quantisation scale of real-valued sensitivity outputs (run/sensitivity_outputs).
#include <gtest/gtest.h>

#include <cmath>

#include "errors.hpp"
#include "run/sensitivity_outputs.hpp"

namespace fundsim {
namespace {

TEST(Quantisation, Scale) {
  // max |y| * scale <= 2^36 with the largest power of two.
  for (const double largest : {1.0, 3.0, 1e-3, 6.5e8, 1e15}) {
    const double scale = quantisation_scale(largest);
    EXPECT_LE(largest * scale, std::ldexp(1.0, 36)) << largest;
    EXPECT_GT(largest * scale * 2, std::ldexp(1.0, 36)) << largest;
    int exponent = 0;
    EXPECT_EQ(std::frexp(scale, &exponent), 0.5) << "a power of two";
  }
  EXPECT_EQ(quantisation_scale(0.0), std::ldexp(1.0, 20));
  EXPECT_EQ(quantise(2.5, 4.0), 10);
  EXPECT_EQ(quantise(-2.4, 1.0), -2);
  EXPECT_THROW(quantise(1e300, 1.0), NumericError);
}

}  // namespace
}  // namespace fundsim
