#pragma once
// A parsed TOML document as a small tree that remembers where every value was
// written. Only toml_document.cpp sees toml++ (it is heavy to compile); the rest
// of the study reader works on this tree.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fundsim::study_detail {

// 1-based line and column in the study file.
struct Location {
  int line = 1;
  int column = 1;
};

struct Node {
  enum class Type { table, array, string, integer, floating, boolean, date, time, date_time };

  Type type = Type::table;
  Location loc;
  std::string string_value;        // Type::string
  std::int64_t integer_value = 0;  // Type::integer
  double float_value = 0.0;        // Type::floating
  bool bool_value = false;         // Type::boolean
  // Type::table: keys[i] -> items[i], in the order they appear in the file.
  // Type::array: items only.
  std::vector<std::string> keys;
  std::vector<Node> items;

  bool is_table() const { return type == Type::table; }
  bool is_array() const { return type == Type::array; }
  bool is_number() const { return type == Type::integer || type == Type::floating; }
  // Numeric value of an integer or float node.
  double number() const {
    return type == Type::integer ? static_cast<double>(integer_value) : float_value;
  }
  // The value under `key` of a table, or nullptr.
  const Node* find(std::string_view key) const;
};

// "a table", "an integer", ... for messages.
const char* describe_type(Node::Type type);

// Parses TOML text. A syntax error becomes InputError "PATH:LINE:COLUMN: <description>".
// The root table's location is 1:1.
Node parse_toml(std::string_view text, const std::string& path);

}  // namespace fundsim::study_detail
