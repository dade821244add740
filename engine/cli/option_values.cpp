#include "cli/option_values.hpp"

#include <cstdlib>

#include "errors.hpp"

namespace fundsim::cli {

std::uint64_t parse_count(const boost::program_options::variables_map& vm,
                          const std::string& command, const char* option, std::uint64_t lo,
                          std::uint64_t hi) {
  const std::string text = vm[option].as<std::string>();
  std::uint64_t value = 0;
  bool ok = !text.empty() && text.size() <= 20;
  for (char c : text) {
    if (c < '0' || c > '9' || __builtin_mul_overflow(value, 10U, &value) ||
        __builtin_add_overflow(value, static_cast<unsigned>(c - '0'), &value)) {
      ok = false;
      break;
    }
  }
  if (!ok || value < lo || value > hi) {
    throw InputError(command + ": --" + option + " must be a whole number from " +
                     std::to_string(lo) + " to " + std::to_string(hi) + ", got '" + text + "'");
  }
  return value;
}

double parse_seconds(const boost::program_options::variables_map& vm, const std::string& command,
                     const char* option) {
  const std::string text = vm[option].as<std::string>();
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(value >= 0) || value > 1e9) {
    throw InputError(command + ": --" + option + " must be a number of seconds >= 0, got '" + text +
                     "'");
  }
  return value;
}

}  // namespace fundsim::cli
