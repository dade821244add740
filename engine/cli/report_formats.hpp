#pragma once
// The layouts of `fundsim report` (docs/output-format.md §5.7): tables for the terminal or
// markdown, CSV wide (one row per scenario) or long (one row per scenario, metric and
// statistic), JSON. Numbers are rounded to `digits` significant figures (0: full precision);
// JSON always has them in full.
#include <ostream>

#include "cli/report_model.hpp"

namespace fundsim::cli {

// Text tables are at most this wide where they can be (lever names in headers are abbreviated,
// with a legend, when the full names would not fit).
inline constexpr std::size_t kTerminalWidth = 100;

void print_report_tables(std::ostream& out, const Report& r, int digits, bool markdown);
void print_report_csv(std::ostream& out, const Report& r, int digits);
void print_report_csv_long(std::ostream& out, const Report& r, int digits);
void print_report_json(std::ostream& out, const Report& r);

}  // namespace fundsim::cli
