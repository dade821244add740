// [run]: months, start, replicates, seed, sampling, triage.
#include <cstdint>
#include <limits>

#include "study/keys.hpp"
#include "study/sections.hpp"
#include "study/suggest.hpp"
#include "support/calendar.hpp"

namespace fundsim::study_detail {

namespace {

bool is_year_month(const std::string& s) {
  if (s.size() != 7 || s[4] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6})
    if (s[i] < '0' || s[i] > '9') return false;
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  return month >= 1 && month <= 12;
}

// TOML integers are signed 64-bit, so seeds above INT64_MAX may be written as a string
// of decimal digits: seed = "18446744073709551615".
std::uint64_t read_seed(const Reader& reader, const Node& node, const std::string& path) {
  if (node.type == Node::Type::string) {
    const std::string& s = node.string_value;
    const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t v = 0;
    bool ok = !s.empty() && s.size() <= 20;
    for (char c : s) {
      if (!ok) break;
      if (c < '0' || c > '9') {
        ok = false;
        break;
      }
      const auto digit = static_cast<std::uint64_t>(c - '0');
      if (v > (max - digit) / 10) {
        ok = false;
        break;
      }
      v = v * 10 + digit;
    }
    if (!ok)
      reader.fail(
          node, path,
          "a string seed must be decimal digits for a value in 0 .. 18446744073709551615, not \"" +
              s + "\"");
    return v;
  }
  if (node.type != Node::Type::integer && node.type != Node::Type::floating)
    reader.fail(node, path,
                std::string("must be an integer (0 .. 2^64-1; write seeds above 2^63-1 as a string "
                            "of digits), not ") +
                    describe_type(node.type));
  const std::int64_t v = reader.integer_in(node, path, 0, std::numeric_limits<std::int64_t>::max());
  return static_cast<std::uint64_t>(v);
}

template <typename Enum>
Enum read_choice(const Reader& reader, const Node& node, const std::string& path,
                 const std::vector<std::string>& names, const std::vector<Enum>& values) {
  const std::string& s = reader.string(node, path);
  for (std::size_t i = 0; i < names.size(); ++i)
    if (s == names[i]) return values[i];
  const std::string suggestion = did_you_mean(s, names);
  reader.fail(node, path,
              "unknown value '" + s + "'" + (suggestion.empty() ? ";" : suggestion) +
                  " allowed: " + join_names(names, true));
}

}  // namespace

RunSettings read_run(const Reader& reader, const Node& root) {
  const Node* run_node = root.find("run");
  if (!run_node) reader.fail(root, "run", "missing required table [run]");
  const Node& run = reader.table(*run_node, "run");
  reader.check_keys(run, "run", section_keys("run"));

  RunSettings s;
  s.months = static_cast<int>(
      reader.integer_in(reader.require(run, "run", "months"), "run.months", 1, 1200));

  const Node& start = reader.require(run, "run", "start");
  s.start = reader.string(start, "run.start");
  if (!is_year_month(s.start))
    reader.fail(start, "run.start",
                "must be a calendar month \"YYYY-MM\" with month 01-12, not \"" + s.start + "\"");
  if (const Node* history = run.find("history_start")) {
    s.history_start = reader.string(*history, "run.history_start");
    if (!is_year_month(s.history_start))
      reader.fail(
          *history, "run.history_start",
          "must be a calendar month \"YYYY-MM\" with month 01-12, not \"" + s.history_start + "\"");
    const int months = month_number(s.start) - month_number(s.history_start);
    if (months <= 0)
      reader.fail(*history, "run.history_start",
                  "\"" + s.history_start + "\" must be before run.start \"" + s.start + "\"");
    if (months > 1200)
      reader.fail(*history, "run.history_start",
                  "at most 1200 months of history (this is " + std::to_string(months) + ")");
    s.history_months = months;
  }

  s.replicates = static_cast<std::uint64_t>(reader.integer_in(
      reader.require(run, "run", "replicates"), "run.replicates", 1, kMaxReplicates));

  s.seed = read_seed(reader, reader.require(run, "run", "seed"), "run.seed");

  if (const Node* n = run.find("sampling"))
    s.sampling = read_choice<Sampling>(reader, *n, "run.sampling", {"mc", "lhs"},
                                       {Sampling::mc, Sampling::lhs});
  if (const Node* n = run.find("triage"))
    s.triage = read_choice<Triage>(reader, *n, "run.triage", {"priority", "proportional"},
                                   {Triage::priority, Triage::proportional});
  return s;
}

}  // namespace fundsim::study_detail
