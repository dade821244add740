#include "study/funding_horizon.hpp"

#include "support/number_format.hpp"

namespace fundsim {

std::vector<FundingPastHorizon> funding_past_horizon(const Study& study) {
  std::vector<FundingPastHorizon> out;
  const int months = study.run.months;
  for (const Scenario& s : study.scenarios) {
    if (s.budget <= 0 || s.months_after(months) == 0) continue;
    if (!s.sweep.empty() && !out.empty() && out.back().points > 0 && out.back().name == s.sweep) {
      ++out.back().points;  // the points of a sweep share its window and budget
      continue;
    }
    out.push_back({s.sweep.empty() ? s.name : s.sweep, s.sweep.empty() ? 0u : 1u,
                   s.months_after(months), s.duration_months, s.budget, s.spend_within(months)});
  }
  return out;
}

std::string describe(const FundingPastHorizon& f, const Study& study) {
  const auto money = [](double v) { return format_significant(v); };
  const std::string what =
      f.points > 0 ? "sweep '" + f.name + "' (" + std::to_string(f.points) + " points, each)"
                   : "scenario '" + f.name + "'";
  return "warning: " + what + " is funded for " + std::to_string(f.months_after) + " of its " +
         std::to_string(f.duration_months) +
         " months after the horizon (run.months = " + std::to_string(study.run.months) +
         "): " + study.currency + " " + money(f.budget - f.spent_within) + " of its " +
         money(f.budget) + " is not simulated; cost per outcome uses the " + money(f.spent_within) +
         " spent within the horizon";
}

}  // namespace fundsim
