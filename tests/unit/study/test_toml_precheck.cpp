// The guard in front of toml++ 3.3.0 (study/toml_precheck.hpp): characters on which toml++'s
// whitespace test is undefined are rejected with a location where they are syntax errors,
// and written as \uXXXX where they are valid (after a line-ending backslash).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "errors.hpp"
#include "study/study.hpp"

namespace fundsim {
namespace {

std::string base_text() {
  std::ifstream in(std::string(FUNDSIM_SOURCE_DIR) + "/tests/data/studies/valid-base.toml");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string with_description(const std::string& toml_value) {
  std::string text = base_text();
  const std::string line = "description = \"A valid study; each malformed file changes one thing\"";
  const auto at = text.find(line);
  EXPECT_NE(at, std::string::npos);
  return text.replace(at, line.size(), "description = " + toml_value);
}

TEST(TomlPrecheck, NonAsciiAfterLineEndingBackslashIsKept) {
  const Study s =
      parse_study(with_description("\"\"\"Études \\\n   économiques, Ж\"\"\""), "x.toml");
  EXPECT_EQ(s.description, "Études économiques, Ж");
  EXPECT_NE(s.text.find("\\\n   économiques"), std::string::npos);  // the text is stored as given
}

TEST(TomlPrecheck, NonAsciiInStringsAndCommentsIsFine) {
  const Study s = parse_study("# £ é Ж ｡\n" + with_description("'£ é Ж' # ¡"), "x.toml");
  EXPECT_EQ(s.description, "£ é Ж");
}

TEST(TomlPrecheck, NonAsciiAfterValueIsLocated) {
  try {
    parse_study(with_description("\"x\" ¡"), "x.toml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("x.toml:3:19: unexpected character '¡' (U+00A1)", 0), 0u)
        << e.what();
  }
}

}  // namespace
}  // namespace fundsim
