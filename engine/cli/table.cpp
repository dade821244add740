#include "cli/table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "support/number_format.hpp"

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

std::string rounded(double v, int digits) {
  return format_significant(v, {digits, true, false});
}

std::string signed_rounded(double v, int digits) {
  return format_significant(v, {digits, true, true});
}

std::string csv_rounded(double v, int digits) {
  if (!std::isfinite(v)) return "";
  return digits == 0 ? shortest(v) : format_significant(v, {digits, false, false});
}

std::string share_text(double share) {
  std::string text = format_significant(share, {3, false, false});
  if (text.find('.') != std::string::npos && text.find('e') == std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

std::size_t display_width(const std::string& text) {
  std::size_t n = 0;
  for (const char ch : text) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  return n;
}

std::string wrap(const std::string& text, std::size_t width) {
  std::string out, line;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (!line.empty() && display_width(line) + 1 + display_width(word) > width) {
      out += line + '\n';
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    start = end + 1;
  }
  return out + line;
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

namespace {

std::string markdown_cell(const std::string& cell) {
  std::string out;
  for (const char c : cell) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

}  // namespace

std::size_t Table::width() const {
  std::size_t total = 0;
  for (std::size_t c = 0; c < header.size(); ++c) {
    std::size_t w = display_width(header[c]);
    for (const auto& row : rows) w = std::max(w, display_width(row[c]));
    total += w + (c ? 2 : 0);
  }
  return total;
}

void Table::print(std::ostream& out, bool markdown) const {
  const auto cell = [&](const std::string& text) { return markdown ? markdown_cell(text) : text; };
  std::vector<std::size_t> width(header.size());
  const auto measure = [&](const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c)
      width[c] = std::max(width[c], display_width(cell(cells[c])));
  };
  measure(header);
  for (const auto& row : rows) measure(row);
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string text = markdown ? "| " : "";
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string content = cell(cells[c]);
      const std::string pad(width[c] - display_width(content), ' ');
      text += is_left(c) ? content + pad : pad + content;
      if (c + 1 < cells.size()) text += markdown ? " | " : "  ";
    }
    if (markdown) {
      text += " |";
    } else {
      while (!text.empty() && text.back() == ' ') text.pop_back();
    }
    out << text << '\n';
  };
  line(header);
  if (markdown) {
    out << '|';
    for (std::size_t c = 0; c < header.size(); ++c) {
      const bool to_left = is_left(c);
      out << (to_left ? " :" : " ") << std::string(std::max<std::size_t>(3, width[c] - 1), '-')
          << (to_left ? " |" : ": |");
    }
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
