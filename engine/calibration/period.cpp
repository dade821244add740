#include "calibration/period.hpp"

#include <cstdio>

namespace fundsim::calibration {
namespace {

bool all_digits(std::string_view s) {
  for (const char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int to_int(std::string_view digits) {
  int v = 0;
  for (const char c : digits) v = v * 10 + (c - '0');
  return v;
}

// "YYYY" or "YYYY-MM"; `whole_year` tells which.
struct Endpoint {
  std::optional<Month> month;
  bool whole_year = false;
  std::string error;
};

Endpoint parse_endpoint(std::string_view s) {
  Endpoint e;
  if (s.size() == 4 && all_digits(s)) {
    const int year = to_int(s);
    if (year < 1000) {
      e.error = "year " + std::string(s) + " is out of range";
      return e;
    }
    e.month = Month::of(year, 1);
    e.whole_year = true;
    return e;
  }
  if (s.size() == 7 && s[4] == '-' && all_digits(s.substr(0, 4)) && all_digits(s.substr(5, 2))) {
    const int year = to_int(s.substr(0, 4));
    const int month = to_int(s.substr(5, 2));
    if (year < 1000) {
      e.error = "year " + std::string(s.substr(0, 4)) + " is out of range";
    } else if (month < 1 || month > 12) {
      e.error = "month " + std::string(s.substr(5, 2)) + " is not 01-12";
    } else {
      e.month = Month::of(year, month);
    }
    return e;
  }
  e.error = "'" + std::string(s) + "' is not a period (write YYYY, YYYY-MM or YYYY-MM..YYYY-MM)";
  return e;
}

}  // namespace

std::string Month::to_string() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year(), month());
  return buf;
}

std::string Period::to_string() const {
  if (first.month() == 1 && last.index == first.index + 11) return std::to_string(first.year());
  if (first == last) return first.to_string();
  return first.to_string() + ".." + last.to_string();
}

ParsedPeriod parse_period(std::string_view text) {
  ParsedPeriod out;
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    const Endpoint e = parse_endpoint(text);
    if (!e.month) {
      out.error = e.error;
      return out;
    }
    out.period = Period{*e.month, e.whole_year ? Month{e.month->index + 11} : *e.month};
    return out;
  }
  const std::string_view left = text.substr(0, dots), right = text.substr(dots + 2);
  const Endpoint a = parse_endpoint(left), b = parse_endpoint(right);
  if (!a.month || !b.month || a.whole_year || b.whole_year) {
    const std::string& why = !a.month ? a.error : !b.month ? b.error : std::string();
    out.error =
        why.empty() ? "a range is written YYYY-MM..YYYY-MM, not '" + std::string(text) + "'" : why;
    return out;
  }
  if (*b.month < *a.month) {
    out.error = "the range " + std::string(text) + " ends before it starts";
    return out;
  }
  out.period = Period{*a.month, *b.month};
  return out;
}

}  // namespace fundsim::calibration
