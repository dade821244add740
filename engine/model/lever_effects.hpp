#pragma once
// Step 1 of MODEL.md §4: this month's rates after the levers' effects (section 3).
#include <array>
#include <span>

#include "model/draw_site.hpp"
#include "model/model_parameters.hpp"

namespace fundsim {

struct MonthRates {
  std::array<double, kMaxClasses> onset_multiplier;  // m_k
  std::array<double, kMaxClasses> detect;            // p_k
  std::array<double, kMaxClasses> desist;            // q_k
  std::array<double, kMaxClasses> arrest;            // a_k
  std::array<double, kMaxClasses> contact;           // c_k
  double capacity;                                   // C
};

// Saturating curve: max_effect * (1 - exp(-ln 2 * spend / half_spend)).
double saturating_effect(double max_effect, double half_spend, double spend);

// Base values of month `month`, then every effect in lever and file order.
// effective_spend: e_L(t) for every lever.
void evaluate_levers(const ModelParameters& params, std::span<const double> effective_spend,
                     int month, MonthRates& rates);

}  // namespace fundsim
