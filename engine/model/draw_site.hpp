#pragma once
// Identity of each stochastic draw of docs/model.md §4: (month, class, step). The stream of a
// draw is positioned by this identity, so a scenario's draw at a site uses the same random
// numbers as every other scenario's draw at that site (common random numbers).
#include <cstddef>
#include <cstdint>

namespace fundsim {

// Numbered after the steps of docs/model.md §4; step 12 has two draws (release, reoffend).
enum class DrawStep : std::uint64_t {
  onset = 3,
  offences = 4,
  referrals = 5,
  identification = 6,
  contact = 7,
  desistance = 8,
  attrition = 9,
  arrests = 11,
  release = 12,
  reoffend = 20,
  safeguarded = 13
};

inline constexpr std::size_t kMaxClasses = 64;
inline constexpr std::size_t kNoClass = 255;  // draws that are not per class (step 13)

// Draw steps per class, and the position of each in a month's block of precomputed first
// blocks: [k * kClassDraws + slot] for class draws, [classes * kClassDraws] for safeguarded.
inline constexpr std::size_t kClassDraws = 10;
inline constexpr std::size_t draw_slot(DrawStep step) {
  switch (step) {
    case DrawStep::onset:
      return 0;
    case DrawStep::offences:
      return 1;
    case DrawStep::referrals:
      return 2;
    case DrawStep::identification:
      return 3;
    case DrawStep::contact:
      return 4;
    case DrawStep::desistance:
      return 5;
    case DrawStep::attrition:
      return 6;
    case DrawStep::arrests:
      return 7;
    case DrawStep::release:
      return 8;
    case DrawStep::reoffend:
      return 9;
    case DrawStep::safeguarded:
      return 0;
  }
  return 0;
}
inline constexpr std::size_t draws_per_month(std::size_t classes) {
  return classes * kClassDraws + 1;
}

inline std::uint64_t draw_site(int month, std::size_t k, DrawStep step) {
  return (static_cast<std::uint64_t>(month) << 32) | (static_cast<std::uint64_t>(k) << 8) |
         static_cast<std::uint64_t>(step);
}

}  // namespace fundsim
