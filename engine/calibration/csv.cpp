#include "calibration/csv.hpp"

#include "errors.hpp"

namespace fundsim::calibration {
namespace {

class CsvParser {
 public:
  CsvParser(std::string_view text, const std::string& file) : text_(text), file_(file) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);
  }

  std::vector<CsvRow> rows() {
    std::vector<CsvRow> rows;
    while (pos_ < text_.size()) {
      CsvRow row = parse_row();
      const bool blank =
          row.fields.size() == 1 && !row.fields[0].quoted && row.fields[0].text.empty();
      if (!blank) rows.push_back(std::move(row));
    }
    return rows;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  static bool is_break(char c) { return c == '\n' || c == '\r'; }

  // Consumes one line break (CRLF counts as one).
  void consume_break() {
    if (peek() == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
    column_ = 1;
  }
  void advance() {
    ++pos_;
    ++column_;
  }

  [[noreturn]] void fail(std::size_t line, std::size_t column, const std::string& what) const {
    throw InputError(file_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                     what);
  }

  CsvRow parse_row() {
    CsvRow row;
    row.line = line_;
    while (true) {
      row.fields.push_back(parse_field());
      if (at_end()) break;
      if (peek() == ',') {
        advance();
        continue;
      }
      row.end_column = column_;
      consume_break();
      return row;
    }
    row.end_column = column_;
    return row;
  }

  CsvField parse_field() {
    while (!at_end() && (peek() == ' ' || peek() == '\t')) advance();
    CsvField field;
    field.line = line_;
    field.column = column_;
    if (!at_end() && peek() == '"') return parse_quoted(field);
    while (!at_end() && peek() != ',' && !is_break(peek())) {
      if (peek() == '"')
        fail(line_, column_,
             "quote inside an unquoted field (put the whole field in double quotes and double "
             "the quotes inside it)");
      field.text += peek();
      advance();
    }
    while (!field.text.empty() && (field.text.back() == ' ' || field.text.back() == '\t'))
      field.text.pop_back();
    return field;
  }

  CsvField parse_quoted(CsvField field) {
    field.quoted = true;
    advance();  // opening quote
    while (true) {
      if (at_end()) fail(field.line, field.column, "quoted field is never closed");
      const char c = peek();
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          field.text += '"';
          advance();
          advance();
          continue;
        }
        advance();  // closing quote
        break;
      }
      if (is_break(c)) {
        field.text += '\n';
        consume_break();
        continue;
      }
      field.text += c;
      advance();
    }
    while (!at_end() && (peek() == ' ' || peek() == '\t')) advance();
    if (!at_end() && peek() != ',' && !is_break(peek()))
      fail(line_, column_, "unexpected text after the closing quote of a field");
    return field;
  }

  std::string_view text_;
  const std::string& file_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t column_ = 1;
};

}  // namespace

std::vector<CsvRow> parse_csv(std::string_view text, const std::string& file) {
  return CsvParser(text, file).rows();
}

}  // namespace fundsim::calibration
