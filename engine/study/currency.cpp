// `currency`: the ISO 4217 code every amount of money in the study is in (docs/study-format.md
// §2). Only the form is checked (three capital letters): the code labels numbers, it converts
// nothing.
#include <algorithm>
#include <cctype>

#include "study/sections.hpp"

namespace fundsim::study_detail {

bool is_currency_code(std::string_view code) {
  return code.size() == 3 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string read_currency(const Reader& reader, const Node& root) {
  const Node* node = root.find("currency");
  if (!node) return kDefaultCurrency;
  const std::string& code = reader.string(*node, "currency");
  if (!is_currency_code(code)) {
    std::string upper = code;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    const std::string hint = is_currency_code(upper) ? "; did you mean \"" + upper + "\"?" : "";
    reader.fail(*node, "currency",
                "\"" + code +
                    "\" is not an ISO 4217 currency code: three capital letters, e.g. \"GBP\", "
                    "\"AUD\", \"EUR\"" +
                    hint);
  }
  return code;
}

}  // namespace fundsim::study_detail
