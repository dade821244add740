// `fundsim report` as text tables (terminal) or markdown pipe tables: a table of the scenarios'
// money, then per metric a table of the named scenarios and one per sweep (its points by their
// shares, one column per lever), then per cost outcome the same. Title and notes are plain lines.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "analysis/cost_effectiveness.hpp"
#include "cli/report_formats.hpp"
#include "cli/table.hpp"
#include "support/name_list.hpp"
#include "support/number_format.hpp"

namespace fundsim::cli {

namespace {

// Rows shown together: the named scenarios, or the points of one sweep.
struct Group {
  std::string sweep;  // "" for the named scenarios
  std::vector<const ScenarioRow*> rows;
  std::vector<std::size_t> levers;  // sweeps: the levers its points split the budget over
};

std::vector<Group> groups_of(const Report& r) {
  std::vector<Group> groups;
  const auto group = [&](const std::string& sweep) -> Group& {
    for (Group& g : groups)
      if (g.sweep == sweep) return g;
    groups.push_back(Group{sweep, {}, {}});
    return groups.back();
  };
  group("");  // named scenarios first, whatever the order of the rows
  for (const ScenarioRow& row : r.rows) group(row.sweep).rows.push_back(&row);
  for (Group& g : groups) {
    if (g.sweep.empty()) continue;
    for (std::size_t l = 0; l < r.levers.size(); ++l) {
      const bool used = std::any_of(g.rows.begin(), g.rows.end(), [&](const ScenarioRow* row) {
        return l < row->shares.size() && row->shares[l] > 0;
      });
      if (used) g.levers.push_back(l);
    }
  }
  std::erase_if(groups, [](const Group& g) { return g.rows.empty(); });
  return groups;
}

// The shortest prefixes of at least 3 characters that tell the names apart.
std::vector<std::string> abbreviations(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const std::string& name : names) {
    std::size_t n = std::min<std::size_t>(3, name.size());
    for (; n < name.size(); ++n) {
      const std::string prefix = name.substr(0, n);
      const bool unique = std::none_of(names.begin(), names.end(), [&](const std::string& o) {
        return &o != &name && o.compare(0, n, prefix) == 0;
      });
      if (unique) break;
    }
    out.push_back(name.substr(0, n));
  }
  return out;
}

class Writer {
 public:
  Writer(std::ostream& out, const Report& r, int digits, bool markdown)
      : out_(out), r_(r), digits_(digits), markdown_(markdown) {}

  void all() {
    title();
    scenarios();
    const std::vector<Group> groups = groups_of(r_);
    paragraph(
        "Totals over the horizon (stocks at its end): median [5%, 95%] over replicates. "
        "Difference = scenario - " +
        std::string(r_.explicit_reference ? "reference" : "baseline") +
        ": mean ± Monte Carlo standard error, [5%, 95%] over replicates, and P(better), the "
        "share of replicates where the scenario is better (ties count half). Sweep points are "
        "shown by their shares of the budget, one column per lever.");
    for (std::size_t m = 0; m < r_.metrics.size(); ++m) metric(m, groups);
    for (std::size_t c = 0; c < r_.costs.size(); ++c) cost(c, groups);
  }

 private:
  std::string number(double v) const { return rounded(v, digits_); }
  std::string signed_number(double v) const { return signed_rounded(v, digits_); }
  std::string count(double v) const { return format_significant(v, {0, true, false}); }

  // A plain line (wrapped in the terminal) and a blank line.
  void paragraph(const std::string& text) {
    out_ << (markdown_ ? text : wrap(text, kTerminalWidth)) << "\n\n";
  }

  // A line above a table (wrapped in the terminal; followed by a blank line in markdown, which
  // a pipe table needs to start).
  void heading(const std::string& text) {
    out_ << (markdown_ ? text + "\n\n" : wrap(text, kTerminalWidth) + "\n");
  }

  // Prints `t`; in the terminal, share columns [first, first + names.size()) get abbreviated
  // headers and a legend when the full lever names would make the table too wide.
  void table(Table t, std::size_t first, const std::vector<std::string>& names) {
    if (!markdown_ && !names.empty() && t.width() > kTerminalWidth) {
      const std::vector<std::string> short_names = abbreviations(names);
      std::string legend;
      for (std::size_t i = 0; i < names.size(); ++i) {
        t.header[first + i] = short_names[i];
        if (short_names[i] != names[i])
          legend += (legend.empty() ? "" : ", ") + short_names[i] + " = " + names[i];
      }
      if (!legend.empty()) out_ << wrap("Shares: " + legend + ".", kTerminalWidth) << '\n';
    }
    t.print(out_, markdown_);
    out_ << '\n';
  }

  void title() {
    paragraph("Study '" + r_.study + "': scenarios against the " +
              (r_.explicit_reference ? "reference '" : "baseline '") + r_.reference +
              "', paired by replicate, " + count(static_cast<double>(r_.replicates)) +
              " replicates" +
              (r_.explicit_reference ? " (exact statistics from the per-replicate totals)" : "") +
              (r_.independent ? " (--independent: NOT paired, common random numbers off)" : "") +
              ". Money in " + r_.currency + ". " +
              (digits_ > 0 ? "Numbers to " + std::to_string(digits_) +
                                 " significant figures (--digits full for every digit)."
                           : "Numbers in full precision."));
  }

  // The money of each named scenario, and one line per sweep.
  void scenarios() {
    std::vector<std::size_t> levers;  // levers any named scenario spends on
    for (std::size_t l = 0; l < r_.levers.size(); ++l) {
      for (const ScenarioRow& row : r_.rows)
        if (row.sweep.empty() && row.budget > 0 && row.shares[l] > 0) {
          levers.push_back(l);
          break;
        }
    }
    Table t;
    t.header = {"scenario", "budget", "in horizon"};
    std::vector<std::string> names;
    for (std::size_t l : levers) {
      t.header.push_back(r_.levers[l]);
      names.push_back(r_.levers[l]);
    }
    for (const ScenarioRow& row : r_.rows) {
      if (!row.sweep.empty()) continue;
      std::vector<std::string> cells = {row.name, number(row.budget),
                                        number(row.spend_within_horizon)};
      for (std::size_t l : levers) cells.push_back(row.budget > 0 ? share_text(row.shares[l]) : "");
      t.rows.push_back(cells);
    }
    heading("Scenarios: budget and the money spent within the horizon of " +
            std::to_string(r_.months) + " months (" + r_.currency +
            "), and shares of the budget by lever");
    table(t, 3, names);
    for (const Group& g : groups_of(r_)) {
      if (g.sweep.empty()) continue;
      std::vector<std::string> split;
      for (std::size_t l : g.levers) split.push_back(r_.levers[l]);
      const ScenarioRow& first = *g.rows.front();
      const std::string within =
          first.spend_within_horizon == first.budget
              ? ""
              : " (" + number(first.spend_within_horizon) + " within the horizon)";
      paragraph("Sweep '" + g.sweep + "': " + std::to_string(g.rows.size()) + " points, each " +
                r_.currency + " " + number(first.budget) + within + " split over " +
                list_names(split) + ".");
    }
  }

  std::string group_title(const Group& g) const {
    return g.sweep.empty() ? "" : ", sweep '" + g.sweep + "'";
  }

  // Share columns of a sweep's table: header names and the cells of one row.
  std::vector<std::string> share_names(const Group& g) const {
    std::vector<std::string> names;
    for (std::size_t l : g.levers) names.push_back(r_.levers[l]);
    return names;
  }
  std::vector<std::string> share_cells(const Group& g, const ScenarioRow& row) const {
    std::vector<std::string> cells;
    for (std::size_t l : g.levers) cells.push_back(share_text(row.shares[l]));
    return cells;
  }

  // The first columns of a group's table: the scenario's name, or a sweep point's shares.
  Table start(const Group& g, const std::vector<std::string>& numbers) const {
    Table t;
    if (g.sweep.empty()) {
      t.header = {"scenario"};
    } else {
      t.header = share_names(g);
      t.left.assign(t.header.size() + numbers.size(), false);
    }
    t.header.insert(t.header.end(), numbers.begin(), numbers.end());
    return t;
  }
  std::vector<std::string> first_cells(const Group& g, const ScenarioRow& row) const {
    return g.sweep.empty() ? std::vector<std::string>{row.name} : share_cells(g, row);
  }

  void metric(std::size_t m, const std::vector<Group>& groups) {
    const MetricColumn& i = r_.metrics[m];
    for (const Group& g : groups) {
      heading(i.name + group_title(g) + ": " + i.long_name + " (" + i.units + "; " + i.better +
              " is better)");
      Table t =
          start(g, {"median", "[5%", "95%]", "diff mean", "± se", "[5%", "95%]", "P(better)"});
      for (const ScenarioRow* row : g.rows) {
        const MetricFigures& x = row->metrics[m];
        std::vector<std::string> cells = first_cells(g, *row);
        for (double v : {x.total_median, x.total_p5, x.total_p95}) cells.push_back(number(v));
        if (row->reference) {  // its differences from itself say nothing
          cells.insert(cells.end(), 5, "");
        } else {
          cells.insert(cells.end(),
                       {signed_number(x.diff_mean), number(x.diff_se), signed_number(x.diff_p5),
                        signed_number(x.diff_p95), number(x.prob_better)});
        }
        t.rows.push_back(cells);
      }
      table(t, 0, g.sweep.empty() ? std::vector<std::string>{} : share_names(g));
    }
    out_ << "se ~ 1/sqrt(replicates): " << count(4.0 * static_cast<double>(r_.replicates))
         << " replicates (4 x " << count(static_cast<double>(r_.replicates))
         << ") would halve each se above.\n\n";
  }

  // A cost cell: "–" where the cost is not defined (no mean gain, nothing spent) or a quantile
  // too close to the replicates without gain to be bounded (cost_quantile_bounded).
  std::string cost_cell(double v) const { return std::isfinite(v) ? number(v) : "–"; }
  std::string quantile_cell(double v, const CostFigures& c, double q) const {
    return std::isfinite(v) &&
                   cost_quantile_bounded(c.without_gain, static_cast<double>(r_.replicates), q)
               ? number(v)
               : "–";
  }
  std::string note(const ScenarioRow& row, const CostFigures& c) const {
    if (!(row.cost_spend > 0)) return "no money spent";
    if (c.without_gain > 0)
      return "no gain in " + format_percent(c.without_gain / static_cast<double>(r_.replicates)) +
             " of replicates";
    return "";
  }

  void cost(std::size_t c, const std::vector<Group>& groups) {
    const CostColumn& col = r_.costs[c];
    const bool any = std::any_of(r_.rows.begin(), r_.rows.end(), [&](const ScenarioRow& row) {
      return !std::isnan(row.costs[c].without_gain);
    });
    if (!any) {
      paragraph(col.title + ": not available " +
                (r_.explicit_reference
                     ? "with --reference (the file keeps no per-replicate total it needs)."
                     : "in this file."));
      return;
    }
    paragraph(col.title + " (" + col.units + "): the money spent within the horizon" +
              (r_.explicit_reference ? ", less the reference's," : "") +
              " over the mean paired gain ± se, and [5%, median, 95%] of spend / gain over "
              "replicates. – where the mean gain is not positive, or where a quantile is "
              "unbounded or too close to the replicates without gain to say anything "
              "(docs/output-format.md §5.7).");
    for (const Group& g : groups) {
      if (!g.sweep.empty()) heading(col.title + group_title(g));
      Table t = start(g, {"cost", "± se", "[5%", "median", "95%]", "note"});
      if (t.left.empty()) t.left.assign(t.header.size(), false), t.left[0] = true;
      t.left.back() = true;
      for (const ScenarioRow* row : g.rows) {
        const CostFigures& f = row->costs[c];
        std::vector<std::string> cells = first_cells(g, *row);
        if (row->reference) {
          cells.insert(cells.end(), {"", "", "", "", "", "reference"});
        } else {
          const bool spent = row->cost_spend > 0;
          cells.insert(cells.end(),
                       {spent ? cost_cell(f.value) : "–", spent ? cost_cell(f.se) : "–",
                        spent ? quantile_cell(f.p5, f, 0.05) : "–",
                        spent ? quantile_cell(f.median, f, 0.5) : "–",
                        spent ? quantile_cell(f.p95, f, 0.95) : "–", note(*row, f)});
        }
        t.rows.push_back(cells);
      }
      table(t, 0, g.sweep.empty() ? std::vector<std::string>{} : share_names(g));
    }
  }

  std::ostream& out_;
  const Report& r_;
  int digits_;
  bool markdown_;
};

}  // namespace

void print_report_tables(std::ostream& out, const Report& r, int digits, bool markdown) {
  Writer(out, r, digits, markdown).all();
}

}  // namespace fundsim::cli
