// Packed bucket counts: the same counts as 32-bit counters whatever arrives (increments across
// the 1- and 2-byte limits, additions, growth at either end, copies), the narrowest width that
// holds the largest count, and the histograms built on them merging to identical counts in any
// order.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "analysis/log_histogram.hpp"
#include "analysis/packed_counts.hpp"

namespace fundsim {
namespace {

void expect_same(const PackedCounts& packed, const std::vector<std::uint64_t>& reference) {
  ASSERT_EQ(packed.size(), reference.size());
  for (std::size_t i = 0; i < reference.size(); ++i) EXPECT_EQ(packed[i], reference[i]) << i;
}

unsigned narrowest(const std::vector<std::uint64_t>& counts) {
  std::uint64_t most = 0;
  for (const std::uint64_t c : counts) most = std::max(most, c);
  return most <= UINT8_MAX ? 1 : most <= UINT16_MAX ? 2 : 4;
}

TEST(PackedCounts, AgreesWithWideCountersAcrossEveryWidth) {
  std::mt19937_64 g(3);
  PackedCounts packed;
  std::vector<std::uint64_t> reference;
  packed.assign_zeros(5);
  reference.assign(5, 0);
  EXPECT_EQ(packed.width(), 1u);
  // Bucket 2 crosses 255 and then 65,535 by single increments; others by additions.
  for (int i = 0; i < 70000; ++i) {
    packed.increment(2);
    ++reference[2];
    if (i == 254) {
      EXPECT_EQ(packed.width(), 1u);
    }
    if (i == 255) {
      EXPECT_EQ(packed.width(), 2u);
    }
    if (i == 65534) {
      EXPECT_EQ(packed.width(), 2u);
    }
    if (i == 65535) {
      EXPECT_EQ(packed.width(), 4u);
    }
  }
  expect_same(packed, reference);
  packed.grow_front(3);
  reference.insert(reference.begin(), 3, 0);
  packed.grow_back(12);
  reference.resize(12, 0);
  for (int i = 0; i < 1000; ++i) {
    const std::size_t b = g() % reference.size();
    const std::uint64_t c = g() % 3000;
    packed.add(b, c);
    reference[b] += c;
  }
  expect_same(packed, reference);
  const PackedCounts copy = packed;  // exact capacity, same counts
  expect_same(copy, reference);
  EXPECT_EQ(copy.allocated_bytes(), copy.size() * copy.width());
}

TEST(PackedCounts, WidthIsTheNarrowestThatHoldsTheCountsWhateverTheOrder) {
  // The same multiset of increments in two orders, and split in two and added: same counts,
  // same width (the narrowest for the largest count).
  std::mt19937_64 g(5);
  std::vector<std::size_t> buckets(40000);
  for (std::size_t& b : buckets) b = g() % 300 < 299 ? g() % 64 : 7;  // bucket 7 is heavy
  std::vector<std::uint64_t> reference(64, 0);
  PackedCounts forward, backward, first_half, second_half;
  for (PackedCounts* p : {&forward, &backward, &first_half, &second_half}) p->assign_zeros(64);
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    forward.increment(buckets[i]);
    backward.increment(buckets[buckets.size() - 1 - i]);
    (i % 2 ? first_half : second_half).increment(buckets[i]);
    ++reference[buckets[i]];
  }
  first_half.add_from(second_half, 0);
  for (const PackedCounts* p : {&forward, &backward, &first_half}) {
    expect_same(*p, reference);
    EXPECT_EQ(p->width(), narrowest(reference));
  }
}

TEST(PackedCounts, HistogramsHalveTheirMemoryAndKeepTheirQuantiles) {
  // A pre-sized histogram holds 2 bytes a bucket (4 before); shards merged in either order
  // give the counts of one histogram fed everything.
  std::mt19937_64 g(9);
  std::lognormal_distribution<double> d(9.0, 0.5);
  std::vector<std::uint64_t> values(30000);
  for (std::uint64_t& v : values) v = static_cast<std::uint64_t>(d(g));
  LogHistogram whole, a, b;
  whole.reserve(0, 1 << 20);
  EXPECT_EQ(whole.allocated_bytes(), 2 * whole.buckets());
  for (std::size_t i = 0; i < values.size(); ++i) {
    whole.add(values[i]);
    (i < 10000 ? a : b).add(values[i]);
  }
  LogHistogram ab = a, ba = b;
  ab.merge(b);
  ba.merge(a);
  const std::vector<double> levels = {0.001, 0.025, 0.5, 0.975, 0.999};
  std::vector<double> qw(levels.size()), q1(levels.size()), q2(levels.size());
  whole.quantiles(levels, qw);
  ab.quantiles(levels, q1);
  ba.quantiles(levels, q2);
  for (std::size_t i = 0; i < levels.size(); ++i) {
    EXPECT_EQ(q1[i], qw[i]);
    EXPECT_EQ(q2[i], qw[i]);
  }
  EXPECT_EQ(ab.count(), values.size());
  EXPECT_EQ(ba.count(), values.size());
}

}  // namespace
}  // namespace fundsim
