#pragma once
// Sets of replicate indices as sorted, disjoint half-open ranges [first, last): what a shard
// owns, what a checkpoint has completed, what is left to run.
#include <cstdint>
#include <string>
#include <vector>

namespace fundsim {

struct ReplicateRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // one past the end
  std::uint64_t size() const { return last - first; }
  bool operator==(const ReplicateRange&) const = default;
};

class ReplicateRanges {
 public:
  ReplicateRanges() = default;
  explicit ReplicateRanges(ReplicateRange r) { add(r); }

  // Adds a range; adjacent and overlapping ranges coalesce.
  void add(ReplicateRange r);
  void add(const ReplicateRanges& other);
  // True if any replicate is in both sets.
  bool overlaps(const ReplicateRanges& other) const;
  // The replicates of this set that are not in `other`.
  ReplicateRanges minus(const ReplicateRanges& other) const;
  std::uint64_t count() const;
  bool empty() const { return ranges_.empty(); }
  const std::vector<ReplicateRange>& ranges() const { return ranges_; }
  bool operator==(const ReplicateRanges&) const = default;
  std::string describe() const;  // "0-99, 200-299" (inclusive, for messages)

 private:
  std::vector<ReplicateRange> ranges_;
};

// Shard `index` of `count` (0-based) of `replicates`: [floor(i R / n), floor((i + 1) R / n)).
ReplicateRange shard_range(std::uint64_t replicates, std::uint64_t index, std::uint64_t count);

}  // namespace fundsim
