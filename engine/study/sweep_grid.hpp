#pragma once
// Simplex grids of [[sweep]] (docs/study-format.md): every split of a budget over k levers whose
// shares are multiples of `step` (= 1 / divisions) summing to 1.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace fundsim {

// Number of grid points: compositions of `divisions` into `parts` non-negative integers,
// C(divisions + parts - 1, parts - 1). Saturates at UINT64_MAX.
std::uint64_t simplex_point_count(std::size_t parts, std::uint64_t divisions);

// The grid points as multiples of the step (each sums to `divisions`), in sweep order:
// the first part descending, then the second descending, ... (first point: {divisions, 0, ...}).
std::vector<std::vector<std::uint32_t>> simplex_points(std::size_t parts, std::uint32_t divisions);

// Number of decimals a step needs (1 -> 0, 0.1 -> 1, 0.25 -> 2, 0.05 -> 2); at most 12.
int step_decimals(double step);

// A share k/divisions as printed in sweep scenario names: "0", "1", otherwise with exactly
// `decimals` decimals ("0.7", "0.25", "0.50").
std::string format_share(std::uint32_t k, std::uint32_t divisions, int decimals);

// "NAME[l1=0.7,l2=0.2,l3=0.1]"
std::string sweep_point_name(const std::string& sweep, const std::vector<std::string>& levers,
                             const std::vector<std::uint32_t>& point, std::uint32_t divisions,
                             int decimals);

}  // namespace fundsim
