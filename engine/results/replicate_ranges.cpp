#include "results/replicate_ranges.hpp"

#include <algorithm>

#include "analysis/moments.hpp"

namespace fundsim {

void ReplicateRanges::add(ReplicateRange r) {
  if (r.first >= r.last) return;
  std::vector<ReplicateRange> out;
  out.reserve(ranges_.size() + 1);
  bool placed = false;
  for (const ReplicateRange& x : ranges_) {
    if (x.last < r.first) {
      out.push_back(x);
    } else if (r.last < x.first) {
      if (!placed) out.push_back(r), placed = true;
      out.push_back(x);
    } else {  // touching or overlapping: absorb into r
      r.first = std::min(r.first, x.first);
      r.last = std::max(r.last, x.last);
    }
  }
  if (!placed) out.push_back(r);
  ranges_ = std::move(out);
}

void ReplicateRanges::add(const ReplicateRanges& other) {
  for (const ReplicateRange& r : other.ranges_) add(r);
}

bool ReplicateRanges::overlaps(const ReplicateRanges& other) const {
  for (const ReplicateRange& a : ranges_) {
    for (const ReplicateRange& b : other.ranges_) {
      if (a.first < b.last && b.first < a.last) return true;
    }
  }
  return false;
}

ReplicateRanges ReplicateRanges::minus(const ReplicateRanges& other) const {
  ReplicateRanges out;
  for (ReplicateRange r : ranges_) {
    std::uint64_t from = r.first;
    for (const ReplicateRange& x : other.ranges_) {
      if (x.last <= from || x.first >= r.last) continue;
      if (x.first > from) out.add({from, x.first});
      from = std::max(from, x.last);
    }
    if (from < r.last) out.add({from, r.last});
  }
  return out;
}

std::uint64_t ReplicateRanges::count() const {
  std::uint64_t n = 0;
  for (const ReplicateRange& r : ranges_) n += r.size();
  return n;
}

std::string ReplicateRanges::describe() const {
  if (ranges_.empty()) return "none";
  std::string s;
  for (const ReplicateRange& r : ranges_) {
    if (!s.empty()) s += ", ";
    s += std::to_string(r.first);
    if (r.size() > 1) s += "-" + std::to_string(r.last - 1);
  }
  return s;
}

ReplicateRange shard_range(std::uint64_t replicates, std::uint64_t index, std::uint64_t count) {
  auto bound = [&](std::uint64_t i) {
    return static_cast<std::uint64_t>((static_cast<uint128>(replicates) * i) / count);
  };
  return {bound(index), bound(index + 1)};
}

}  // namespace fundsim
