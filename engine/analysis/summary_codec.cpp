#include "analysis/summary_codec.hpp"

namespace fundsim {

namespace {
void expect_shape(ByteReader& in, std::size_t expected, const char* what) {
  if (in.u64() != expected) throw CorruptState(std::string("the state holds a different ") + what);
}
}  // namespace

void SummaryCodec::encode(ByteWriter& out, const Moments& m) {
  out.u64(m.n);
  out.i128(m.sum);
  out.i128(m.sum_squares);
}

void SummaryCodec::decode(ByteReader& in, Moments& m) {
  m.n = in.u64();
  m.sum = in.i128();
  m.sum_squares = in.i128();
}

// Counts as tokens: a non-zero count c is 2c, a run of z empty buckets is 2z + 1 (histograms
// of wide cells are mostly empty between their tails).
template <int SubBits>
void SummaryCodec::encode(ByteWriter& out, const BasicLogHistogram<SubBits>& h) {
  out.u64(h.first_);
  out.u64(h.coarse_from_);
  out.u64(h.counts_.size());
  std::size_t i = 0;
  while (i < h.counts_.size()) {
    if (h.counts_[i] != 0) {
      out.u64(std::uint64_t{h.counts_[i]} << 1);
      ++i;
      continue;
    }
    std::size_t run = 0;
    while (i < h.counts_.size() && h.counts_[i] == 0) ++run, ++i;
    out.u64((std::uint64_t{run} << 1) | 1);
  }
}

template <int SubBits>
void SummaryCodec::decode(ByteReader& in, BasicLogHistogram<SubBits>& h) {
  const std::uint64_t first = in.u64();
  const std::uint64_t coarse_from = in.u64();
  if (coarse_from > UINT32_MAX) throw CorruptState("implausible histogram layout");
  h.coarse_from_ = static_cast<std::uint32_t>(coarse_from);
  constexpr std::uint64_t kMaxBuckets = BasicLogHistogram<SubBits>::kMaxBuckets;
  const std::uint64_t size = in.bounded(kMaxBuckets, "histogram size");
  if (first > kMaxBuckets || first + size > kMaxBuckets)
    throw CorruptState("implausible histogram range");
  h.first_ = static_cast<std::uint32_t>(first);
  h.counts_ = PackedCounts{};
  h.counts_.assign_zeros(size);
  std::size_t i = 0;
  while (i < size) {
    const std::uint64_t token = in.u64();
    if (token & 1) {
      const std::uint64_t run = token >> 1;
      if (run == 0 || run > size - i) throw CorruptState("histogram run out of range");
      i += run;
    } else {
      if ((token >> 1) > UINT32_MAX) throw CorruptState("histogram count out of range");
      h.counts_.add(i++, token >> 1);
    }
  }
}

void SummaryCodec::encode(ByteWriter& out, const AnchoredHistogram& h) {
  out.u64(h.anchor_count_);
  for (std::size_t a = 0; a < h.anchor_count_; ++a) out.i64(h.anchors_[a]);
  encode(out, h.small_);
  for (std::size_t a = 0; a < h.anchor_count_; ++a) {
    encode(out, h.deviations_[a].negative_);
    encode(out, h.deviations_[a].non_negative_);
  }
}

void SummaryCodec::decode(ByteReader& in, AnchoredHistogram& h) {
  const std::uint64_t anchors = in.u64();
  if (anchors == 0 || anchors > AnchoredHistogram::kMaxAnchors)
    throw CorruptState("implausible anchor count");
  std::array<std::int64_t, AnchoredHistogram::kMaxAnchors> values{};
  for (std::size_t a = 0; a < anchors; ++a) values[a] = in.i64();
  h = AnchoredHistogram{};
  try {
    h.set_anchors(std::span<const std::int64_t>(values.data(), anchors));
  } catch (const std::invalid_argument&) {
    throw CorruptState("anchors out of order");
  }
  decode(in, h.small_);
  for (std::size_t a = 0; a < anchors; ++a) {
    decode(in, h.deviations_[a].negative_);
    decode(in, h.deviations_[a].non_negative_);
  }
}

void SummaryCodec::encode(ByteWriter& out, const DifferenceSummary& d) {
  encode(out, d.moments);
  encode(out, d.histogram);
  out.u64(d.negative);
  out.u64(d.zero);
}

void SummaryCodec::decode(ByteReader& in, DifferenceSummary& d) {
  decode(in, d.moments);
  decode(in, d.histogram);
  d.negative = in.u64();
  d.zero = in.u64();
}

void SummaryCodec::encode(ByteWriter& out, const ScenarioSummary& s) {
  out.u64(s.classes_);
  out.u64(s.months_);
  out.u64(s.cells_.size());
  for (const Summary& c : s.cells_) {
    encode(out, c.moments);
    encode(out, c.histogram);
  }
  out.u64(s.year_cells_.size());
  for (const Summary& c : s.year_cells_) {
    encode(out, c.moments);
    encode(out, c.histogram);
  }
  for (const Summary& c : s.horizon_) {
    encode(out, c.moments);
    encode(out, c.histogram);
  }
}

void SummaryCodec::decode(ByteReader& in, ScenarioSummary& s) {
  expect_shape(in, s.classes_, "number of classes");
  expect_shape(in, s.months_, "number of months");
  expect_shape(in, s.cells_.size(), "number of summary cells");
  for (Summary& c : s.cells_) {
    decode(in, c.moments);
    decode(in, c.histogram);
  }
  expect_shape(in, s.year_cells_.size(), "number of yearly summary cells");
  for (Summary& c : s.year_cells_) {
    decode(in, c.moments);
    decode(in, c.histogram);
  }
  for (Summary& c : s.horizon_) {
    decode(in, c.moments);
    decode(in, c.histogram);
  }
}

void SummaryCodec::encode(ByteWriter& out, const PairedDifferenceSummary& p) {
  out.u64(p.classes_);
  out.u64(p.months_);
  out.u64(p.months_cells_.size());
  for (const DifferenceSummary& d : p.months_cells_) encode(out, d);
  for (const DifferenceSummary& d : p.years_cells_) encode(out, d);
  for (const DifferenceSummary& d : p.horizon_) encode(out, d);
  encode(out, p.offender_months_);
}

void SummaryCodec::decode(ByteReader& in, PairedDifferenceSummary& p) {
  expect_shape(in, p.classes_, "number of classes");
  expect_shape(in, p.months_, "number of months");
  expect_shape(in, p.months_cells_.size(), "number of monthly difference cells");
  for (DifferenceSummary& d : p.months_cells_) decode(in, d);
  for (DifferenceSummary& d : p.years_cells_) decode(in, d);
  for (DifferenceSummary& d : p.horizon_) decode(in, d);
  decode(in, p.offender_months_);
}

void SummaryCodec::encode(ByteWriter& out, const ObjectiveSummary& o) {
  out.u64(o.objective_);
  out.u64(o.n_);
  out.u64(o.values_.size());
  for (std::size_t s = 0; s < o.values_.size(); ++s) {
    encode(out, o.values_[s].moments);
    encode(out, o.values_[s].histogram);
    out.u64(o.beats_[s]);
  }
  out.u64(o.set_totals_.size());
  for (const ObjectiveSummary::SetTotals& t : o.set_totals_) {
    out.u64(t.wins.size());
    for (const std::uint64_t w : t.wins) out.u64(w);
    out.i128(t.best);
  }
}

void SummaryCodec::decode(ByteReader& in, ObjectiveSummary& o) {
  expect_shape(in, o.objective_, "objective");
  o.n_ = in.u64();
  expect_shape(in, o.values_.size(), "number of scenarios of an objective");
  for (std::size_t s = 0; s < o.values_.size(); ++s) {
    decode(in, o.values_[s].moments);
    decode(in, o.values_[s].histogram);
    o.beats_[s] = in.u64();
  }
  expect_shape(in, o.set_totals_.size(), "number of choice sets");
  for (ObjectiveSummary::SetTotals& t : o.set_totals_) {
    expect_shape(in, t.wins.size(), "size of a choice set");
    for (std::uint64_t& w : t.wins) w = in.u64();
    t.best = in.i128();
  }
}

}  // namespace fundsim
