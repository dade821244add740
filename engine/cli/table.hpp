#pragma once
// Number formatting and tables for what the subcommands print: aligned text and markdown
// tables, CSV fields, JSON numbers (NaN as null).
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace fundsim::cli {

// JSON / CSV: the shortest text that reads back exactly.
std::string shortest(double v);
std::string csv_number(double v);  // empty for NaN
std::string csv_field(const std::string& s);
// Terminal: thousands separators, `decimals` places; "n/a" for NaN.
std::string pretty(double v, int decimals);
std::string signed_pretty(double v, int decimals);  // "+" before positive values
// A number, or null where it is not finite (JSON has no NaN).
nlohmann::json json_value(double v);
// A quantile level as a key: 0.05 -> "0.05".
std::string format_level(double level);

// Rows rendered as an aligned text table, a markdown table or CSV.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  void print(std::ostream& out, bool markdown) const;
  void print_csv(std::ostream& out) const;
};

}  // namespace fundsim::cli
