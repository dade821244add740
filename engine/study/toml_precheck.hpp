#pragma once
// A guard in front of toml++ 3.3.0 (Debian 12). Its whitespace test
// is_non_ascii_horizontal_whitespace() reaches __builtin_unreachable() for most code points
// in U+00A1..U+0499, U+2D6E..U+3167 and U+FBE6..U+FEFE (undefined behaviour, found by the
// fuzzer: docs/robustness.md). The parser asks it about the character that follows a token
// (a key, a value, '=' ...) and about the character after a backslash in a multi-line basic
// string. Such a character there is always a syntax error, so it is reported here first.
// It also builds and destroys the tables of a dotted key recursively, so a key of 100,000
// parts overflows the stack: keys are limited to 128 parts here.
#include <string>
#include <string_view>

namespace fundsim::study_detail {

// Throws InputError "PATH:LINE:COLUMN: unexpected character ..." for the first such character
// outside comments and strings, or right after a backslash in a multi-line basic string
// ("unknown escape sequence"), and for a dotted key of more than 128 parts. Returns the text to
// parse: `text`, except that such a character first in a line after a line-ending backslash (valid
// TOML) is written as the escape \uXXXX.
std::string precheck_toml(std::string_view text, const std::string& path);

}  // namespace fundsim::study_detail
