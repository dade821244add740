#pragma once
// Calendar months and the periods observations cover: "YYYY" (a calendar year), "YYYY-MM" (one
// month) or "YYYY-MM..YYYY-MM" (an inclusive range of months).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fundsim::calibration {

// A calendar month as a count of months since January of year 0 (2012-01 = 2012 * 12).
struct Month {
  std::int32_t index = 0;
  static Month of(int year, int month) { return Month{year * 12 + (month - 1)}; }
  int year() const { return index / 12; }
  int month() const { return index % 12 + 1; }
  std::string to_string() const;  // "2017-03"
  auto operator<=>(const Month&) const = default;
};

struct Period {
  Month first;
  Month last;  // inclusive
  std::int32_t months() const { return last.index - first.index + 1; }
  bool contains(Month m) const { return first <= m && m <= last; }
  // "2017" for a whole calendar year, "2017-03" for one month, else "2017-03..2018-02".
  std::string to_string() const;
  bool operator==(const Period&) const = default;
};

// The period `text` denotes, or an explanation of why it is not one (years 1000-9999, months
// 01-12, a range must not end before it starts).
struct ParsedPeriod {
  std::optional<Period> period;
  std::string error;
};
ParsedPeriod parse_period(std::string_view text);

}  // namespace fundsim::calibration
