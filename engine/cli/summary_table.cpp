#include "cli/summary_table.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "cli/table.hpp"
#include "support/name_list.hpp"
#include "support/number_format.hpp"

namespace fundsim::cli {

namespace {

// 3 significant figures with a k / M / B suffix, so that four intervals fit a line: 672k,
// 1.59M, 3.56k, 512.
std::string compact(double v) {
  if (!std::isfinite(v)) return "n/a";
  // Round first, so that 999,600 becomes 1.00M rather than 1,000k.
  const double r = std::stod(format_significant(v, {3, false, false}));
  const double a = std::fabs(r);
  if (a >= 1e9) return format_significant(r / 1e9) + "B";
  if (a >= 1e6) return format_significant(r / 1e6) + "M";
  if (a >= 1e3) return format_significant(r / 1e3) + "k";
  return format_significant(r);
}

std::string interval(const Summary& s) {
  return compact(s.histogram.quantile(0.5)) + " [" + compact(s.histogram.quantile(0.05)) + ", " +
         compact(s.histogram.quantile(0.95)) + "]";
}

// "enforcement 0.9, prevention 0, detection 0.1": a sweep point's shares of its levers.
std::string shares(const Study& study, const Scenario& point, const std::vector<bool>& levers) {
  std::vector<std::string> parts;
  for (std::size_t l = 0; l < study.levers.size(); ++l)
    if (levers[l]) parts.push_back(study.levers[l].name + " " + share_text(point.share[l]));
  return list_names(parts);
}

}  // namespace

void print_summary_table(std::ostream& out, const Study& study, const RunResults& results) {
  const int years = study.run.months / 12;
  const std::string horizon = study.run.months % 12 == 0
                                  ? std::to_string(years) + "-year"
                                  : std::to_string(study.run.months) + "-month";
  out << "\nPer scenario: " << horizon << " totals over all classes and the end backlog, "
      << "median [5%, 95%] over " << results.summaries.front().replicates() << " replicates\n";
  Table t;
  t.header = {"scenario", "referrals", "arrests", "contact abuse", "end backlog"};
  t.left.assign(t.header.size(), true);
  const auto row = [&](std::size_t s, const std::string& name) {
    const ScenarioSummary& sum = results.summaries[s];
    t.rows.push_back(
        {name, interval(sum.horizon(Metric::referrals)), interval(sum.horizon(Metric::arrests)),
         interval(sum.horizon(Metric::contact_abuse)), interval(sum.horizon(Metric::backlog))});
  };
  // Named scenarios in full; each sweep by its best points (fewest contact abuse events, most
  // arrests), named by the sweep, with their shares below the table.
  std::vector<std::string> sweeps;
  for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
    const Scenario& sc = study.scenarios[s];
    if (sc.sweep.empty()) {
      row(s, sc.name);
    } else if (sweeps.empty() || sweeps.back() != sc.sweep) {
      sweeps.push_back(sc.sweep);
    }
  }
  std::vector<std::string> notes;
  for (const std::string& sweep : sweeps) {
    std::size_t count = 0, best_contact = 0, best_arrests = 0;
    double min_contact = INFINITY, max_arrests = -INFINITY;
    std::vector<bool> levers(study.levers.size(), false);
    for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
      const Scenario& sc = study.scenarios[s];
      if (sc.sweep != sweep) continue;
      ++count;
      for (std::size_t l = 0; l < levers.size(); ++l) levers[l] = levers[l] || sc.share[l] > 0;
      const double contact =
          results.summaries[s].horizon(Metric::contact_abuse).histogram.quantile(0.5);
      const double arrests = results.summaries[s].horizon(Metric::arrests).histogram.quantile(0.5);
      if (contact < min_contact) min_contact = contact, best_contact = s;
      if (arrests > max_arrests) max_arrests = arrests, best_arrests = s;
    }
    row(best_contact, sweep + ": least abuse");
    row(best_arrests, sweep + ": most arrests");
    notes.push_back("sweep '" + sweep + "' (" + std::to_string(count) +
                    " points, all in the file): least contact abuse at " +
                    shares(study, study.scenarios[best_contact], levers) + "; most arrests at " +
                    shares(study, study.scenarios[best_arrests], levers) + ".");
  }
  t.print(out, false);
  for (const std::string& note : notes) out << wrap(note, 100) << '\n';
  out.flush();
}

}  // namespace fundsim::cli
