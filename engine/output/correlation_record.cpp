#include "output/correlation_record.hpp"

#include <charconv>

namespace fundsim {

namespace {

std::string number(double v) {
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, result.ptr);
}

// Parameter names are identifiers joined by '.' and '#'; escaped all the same.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string input_correlation_json(const Study& study) {
  const InputCorrelation& c = study.correlation;
  if (c.empty()) return {};
  std::string names, rows;
  for (std::size_t i = 0; i < c.parameters.size(); ++i) {
    names += (i ? ", " : "") + quoted(study.parameters[c.parameters[i]].name);
    std::string row;
    for (std::size_t j = 0; j < c.rank.size; ++j) row += (j ? ", " : "") + number(c.rank(i, j));
    rows += (i ? ", [" : "[") + row + "]";
  }
  return "{\"method\": \"Iman-Conover 1982, van der Waerden scores, on blocks of replicates "
         "(docs/model.md section 8)\", \"statistic\": \"spearman\", \"block_replicates\": " +
         std::to_string(kCorrelationBlockRows) + ", \"parameters\": [" + names + "], \"rank\": [" +
         rows + "]}";
}

}  // namespace fundsim
