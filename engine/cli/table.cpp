#include "cli/table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace fundsim::cli {

std::string shortest(double v) {  // JSON / CSV: shortest text that reads back exactly
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

std::string csv_number(double v) {
  return std::isfinite(v) ? shortest(v) : "";
}

// Terminal: thousands separators, `decimals` places; "n/a" for NaN.
std::string pretty(double v, int decimals) {
  if (!std::isfinite(v)) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
  std::string digits(buf);
  const auto dot = digits.find('.');
  std::string whole = digits.substr(0, dot),
              frac = dot == std::string::npos ? "" : digits.substr(dot);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  const bool negative = v < 0 && std::strtod(buf, nullptr) != 0.0;
  return (negative ? "-" : "") + grouped + frac;
}
std::string signed_pretty(double v, int decimals) {
  const std::string s = pretty(v, decimals);
  return std::isfinite(v) && v > 0 && s.find_first_not_of("0.,") != std::string::npos ? "+" + s : s;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// A number, or null where it is not finite (JSON has no NaN).
nlohmann::json json_value(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

std::string format_level(double level) {
  return shortest(level);
}

void Table::print(std::ostream& out, bool markdown) const {
  std::vector<std::size_t> width(header.size());
  const auto measure = [&](const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      // UTF-8 aware enough for "±" and "−": count code points.
      std::size_t n = 0;
      for (const char ch : cells[c]) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
      width[c] = std::max(width[c], n);
    }
  };
  measure(header);
  for (const auto& row : rows) measure(row);
  const auto line = [&](const std::vector<std::string>& cells) {
    if (markdown) out << "| ";
    for (std::size_t c = 0; c < cells.size(); ++c) {
      std::size_t n = 0;
      for (const char ch : cells[c]) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
      const std::string pad(width[c] - n, ' ');
      out << (c == 0 ? cells[c] + pad : pad + cells[c]);
      if (c + 1 < cells.size()) out << (markdown ? " | " : "  ");
    }
    out << (markdown ? " |\n" : "\n");
  };
  line(header);
  if (markdown) {
    out << '|';
    for (std::size_t c = 0; c < header.size(); ++c)
      out << (c == 0 ? " :" : " ") << std::string(std::max<std::size_t>(3, width[c]) - 1, '-')
          << (c == 0 ? " |" : ": |");
    out << '\n';
  } else {
    std::size_t total = 0;
    for (std::size_t w : width) total += w + 2;
    out << std::string(total - 2, '-') << '\n';
  }
  for (const auto& row : rows) line(row);
}

void Table::print_csv(std::ostream& out) const {
  const auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) out << (c ? "," : "") << csv_field(cells[c]);
    out << '\n';
  };
  line(header);
  for (const auto& row : rows) line(row);
}

}  // namespace fundsim::cli
