#include <gtest/gtest.h>

#include <array>
#include <numeric>

#include "model/triage.hpp"

namespace fundsim {
namespace {

std::array<std::int64_t, 3> allocate(Triage rule, std::int64_t investigations,
                                     std::array<std::int64_t, 3> backlog,
                                     std::array<std::size_t, 3> order = {2, 1, 0}) {
  std::array<std::int64_t, 3> out{};
  allocate_investigations(rule, investigations, backlog, order, out);
  return out;
}

TEST(Triage, PriorityServesHighestPriorityFirst) {
  EXPECT_EQ(allocate(Triage::priority, 100, {50, 30, 40}),
            (std::array<std::int64_t, 3>{30, 30, 40}));
  EXPECT_EQ(allocate(Triage::priority, 35, {50, 30, 40}), (std::array<std::int64_t, 3>{0, 0, 35}));
  EXPECT_EQ(allocate(Triage::priority, 120, {50, 30, 40}),
            (std::array<std::int64_t, 3>{50, 30, 40}));
  EXPECT_EQ(allocate(Triage::priority, 0, {50, 30, 40}), (std::array<std::int64_t, 3>{0, 0, 0}));
}

TEST(Triage, PriorityFollowsTheGivenOrder) {
  EXPECT_EQ(allocate(Triage::priority, 60, {50, 30, 40}, {0, 1, 2}),
            (std::array<std::int64_t, 3>{50, 10, 0}));
}

TEST(Triage, ProportionalFloorsAndGivesRemaindersToLargestFractions) {
  // 10 * (1,1,1)/3 = 3.33 each: floors 3,3,3; one unit left, ties -> first class.
  EXPECT_EQ(allocate(Triage::proportional, 10, {1, 1, 1}), (std::array<std::int64_t, 3>{4, 3, 3}));
  // 7 * (5,3,2)/10 = 3.5, 2.1, 1.4: floors 3,2,1; one unit -> largest fraction (class 0).
  EXPECT_EQ(allocate(Triage::proportional, 7, {5, 3, 2}), (std::array<std::int64_t, 3>{4, 2, 1}));
  // 8 * (5,3,2)/10 = 4, 2.4, 1.6: floors 4,2,1; one unit -> class 2 (0.6 > 0.4).
  EXPECT_EQ(allocate(Triage::proportional, 8, {5, 3, 2}), (std::array<std::int64_t, 3>{4, 2, 2}));
}

TEST(Triage, ProportionalWithEmptyQueuesAndFullCapacity) {
  EXPECT_EQ(allocate(Triage::proportional, 0, {0, 0, 0}), (std::array<std::int64_t, 3>{0, 0, 0}));
  EXPECT_EQ(allocate(Triage::proportional, 90, {50, 0, 40}),
            (std::array<std::int64_t, 3>{50, 0, 40}));
}

TEST(Triage, ProportionalNeverExceedsBacklogAndSumsToInvestigations) {
  for (std::int64_t i = 0; i <= 97; ++i) {
    const auto out = allocate(Triage::proportional, i, {41, 17, 39});
    EXPECT_EQ(out[0] + out[1] + out[2], i);
    EXPECT_LE(out[0], 41);
    EXPECT_LE(out[1], 17);
    EXPECT_LE(out[2], 39);
  }
}

TEST(Triage, ProportionalIsExactForHugeNumbers) {
  // I * Q_k would overflow 64 bits; the allocation must still be exact.
  const std::int64_t big = 3'000'000'000'000LL;
  const auto out = allocate(Triage::proportional, big, {big, big, big});
  EXPECT_EQ(out[0] + out[1] + out[2], big);
  EXPECT_EQ(out[0], big / 3);
}

}  // namespace
}  // namespace fundsim
