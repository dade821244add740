// The only translation unit that includes toml++: converts its tree into Node.
#include "study/toml_document.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <numeric>
#include <string>
#include <string_view>

#include "errors.hpp"
#include "study/toml_precheck.hpp"

namespace fundsim::study_detail {

const Node* Node::find(std::string_view key) const {
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) return &items[i];
  return nullptr;
}

const char* describe_type(Node::Type type) {
  switch (type) {
    case Node::Type::table:
      return "a table";
    case Node::Type::array:
      return "an array";
    case Node::Type::string:
      return "a string";
    case Node::Type::integer:
      return "an integer";
    case Node::Type::floating:
      return "a float";
    case Node::Type::boolean:
      return "a boolean";
    case Node::Type::date:
      return "a date";
    case Node::Type::time:
      return "a time";
    case Node::Type::date_time:
      return "a date-time";
  }
  return "a value";
}

namespace {

Location location_of(const toml::source_region& region) {
  Location loc;
  if (region.begin.line > 0) {
    loc.line = static_cast<int>(region.begin.line);
    loc.column = static_cast<int>(region.begin.column);
  }
  return loc;
}

bool before(const Location& a, const Location& b) {
  return a.line != b.line ? a.line < b.line : a.column < b.column;
}

Node convert(const toml::node& in) {
  Node out;
  out.loc = location_of(in.source());
  switch (in.type()) {
    case toml::node_type::table: {
      out.type = Node::Type::table;
      const toml::table& table = *in.as_table();
      // toml++ iterates keys in sorted order; keep the file's order instead.
      std::vector<std::string> keys;
      std::vector<Node> items;
      for (auto&& [key, value] : table) {
        keys.emplace_back(key.str());
        items.push_back(convert(value));
      }
      std::vector<std::size_t> order(items.size());
      std::iota(order.begin(), order.end(), std::size_t{0});
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return before(items[a].loc, items[b].loc);
      });
      for (std::size_t i : order) {
        out.keys.push_back(std::move(keys[i]));
        out.items.push_back(std::move(items[i]));
      }
      break;
    }
    case toml::node_type::array:
      out.type = Node::Type::array;
      for (const toml::node& element : *in.as_array()) out.items.push_back(convert(element));
      break;
    case toml::node_type::string:
      out.type = Node::Type::string;
      out.string_value = in.as_string()->get();
      break;
    case toml::node_type::integer:
      out.type = Node::Type::integer;
      out.integer_value = in.as_integer()->get();
      break;
    case toml::node_type::floating_point:
      out.type = Node::Type::floating;
      out.float_value = in.as_floating_point()->get();
      break;
    case toml::node_type::boolean:
      out.type = Node::Type::boolean;
      out.bool_value = in.as_boolean()->get();
      break;
    case toml::node_type::date:
      out.type = Node::Type::date;
      break;
    case toml::node_type::time:
      out.type = Node::Type::time;
      break;
    case toml::node_type::date_time:
      out.type = Node::Type::date_time;
      break;
    case toml::node_type::none:
      out.type = Node::Type::string;
      break;  // not produced by the parser
  }
  return out;
}

// The text of line `line` (1-based), without its end-of-line characters.
std::string_view line_of(std::string_view text, std::size_t line) {
  std::size_t begin = 0;
  for (std::size_t l = 1; l < line && begin != std::string_view::npos; ++l) {
    begin = text.find('\n', begin);
    if (begin != std::string_view::npos) ++begin;
  }
  if (begin == std::string_view::npos || begin > text.size()) return {};
  std::string_view rest = text.substr(begin);
  rest = rest.substr(0, rest.find('\n'));
  if (!rest.empty() && rest.back() == '\r') rest.remove_suffix(1);
  return rest;
}

// toml++ reports a string left open as a control character (the line end) or an end of file
// inside a string; a new user needs to hear that a quote is missing, and where.
std::string plain_message(const toml::parse_error& e, std::string_view text, const Location& loc) {
  const std::string description(e.description());
  const bool in_string = description.rfind("Error while parsing string", 0) == 0 ||
                         description.rfind("Error while parsing literal string", 0) == 0 ||
                         description.rfind("Error while parsing multi-line", 0) == 0;
  if (!in_string) return description;
  if (description.find("end-of-file") != std::string::npos)
    return "a string is not closed: its closing quote is missing before the end of the file";
  const bool at_line_end = static_cast<std::size_t>(loc.column) >
                           line_of(text, static_cast<std::size_t>(loc.line)).size();
  if (description.find("control characters") != std::string::npos && at_line_end)
    return "a string is not closed: its closing quote is missing before the end of line " +
           std::to_string(loc.line) + " (a string on one line must end on that line)";
  return description;
}

}  // namespace

Node parse_toml(std::string_view text, const std::string& path) {
  const std::string checked = precheck_toml(text, path);
  toml::table root;
  try {
    root = toml::parse(checked, std::string_view(path));
  } catch (const toml::parse_error& e) {
    const Location loc = location_of(e.source());
    throw InputError(path + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column) +
                     ": " + plain_message(e, checked, loc));
  }
  Node out = convert(root);
  out.loc = Location{1, 1};
  return out;
}

}  // namespace fundsim::study_detail
