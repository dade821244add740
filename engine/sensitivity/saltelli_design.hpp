#pragma once
// Saltelli design for first-order and total Sobol' indices with the model's random stream as
// one more factor (Saltelli et al. 2010, Computer Physics Communications 181, §3 and Table 2).
//
// Base row i (0 <= i < N) takes point i of a scrambled Sobol' sequence in 2D dimensions:
// A_i = its first D coordinates, B_i = its last D. The rows evaluated for base row i are, in
// this order (`slot` 0 .. D+2):
//   slot 0      A        A_i's parameters,                       stream a(i)
//   slot 1      B        B_i's parameters,                       stream b(i)
//   slot 2+j    AB_j     A_i with parameter j taken from B_i,    stream a(i)   (j = 0..D-1)
//   slot D+2    AB_noise A_i's parameters,                       stream b(i)
// so N (D + 3) evaluations in all. AB_j differs from A only in parameter j (same random
// numbers), AB_noise only in its random numbers: the stream is factor D+1 of the variance
// decomposition. Stream ids: a(i) = 2i, b(i) = 2i + 1 (distinct across all rows and base rows).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sensitivity/design_point.hpp"
#include "sensitivity/scrambled_sobol.hpp"

namespace fundsim::sensitivity {

enum class SaltelliRowKind { a, b, ab, ab_noise };

struct SaltelliRowId {
  std::uint64_t base_row = 0;
  SaltelliRowKind kind = SaltelliRowKind::a;
  std::size_t parameter = 0;  // the j of AB_j; 0 for the other kinds
  bool operator==(const SaltelliRowId&) const = default;
};

// A_i and B_i of one base row; builds its D+3 rows without recomputing the Sobol' point.
struct SaltelliBaseRow {
  std::uint64_t index = 0;
  std::vector<double> a;
  std::vector<double> b;
  std::uint64_t stream_a = 0;
  std::uint64_t stream_b = 0;
  DesignPoint row(SaltelliRowKind kind, std::size_t parameter = 0) const;
  DesignPoint row(std::size_t slot) const;  // slot order as above
};

class SaltelliDesign {
 public:
  // Throws InputError unless 1 <= parameters <= ScrambledSobol::max_dimensions() / 2 and
  // 1 <= base_rows <= 2^32. Powers of two keep the Sobol' stratification of A and B.
  SaltelliDesign(std::size_t parameters, std::uint64_t base_rows, std::uint64_t seed);

  std::size_t parameters() const { return parameters_; }
  std::uint64_t base_rows() const { return base_rows_; }
  std::uint64_t seed() const { return sobol_.seed(); }
  std::size_t rows_per_base_row() const { return parameters_ + 3; }
  std::uint64_t evaluations() const { return base_rows_ * rows_per_base_row(); }  // N (D+3)

  // Evaluation e = base_row * (D+3) + slot, for e < evaluations(); and back.
  SaltelliRowId row_id(std::uint64_t evaluation) const;
  std::uint64_t evaluation(const SaltelliRowId& id) const;
  std::size_t slot(const SaltelliRowId& id) const;

  SaltelliBaseRow base_row(std::uint64_t index) const;
  DesignPoint row(const SaltelliRowId& id) const { return base_row(id.base_row).row(slot(id)); }

  static std::uint64_t stream_a(std::uint64_t base_row) { return 2 * base_row; }
  static std::uint64_t stream_b(std::uint64_t base_row) { return 2 * base_row + 1; }

 private:
  void check(const SaltelliRowId& id) const;
  std::size_t parameters_;
  std::uint64_t base_rows_;
  ScrambledSobol sobol_;
};

}  // namespace fundsim::sensitivity
