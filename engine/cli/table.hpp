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
// Report numbers: `digits` significant figures (0: full precision) with thousands separators,
// "n/a" for NaN (support/number_format.hpp); signed_rounded puts "+" before values above 0.
std::string rounded(double v, int digits);
std::string signed_rounded(double v, int digits);
// CSV: `digits` significant figures without separators (0: the shortest exact text); empty for
// NaN.
std::string csv_rounded(double v, int digits);
// A budget share: 3 significant figures without trailing zeros (0.7, 1, 0, 0.333).
std::string share_text(double share);
// Columns a text takes in a terminal (UTF-8 code points).
std::size_t display_width(const std::string& text);
// `text` broken at spaces into lines of at most `width` columns (a longer word stands alone).
std::string wrap(const std::string& text, std::size_t width);
// A number, or null where it is not finite (JSON has no NaN).
nlohmann::json json_value(double v);
// A quantile level as a key: 0.05 -> "0.05".
std::string format_level(double level);

// Rows rendered as an aligned text table, a markdown table (a GitHub pipe table: '|' in cells
// escaped) or CSV. Columns are aligned right (numbers) except those marked in `left`; with
// `left` empty, only the first column is aligned left.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> left;
  bool is_left(std::size_t column) const {
    return left.empty() ? column == 0 : column < left.size() && left[column];
  }
  void print(std::ostream& out, bool markdown) const;
  void print_csv(std::ostream& out) const;
  // Columns of the widest line of the text table.
  std::size_t width() const;
};

}  // namespace fundsim::cli
