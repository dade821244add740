#include <gtest/gtest.h>

#include "results/replicate_ranges.hpp"

namespace fundsim {
namespace {

TEST(ReplicateRanges, AddCoalescesAdjacentAndOverlapping) {
  ReplicateRanges r;
  r.add({10, 20});
  r.add({30, 40});
  r.add({20, 25});  // touches the first
  EXPECT_EQ(r.describe(), "10-24, 30-39");
  r.add({22, 35});  // bridges both
  EXPECT_EQ(r.ranges().size(), 1U);
  EXPECT_EQ(r.count(), 30U);
  r.add({5, 5});  // empty: ignored
  EXPECT_EQ(r.count(), 30U);
  r.add({0, 1});
  EXPECT_EQ(r.describe(), "0, 10-39");
}

TEST(ReplicateRanges, MinusAndOverlaps) {
  ReplicateRanges all(ReplicateRange{0, 100});
  ReplicateRanges done;
  done.add({0, 10});
  done.add({50, 60});
  done.add({95, 200});
  const ReplicateRanges left = all.minus(done);
  EXPECT_EQ(left.describe(), "10-49, 60-94");
  EXPECT_EQ(left.count(), 75U);
  EXPECT_FALSE(left.overlaps(done));
  EXPECT_TRUE(all.overlaps(done));
  EXPECT_TRUE(all.minus(all).empty());
}

TEST(ReplicateRanges, ShardsPartitionTheReplicates) {
  for (std::uint64_t replicates : {1ULL, 7ULL, 100ULL, 10007ULL}) {
    for (std::uint64_t shards = 1; shards <= std::min<std::uint64_t>(replicates, 9); ++shards) {
      ReplicateRanges covered;
      std::uint64_t total = 0;
      for (std::uint64_t i = 0; i < shards; ++i) {
        const ReplicateRange r = shard_range(replicates, i, shards);
        EXPECT_LT(r.first, r.last) << "empty shard " << i << "/" << shards;
        EXPECT_FALSE(covered.overlaps(ReplicateRanges(r)));
        covered.add(r);
        total += r.size();
      }
      EXPECT_EQ(total, replicates);
      EXPECT_EQ(covered, ReplicateRanges(ReplicateRange{0, replicates}));
    }
  }
  // No overflow for huge counts.
  const std::uint64_t big = std::uint64_t{1} << 40;
  EXPECT_EQ(shard_range(big, 2, 3).last, big);
}

}  // namespace
}  // namespace fundsim
