#pragma once
// A study whose expected contact abuse is known in closed form: one class, levers whose only
// effect is on the contact-abuse probability, no lag, spending over the whole horizon. Contact
// abuse does not feed back into the state (docs/model.md §4 step 7), so with the offences O_t
// independent of the split,
//   E[contact abuse] = E[sum_t O_t] c prod_l (1 - v_l),  v_l = V_l (1 - 2^(-x_l / h_l)),
// x_l = budget share_l / months the monthly spend on lever l (docs/model.md §3): the best split
// minimises the product.
#include <cstddef>
#include <string>
#include <vector>

#include "study/study.hpp"

namespace fundsim::test {

struct ContactLever {
  std::string name;
  std::string max_effect;  // a number or a distribution table
  double half_spend = 1e5;
};

inline std::string contact_study_text(const std::vector<ContactLever>& levers, int months,
                                      int replicates, const std::string& offence_rate = "1.0",
                                      const std::string& extra_scenarios = "") {
  std::string text =
      "schema_version = 1\nname = \"contact\"\nbaseline = \"baseline\"\n"
      "[run]\nmonths = " +
      std::to_string(months) + "\nstart = \"2020-01\"\nreplicates = " + std::to_string(replicates) +
      "\nseed = 11\nsampling = \"mc\"\n"
      "[parameters]\nonset_growth = 0\nbase_capacity = 0\narrests_ref = 1\n"
      "deterrence_elasticity = 0\ndeterrence_lag = 6\n"
      "[[class]]\nname = \"offender\"\ninitial_active = 20000\ninitial_backlog = 0\n"
      "initial_justice = 0\nonset = 0\noffence_rate = " +
      offence_rate +
      "\ndetect = 0\ndetect_trend = 0\nactionable = 0\ncontact = 0.05\ndesist = 0\n"
      "attrition = 0\narrest = 0.5\nsentence_months = 12\nreoffend = 0\n"
      "safeguard_per_arrest = 0\npriority = 1\n";
  for (const ContactLever& l : levers) {
    text += "[[lever]]\nname = \"" + l.name +
            "\"\nlag = 0\n[[lever.effect]]\ntarget = \"contact\"\ncurve = \"saturating\"\n"
            "max_effect = " +
            l.max_effect + "\nhalf_spend = " + std::to_string(l.half_spend) + "\n";
  }
  text += "[[scenario]]\nname = \"baseline\"\nbudget = 0\n" + extra_scenarios;
  return text;
}

}  // namespace fundsim::test
