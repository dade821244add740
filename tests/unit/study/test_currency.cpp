// The study's currency (docs/study-format.md §2): an ISO 4217 code, GBP by default; a bad code
// is an InputError at its line and column; messages about money name the currency.
#include <gtest/gtest.h>

#include <string>

#include "errors.hpp"
#include "study/keys.hpp"
#include "study/study.hpp"
#include "study_text.hpp"

namespace fundsim {
namespace {

using test::minimal_study;

// minimal_study() with `line` inserted after the name (line 3 of the file).
std::string with_top_level(const std::string& line, const std::string& tail = "") {
  std::string text = minimal_study(tail);
  const std::string after = "name = \"t\"\n";
  text.insert(text.find(after) + after.size(), line + "\n");
  return text;
}

using test::error_of;

TEST(Currency, DefaultsToGbp) {
  EXPECT_EQ(parse_study(minimal_study(), "t.toml").currency, "GBP");
  EXPECT_EQ(std::string(kDefaultCurrency), "GBP");
}

TEST(Currency, ReadsAnIsoCode) {
  EXPECT_EQ(parse_study(with_top_level("currency = \"AUD\""), "t.toml").currency, "AUD");
  EXPECT_EQ(parse_study(with_top_level("currency = \"EUR\""), "t.toml").currency, "EUR");
}

TEST(Currency, IsARegisteredTopLevelKey) {
  bool found = false;
  for (const StudyKey& k : study_sections().front().keys)
    if (k.name == "currency") found = k.type == "string" && !k.required;
  EXPECT_TRUE(found);
}

TEST(Currency, BadCodesAreLocated) {
  for (const std::string bad : {"AU", "AUDD", "A1D", "", "A D", "£"}) {
    const std::string message = error_of(with_top_level("currency = \"" + bad + "\""));
    EXPECT_EQ(message.rfind("t.toml:3:12: currency: \"" + bad + "\" is not an ISO 4217", 0), 0u)
        << message;
  }
}

TEST(Currency, LowerCaseGetsASuggestion) {
  const std::string message = error_of(with_top_level("currency = \"aud\""));
  EXPECT_NE(message.find("did you mean \"AUD\"?"), std::string::npos) << message;
}

TEST(Currency, MustBeAString) {
  const std::string message = error_of(with_top_level("currency = 36"));
  EXPECT_EQ(message.rfind("t.toml:3:12: currency: must be a string", 0), 0u) << message;
}

TEST(Currency, SpendingMessagesNameIt) {
  const std::string tail = "[[scenario]]\nname = \"s\"\nsplit = { x = 1 }\n";
  const std::string aud = error_of(with_top_level("currency = \"AUD\"", tail));
  EXPECT_NE(aud.find("a split needs a budget (AUD)"), std::string::npos) << aud;
  const std::string gbp = error_of(minimal_study(tail));
  EXPECT_NE(gbp.find("a split needs a budget (GBP)"), std::string::npos) << gbp;
  const std::string negative = error_of(with_top_level(
      "currency = \"AUD\"", "[[scenario]]\nname = \"s\"\nallocation = { x = -1 }\n"));
  EXPECT_NE(negative.find("an amount (AUD) must be >= 0"), std::string::npos) << negative;
}

}  // namespace
}  // namespace fundsim
