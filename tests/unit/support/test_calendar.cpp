#include <gtest/gtest.h>

#include "support/calendar.hpp"

namespace fundsim {
namespace {

TEST(Calendar, MonthsAfterAndBeforeCrossYears) {
  EXPECT_EQ(calendar_month("2018-10", 0), "2018-10");
  EXPECT_EQ(calendar_month("2018-10", 3), "2019-01");
  EXPECT_EQ(calendar_month("2018-10", 59), "2023-09");
  EXPECT_EQ(calendar_month("2018-10", -10), "2017-12");
  EXPECT_EQ(calendar_month("2012-01", -1), "2011-12");
  EXPECT_EQ(month_number("2018-10") - month_number("2012-01"), 81);
}

TEST(Calendar, TimestampIsIsoUtc) {
  const std::string stamp = utc_timestamp();
  ASSERT_EQ(stamp.size(), 20u);
  EXPECT_EQ(stamp[4], '-');
  EXPECT_EQ(stamp[10], 'T');
  EXPECT_EQ(stamp.back(), 'Z');
}

}  // namespace
}  // namespace fundsim
