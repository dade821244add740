#include "cli/summary_table.hpp"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace fundsim::cli {

namespace {

std::string compact(double v) {
  char buf[32];
  const double a = std::fabs(v);
  if (a >= 1e6)
    std::snprintf(buf, sizeof buf, "%.2fM", v / 1e6);
  else if (a >= 1e4)
    std::snprintf(buf, sizeof buf, "%.1fk", v / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

std::string interval(const Summary& s) {
  return compact(s.histogram.quantile(0.5)) + " [" + compact(s.histogram.quantile(0.05)) + ", " +
         compact(s.histogram.quantile(0.95)) + "]";
}

}  // namespace

void print_summary_table(std::ostream& out, const Study& study, const RunResults& results) {
  const int years = study.run.months / 12;
  const std::string horizon = study.run.months % 12 == 0
                                  ? std::to_string(years) + "-year"
                                  : std::to_string(study.run.months) + "-month";
  char line[512];
  out << "\nPer scenario: " << horizon << " totals over all classes and the end backlog, "
      << "median [5%, 95%] over " << results.summaries.front().replicates() << " replicates\n";
  std::snprintf(line, sizeof line, "%-28s %-26s %-24s %-24s %-24s\n", "scenario", "referrals",
                "arrests", "contact abuse", "end backlog");
  out << line;
  auto row = [&](std::size_t s, const std::string& name) {
    const ScenarioSummary& sum = results.summaries[s];
    std::snprintf(line, sizeof line, "%-28s %-26s %-24s %-24s %-24s\n", name.c_str(),
                  interval(sum.horizon(Metric::referrals)).c_str(),
                  interval(sum.horizon(Metric::arrests)).c_str(),
                  interval(sum.horizon(Metric::contact_abuse)).c_str(),
                  interval(sum.horizon(Metric::backlog)).c_str());
    out << line;
  };
  // Named scenarios in full; each sweep by its best points (fewest contact abuse events, most
  // arrests).
  std::vector<std::string> sweeps;
  for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
    const Scenario& sc = study.scenarios[s];
    if (sc.sweep.empty()) {
      row(s, sc.name);
    } else if (sweeps.empty() || sweeps.back() != sc.sweep) {
      sweeps.push_back(sc.sweep);
    }
  }
  for (const std::string& sweep : sweeps) {
    std::size_t count = 0, best_contact = 0, best_arrests = 0;
    double min_contact = INFINITY, max_arrests = -INFINITY;
    for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
      if (study.scenarios[s].sweep != sweep) continue;
      ++count;
      const double contact =
          results.summaries[s].horizon(Metric::contact_abuse).histogram.quantile(0.5);
      const double arrests = results.summaries[s].horizon(Metric::arrests).histogram.quantile(0.5);
      if (contact < min_contact) min_contact = contact, best_contact = s;
      if (arrests > max_arrests) max_arrests = arrests, best_arrests = s;
    }
    out << "sweep '" << sweep << "' (" << count
        << " points; all in the file). Fewest contact abuse:\n";
    row(best_contact, "  " + study.scenarios[best_contact].name);
    out << "Most arrests:\n";
    row(best_arrests, "  " + study.scenarios[best_arrests].name);
  }
  out.flush();
}

}  // namespace fundsim::cli
