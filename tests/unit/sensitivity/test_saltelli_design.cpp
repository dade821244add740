// Saltelli design with the noise factor (engine/sensitivity/saltelli_design).
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "errors.hpp"
#include "sensitivity/saltelli_design.hpp"
#include "sensitivity/scrambled_sobol.hpp"

namespace fundsim::sensitivity {
namespace {

TEST(SaltelliDesign, RowsFollowTheSaltelliScheme) {
  const std::size_t d = 5;
  const std::uint64_t n = 64;
  const SaltelliDesign design(d, n, 2024);
  EXPECT_EQ(design.evaluations(), n * (d + 3));
  const ScrambledSobol sobol(2 * d, 2024);
  std::set<std::uint64_t> streams_a, streams_b;
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::vector<double> p = sobol.point(i);
    const std::vector<double> a(p.begin(), p.begin() + d), b(p.begin() + d, p.end());
    const DesignPoint ra = design.row({i, SaltelliRowKind::a});
    const DesignPoint rb = design.row({i, SaltelliRowKind::b});
    EXPECT_EQ(ra.u, a);
    EXPECT_EQ(rb.u, b);
    EXPECT_NE(ra.stream_id, rb.stream_id);
    for (std::size_t j = 0; j < d; ++j) {
      const DesignPoint ab = design.row({i, SaltelliRowKind::ab, j});
      std::vector<double> expected = a;
      expected[j] = b[j];
      EXPECT_EQ(ab.u, expected);
      EXPECT_EQ(ab.stream_id, ra.stream_id);  // same random numbers as A
    }
    const DesignPoint noise = design.row({i, SaltelliRowKind::ab_noise});
    EXPECT_EQ(noise.u, a);
    EXPECT_EQ(noise.stream_id, rb.stream_id);
    streams_a.insert(ra.stream_id);
    streams_b.insert(rb.stream_id);
  }
  // Stream ids differ across base rows and between A and B.
  EXPECT_EQ(streams_a.size(), n);
  EXPECT_EQ(streams_b.size(), n);
  for (std::uint64_t s : streams_a) EXPECT_FALSE(streams_b.contains(s));
}

TEST(SaltelliDesign, EnumerationIsABijectionInSlotOrder) {
  const std::size_t d = 3;
  const SaltelliDesign design(d, 10, 1);
  for (std::uint64_t e = 0; e < design.evaluations(); ++e) {
    const SaltelliRowId id = design.row_id(e);
    EXPECT_EQ(design.evaluation(id), e);
    EXPECT_EQ(id.base_row, e / (d + 3));
    const SaltelliBaseRow base = design.base_row(id.base_row);
    const DesignPoint by_slot = base.row(e % (d + 3));
    const DesignPoint by_id = design.row(id);
    EXPECT_EQ(by_slot.u, by_id.u);
    EXPECT_EQ(by_slot.stream_id, by_id.stream_id);
  }
  EXPECT_EQ(design.row_id(0).kind, SaltelliRowKind::a);
  EXPECT_EQ(design.row_id(1).kind, SaltelliRowKind::b);
  EXPECT_EQ(design.row_id(2).kind, SaltelliRowKind::ab);
  EXPECT_EQ(design.row_id(4).parameter, 2u);
  EXPECT_EQ(design.row_id(5).kind, SaltelliRowKind::ab_noise);
  EXPECT_THROW(design.row_id(design.evaluations()), Error);
  EXPECT_THROW(design.row({10, SaltelliRowKind::a}), Error);
  EXPECT_THROW(design.row({0, SaltelliRowKind::ab, 3}), Error);
}

TEST(SaltelliDesign, IsDeterministicAndSeeded) {
  const SaltelliDesign a(4, 16, 7), b(4, 16, 7), c(4, 16, 8);
  for (std::uint64_t e = 0; e < a.evaluations(); ++e) {
    EXPECT_EQ(a.row(a.row_id(e)).u, b.row(b.row_id(e)).u);
  }
  EXPECT_NE(a.row({0, SaltelliRowKind::a}).u, c.row({0, SaltelliRowKind::a}).u);
}

TEST(SaltelliDesign, RejectsImpossibleSizes) {
  EXPECT_THROW(SaltelliDesign(0, 8, 1), InputError);
  EXPECT_THROW(SaltelliDesign(ScrambledSobol::max_dimensions() / 2 + 1, 8, 1), InputError);
  EXPECT_THROW(SaltelliDesign(2, 0, 1), InputError);
  EXPECT_THROW(SaltelliDesign(2, ScrambledSobol::kMaxPoints + 1, 1), InputError);
  EXPECT_NO_THROW(SaltelliDesign(1000, 8, 1));  // two designs of a 500-parameter study
}

}  // namespace
}  // namespace fundsim::sensitivity
