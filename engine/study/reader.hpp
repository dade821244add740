#pragma once
// Located, typed access to the study's TOML tree. Every failure throws InputError
// "FILE:LINE:COLUMN: KEY.PATH: message" pointing at the offending value, or at the
// enclosing table when a required key is missing.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "study/toml_document.hpp"

namespace fundsim::study_detail {

// Key paths: "run.months", "class[2].detect", "scenario[0].override.\"a.b\"".
// Array indices are 0-based; keys that are not bare TOML keys are quoted.
std::string child_path(std::string_view path, std::string_view key);
std::string index_path(std::string_view path, std::size_t index);

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}
  const std::string& file() const { return file_; }

  [[noreturn]] void fail(const Location& loc, std::string_view path,
                         std::string_view message) const;
  [[noreturn]] void fail(const Node& node, std::string_view path, std::string_view message) const {
    fail(node.loc, path, message);
  }

  // Rejects keys of `table` not in `allowed`, suggesting the closest one and listing all.
  void check_keys(const Node& table, std::string_view path,
                  const std::vector<std::string>& allowed) const;

  // The value under `key`, or a "missing required key" error at the table's location.
  const Node& require(const Node& table, std::string_view path, std::string_view key) const;

  // Type checks; `path` is the key path of `node` itself.
  const Node& table(const Node& node, std::string_view path) const;
  const Node& array(const Node& node, std::string_view path) const;
  // An array of tables; `header` ("class", "lever.effect") is shown as [[header]] in messages
  // (default: the path).
  const Node& table_array(const Node& node, std::string_view path,
                          std::string_view header = {}) const;
  const std::string& string(const Node& node, std::string_view path) const;
  bool boolean(const Node& node, std::string_view path) const;
  // A finite number (TOML integer or float).
  double number(const Node& node, std::string_view path) const;
  // A TOML integer (a float such as 60.0 is refused).
  std::int64_t integer(const Node& node, std::string_view path) const;
  // An integer in [lo, hi].
  std::int64_t integer_in(const Node& node, std::string_view path, std::int64_t lo,
                          std::int64_t hi) const;

 private:
  std::string file_;
};

}  // namespace fundsim::study_detail
