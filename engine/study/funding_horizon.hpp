#pragma once
// Funding windows that run past the horizon (start_month + duration_months > run.months): the
// months after the last one are not simulated, so the money planned for them is not spent in the
// model, and cost per outcome counts only the money spent within the horizon
// (Scenario::spend_within, docs/model.md §3). `fundsim validate` and `fundsim run` warn.
#include <cstddef>
#include <string>
#include <vector>

#include "study/study.hpp"

namespace fundsim {

struct FundingPastHorizon {
  std::string name;         // the scenario, or the sweep (for all of its points)
  std::size_t points = 0;   // sweep points sharing the window; 0 for a named scenario
  int months_after = 0;     // funded months after the horizon
  int duration_months = 0;  // funded months in all
  double budget = 0;        // per scenario
  double spent_within = 0;  // per scenario
};

// One entry per named scenario with money and per sweep whose window ends after the horizon,
// in study order.
std::vector<FundingPastHorizon> funding_past_horizon(const Study& study);

// "warning: scenario 'x' is funded for 6 of its 24 months after the horizon (run.months = 60):
// GBP 5,000,000 of its 20,000,000 is not simulated; cost per outcome uses the 15,000,000 spent
// within the horizon".
std::string describe(const FundingPastHorizon& f, const Study& study);

}  // namespace fundsim
