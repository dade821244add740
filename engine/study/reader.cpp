#include "study/reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "errors.hpp"
#include "study/keys.hpp"
#include "study/suggest.hpp"

namespace fundsim::study_detail {

namespace {

bool is_bare_key(std::string_view key) {
  if (key.empty()) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// A TOML float as written: 60.0 rather than 60.
std::string format_float(double v) {
  std::string s = format_number(v);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

std::string type_mismatch(const char* wanted, const Node& node) {
  return std::string("must be ") + wanted + ", not " + describe_type(node.type);
}

// Keeps messages readable when the file holds a huge key or string: at most `max` bytes of
// `text` (cut at a UTF-8 character boundary), then how long it was.
std::string clip(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "... (" + std::to_string(text.size()) + " bytes)";
}

// The table header a path starts in, as written in the file: "run" -> "[run]",
// "lever[2].effect[0]" -> "[[lever]]".
std::string header_of(std::string_view path) {
  const std::size_t end = path.find_first_of(".[");
  const std::string name(path.substr(0, end));
  const bool array = end != std::string_view::npos && path[end] == '[';
  return array ? "[[" + name + "]]" : "[" + name + "]";
}

// A top-level value key (name, baseline, currency...) written after a table header belongs to
// that table in TOML; the usual slip of a new user, so it gets its own advice.
bool is_top_level_value_key(std::string_view key) {
  for (const StudyKey& k : study_sections().front().keys)
    if (k.name == key && k.type != "table" && k.type != "array of tables") return true;
  return false;
}

}  // namespace

std::string child_path(std::string_view path, std::string_view key) {
  std::string out(path);
  if (!out.empty()) out += '.';
  if (is_bare_key(key)) {
    out += key;
  } else {
    out += '"';
    for (char c : key) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out;
}

std::string index_path(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

void Reader::fail(const Location& loc, std::string_view path, std::string_view message) const {
  std::string text =
      file_ + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column) + ": ";
  if (!path.empty()) {
    text += clip(path, 200);
    text += ": ";
  }
  text += clip(message, 1000);
  throw InputError(text);
}

void Reader::check_keys(const Node& table, std::string_view path,
                        const std::vector<std::string>& allowed) const {
  for (std::size_t i = 0; i < table.keys.size(); ++i) {
    const std::string& key = table.keys[i];
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    if (!path.empty() && is_top_level_value_key(key))
      fail(table.items[i], child_path(path, key),
           "'" + key + "' is a top-level key: move it above " + header_of(path) +
               " (TOML puts every key after a table header into that table)");
    const std::string suggestion = did_you_mean(key, allowed);
    fail(table.items[i], child_path(path, key),
         "unknown key '" + key + "'" + (suggestion.empty() ? ";" : suggestion) +
             " allowed keys: " + join_names(allowed));
  }
}

const Node& Reader::require(const Node& table, std::string_view path, std::string_view key) const {
  if (const Node* node = table.find(key)) return *node;
  fail(table, child_path(path, key), "missing required key '" + std::string(key) + "'");
}

const Node& Reader::table(const Node& node, std::string_view path) const {
  if (!node.is_table()) fail(node, path, type_mismatch("a table", node));
  return node;
}

const Node& Reader::array(const Node& node, std::string_view path) const {
  if (!node.is_array()) fail(node, path, type_mismatch("an array", node));
  return node;
}

const Node& Reader::table_array(const Node& node, std::string_view path,
                                std::string_view header_name) const {
  const std::string header = "[[" + std::string(header_name.empty() ? path : header_name) + "]]";
  if (!node.is_array())
    fail(node, path,
         "must be an array of tables (" + header + "), not " + describe_type(node.type));
  for (std::size_t i = 0; i < node.items.size(); ++i)
    if (!node.items[i].is_table())
      fail(node.items[i], index_path(path, i),
           "must be a table (write each entry as " + header + "), not " +
               describe_type(node.items[i].type));
  return node;
}

const std::string& Reader::string(const Node& node, std::string_view path) const {
  if (node.type != Node::Type::string) fail(node, path, type_mismatch("a string", node));
  return node.string_value;
}

bool Reader::boolean(const Node& node, std::string_view path) const {
  if (node.type != Node::Type::boolean)
    fail(node, path, type_mismatch("a boolean (true or false)", node));
  return node.bool_value;
}

double Reader::number(const Node& node, std::string_view path) const {
  if (!node.is_number()) fail(node, path, type_mismatch("a number", node));
  const double v = node.number();
  if (!std::isfinite(v))
    fail(node, path,
         "must be a finite number, not " + format_number(v) + " (TOML nan/inf are not allowed)");
  return v;
}

std::int64_t Reader::integer(const Node& node, std::string_view path) const {
  if (node.type == Node::Type::floating)
    fail(node, path, "must be an integer, not the float " + format_float(node.float_value));
  if (node.type != Node::Type::integer) fail(node, path, type_mismatch("an integer", node));
  return node.integer_value;
}

std::int64_t Reader::integer_in(const Node& node, std::string_view path, std::int64_t lo,
                                std::int64_t hi) const {
  const std::int64_t v = integer(node, path);
  if (v < lo || v > hi) {
    // Upper limits that only guard the storage type are not worth mentioning.
    const bool unbounded = hi == std::numeric_limits<std::int64_t>::max() ||
                           (v < lo && hi >= std::numeric_limits<int>::max());
    std::string range =
        unbounded ? "must be >= " + std::to_string(lo)
                  : "must be between " + std::to_string(lo) + " and " + std::to_string(hi);
    fail(node, path, range + ", not " + std::to_string(v));
  }
  return v;
}

}  // namespace fundsim::study_detail
