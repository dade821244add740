#pragma once
// Lists of names in messages ("allowed keys: ...", "scenarios: ..."): a long list ends with how
// many names were left out, never with a name cut in half.
#include <cstddef>
#include <string>
#include <vector>

namespace fundsim {

struct NameListLimits {
  std::size_t max_names = 40;   // at most this many names are shown
  std::size_t max_chars = 400;  // and the shown list is at most this long (bytes, the tail too)
};

// "a, b, c" (each name quoted 'a' when `quote`); when not every name fits the limits, the names
// that fit followed by ", ... (N more)", or "... (N more)" if not even the first fits; "(none)"
// for an empty list.
std::string list_names(const std::vector<std::string>& names, bool quote = false,
                       NameListLimits limits = {});

}  // namespace fundsim
