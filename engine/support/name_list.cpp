#include "support/name_list.hpp"

namespace fundsim {

std::string list_names(const std::vector<std::string>& names, bool quote, NameListLimits limits) {
  if (names.empty()) return "(none)";
  const auto tail = [&](std::size_t shown) {
    const std::string more = "... (" + std::to_string(names.size() - shown) + " more)";
    return shown == 0 ? more : ", " + more;
  };
  std::string all;
  for (std::size_t i = 0; i < names.size(); ++i)
    all += (i ? ", " : "") + (quote ? "'" + names[i] + "'" : names[i]);
  if (names.size() <= limits.max_names && all.size() <= limits.max_chars) return all;
  // Not all fit: as many whole names as leave room for the tail that counts the rest.
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string item = (i ? ", " : "") + (quote ? "'" + names[i] + "'" : names[i]);
    if (i >= limits.max_names || out.size() + item.size() + tail(i + 1).size() > limits.max_chars)
      return out + tail(i);
    out += item;
  }
  return out;
}

}  // namespace fundsim
