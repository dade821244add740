// Lists of names in messages end with a count of those left out, never with a name cut short.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/name_list.hpp"

namespace fundsim {
namespace {

TEST(NameList, ShortListsInFull) {
  EXPECT_EQ(list_names({"a", "b", "c"}), "a, b, c");
  EXPECT_EQ(list_names({"a", "b"}, true), "'a', 'b'");
  EXPECT_EQ(list_names({"only"}), "only");
  EXPECT_EQ(list_names({}), "(none)");
}

TEST(NameList, CountLimitEndsWithHowManyMore) {
  EXPECT_EQ(list_names({"a", "b", "c", "d", "e"}, false, {3, 400}), "a, b, c, ... (2 more)");
  EXPECT_EQ(list_names({"a", "b"}, false, {2, 400}), "a, b");  // exactly at the limit
}

TEST(NameList, CharacterLimitNeverCutsAName) {
  // 30 names of 20 letters: "name-NN-xxxxxxxxxxxx".
  std::vector<std::string> names;
  for (int i = 0; i < 30; ++i) {
    std::string n = "name-" + std::to_string(10 + i) + "-";
    n += std::string(20 - n.size(), 'x');
    names.push_back(n);
  }
  const std::string text = list_names(names, false, {40, 100});
  EXPECT_LE(text.size(), 100u) << text;
  // Every shown item is a whole name, and the tail counts the rest.
  const std::string tail = ", ... (";
  const std::size_t at = text.find(tail);
  ASSERT_NE(at, std::string::npos) << text;
  const std::string shown = text.substr(0, at);
  std::size_t count = 0;
  for (std::size_t start = 0; start <= shown.size();) {
    std::size_t end = shown.find(", ", start);
    if (end == std::string::npos) end = shown.size();
    EXPECT_EQ(shown.substr(start, end - start), names[count]) << text;
    ++count;
    start = end + 2;
  }
  EXPECT_EQ(text.substr(at), ", ... (" + std::to_string(30 - count) + " more)");
  // 100 characters hold 3 names (3 x 20 + 2 x 2 = 64) plus the tail (15); a fourth would not
  // leave room for it (86 + 15 > 100).
  EXPECT_EQ(count, 3u);
}

TEST(NameList, NotEvenOneFits) {
  EXPECT_EQ(list_names({std::string(50, 'z'), "b"}, false, {40, 20}), "... (2 more)");
}

TEST(NameList, TheLastNameNeedsNoRoomForATail) {
  // "aaaa, bbbb" is 10 characters: it fits a limit of 10 though "aaaa, ... (1 more)" would not.
  EXPECT_EQ(list_names({"aaaa", "bbbb"}, false, {40, 10}), "aaaa, bbbb");
}

}  // namespace
}  // namespace fundsim
