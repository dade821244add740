#pragma once
// Identity of each stochastic draw of MODEL.md §4: (month, class, step). The stream of a
// draw is positioned by this identity, so a scenario's draw at a site uses the same random
// numbers as every other scenario's draw at that site (common random numbers).
#include <cstddef>
#include <cstdint>

namespace fundsim {

// Numbered after the steps of MODEL.md §4; step 12 has two draws (release, reoffend).
enum class DrawStep : std::uint64_t {
  onset = 3, offences = 4, referrals = 5, identification = 6, contact = 7, desistance = 8,
  attrition = 9, arrests = 11, release = 12, reoffend = 20, safeguarded = 13
};

inline constexpr std::size_t kMaxClasses = 64;
inline constexpr std::size_t kNoClass = 255;  // draws that are not per class (step 13)

inline std::uint64_t draw_site(int month, std::size_t k, DrawStep step) {
  return (static_cast<std::uint64_t>(month) << 32) | (static_cast<std::uint64_t>(k) << 8) |
         static_cast<std::uint64_t>(step);
}

}  // namespace fundsim
