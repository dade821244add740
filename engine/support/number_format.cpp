#include "support/number_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace fundsim {

namespace {

std::string group_thousands(const std::string& whole) {
  std::string out;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += ',';
    out += whole[i];
  }
  return out;
}

// |v| in fixed notation from its decimal digits and exponent: digits "123", exponent 4 ->
// "12300"; exponent -2 -> "0.0123".
std::string place_point(const std::string& digits, int exponent, bool group) {
  const int n = static_cast<int>(digits.size());
  std::string whole, fraction;
  if (exponent >= n - 1) {
    whole = digits + std::string(static_cast<std::size_t>(exponent - (n - 1)), '0');
  } else if (exponent >= 0) {
    whole = digits.substr(0, static_cast<std::size_t>(exponent + 1));
    fraction = digits.substr(static_cast<std::size_t>(exponent + 1));
  } else {
    whole = "0";
    fraction = std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
  }
  return (group ? group_thousands(whole) : whole) + (fraction.empty() ? "" : "." + fraction);
}

}  // namespace

std::string format_significant(double v, NumberStyle style) {
  if (std::isnan(v)) return "n/a";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  // Decimal digits and exponent of |v|, rounded by the C library (correctly, half to even on
  // the binary value) rather than by scaling, which would add its own rounding error.
  char buf[64];
  if (style.digits > 0) {
    std::snprintf(buf, sizeof buf, "%.*e", style.digits - 1, std::fabs(v));
  } else {
    const auto end =
        std::to_chars(buf, buf + sizeof buf - 1, std::fabs(v), std::chars_format::scientific);
    *end.ptr = '\0';
  }
  const std::string text(buf);
  const std::size_t e = text.find('e');
  std::string digits;
  for (std::size_t i = 0; i < e; ++i)
    if (text[i] != '.') digits += text[i];
  const int exponent = std::atoi(text.c_str() + e + 1);
  if (digits.find_first_not_of('0') == std::string::npos) return "0";
  const bool negative = v < 0;
  std::string body;
  if (exponent >= 15 || exponent < -4) {
    body = text;  // d.dde+XX
  } else {
    body = place_point(digits, exponent, style.group);
  }
  return (negative ? "-" : style.sign ? "+" : "") + body;
}

std::string format_percent(double fraction) {
  if (std::isnan(fraction)) return "n/a";
  const double percent = 100.0 * fraction;
  if (percent == 0.0 || percent == 100.0) return percent == 0.0 ? "0%" : "100%";
  std::string text = format_significant(percent, {3, true, false});
  if (text == "100") return "99.9%";  // e.g. 99.97%: some replicates still differ
  if (text.find('.') != std::string::npos && text.find('e') == std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text + "%";
}

}  // namespace fundsim
