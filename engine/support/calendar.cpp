#include "support/calendar.hpp"

#include <cstdio>
#include <ctime>

namespace fundsim {

namespace {

int digits(std::string_view text) {
  int value = 0;
  for (const char c : text) value = value * 10 + (c - '0');
  return value;
}

}  // namespace

int month_number(std::string_view year_month) {
  return digits(year_month.substr(0, 4)) * 12 + digits(year_month.substr(5, 2)) - 1;
}

std::string calendar_month(std::string_view year_month, int offset) {
  const int months = month_number(year_month) + offset;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", months / 12, months % 12 + 1);
  return buf;
}

std::string utc_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace fundsim
