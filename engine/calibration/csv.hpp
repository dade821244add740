#pragma once
// RFC 4180 comma-separated values with the position of every field, for located errors.
//
// Fields are separated by commas and rows by LF, CRLF or CR. A field in double quotes may hold
// commas, line breaks and doubled quotes (""). Conveniences beyond RFC 4180: a UTF-8 byte-order
// mark is ignored, empty lines are skipped, and spaces and tabs around an unquoted field are
// trimmed. Columns count bytes from 1.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fundsim::calibration {

struct CsvField {
  std::string text;
  std::size_t line = 0;  // where the field starts (its opening quote if quoted)
  std::size_t column = 0;
  bool quoted = false;
};

struct CsvRow {
  std::vector<CsvField> fields;
  std::size_t line = 0;
  std::size_t end_column = 0;  // one past the row's last character, for "missing field" errors
};

// Throws InputError("FILE:LINE:COLUMN: ...") for a quoted field that is never closed, a quote
// inside an unquoted field, or text after a closing quote. `file` is only used in messages.
std::vector<CsvRow> parse_csv(std::string_view text, const std::string& file);

}  // namespace fundsim::calibration
