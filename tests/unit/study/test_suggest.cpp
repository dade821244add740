// Did-you-mean suggestions and key paths used in every error message.
#include <gtest/gtest.h>

#include "study/reader.hpp"
#include "study/suggest.hpp"

namespace fundsim::study_detail {
namespace {

TEST(Suggest, EditDistance) {
  EXPECT_EQ(edit_distance("detect", "detect"), 0u);
  EXPECT_EQ(edit_distance("detectt", "detect"), 1u);
  EXPECT_EQ(edit_distance("dteect", "detect"), 1u);  // adjacent transposition
  EXPECT_EQ(edit_distance("detcet", "detect"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(Suggest, ClosestWithinTwo) {
  const std::vector<std::string> keys = {"months", "start",    "replicates",
                                         "seed",   "sampling", "triage"};
  EXPECT_EQ(closest_match("month", keys), "months");
  EXPECT_EQ(closest_match("replicate", keys), "replicates");
  EXPECT_EQ(closest_match("sede", keys), "seed");
  EXPECT_EQ(closest_match("horizon", keys), "");
  EXPECT_EQ(did_you_mean("triag", keys), "; did you mean 'triage'?");
  EXPECT_EQ(did_you_mean("x", keys), "");
}

TEST(Suggest, WordCutShortOrOnePartOfAName) {
  const std::vector<std::string> metrics = {"new_offenders", "referrals", "contact_abuse",
                                            "arrests", "in_justice"};
  EXPECT_EQ(closest_match("contact", metrics), "contact_abuse");  // a prefix
  EXPECT_EQ(closest_match("abuse", metrics), "contact_abuse");    // one part
  EXPECT_EQ(closest_match("justice", metrics), "in_justice");
  EXPECT_EQ(closest_match("arrest", metrics), "arrests");  // within distance 1 first
  EXPECT_EQ(closest_match("ab", metrics), "");             // too short to guess from
  EXPECT_EQ(closest_match("buse", metrics), "");           // not a whole part
}

TEST(Suggest, JoinAndFormat) {
  EXPECT_EQ(join_names({"a", "b"}), "a, b");
  EXPECT_EQ(join_names({"a", "b"}, true), "'a', 'b'");
  EXPECT_EQ(join_names({"a", "b", "c"}, false, 2), "a, b, ... (1 more)");
  EXPECT_EQ(format_number(21e6), "21000000");
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(-0.5), "-0.5");
}

TEST(KeyPath, QuotingAndIndices) {
  EXPECT_EQ(child_path("", "run"), "run");
  EXPECT_EQ(child_path("run", "months"), "run.months");
  EXPECT_EQ(child_path("scenario[3].override", "groomer.detect"),
            "scenario[3].override.\"groomer.detect\"");
  EXPECT_EQ(index_path("class", 2), "class[2]");
  EXPECT_EQ(child_path(index_path("lever", 1), "effect"), "lever[1].effect");
}

}  // namespace
}  // namespace fundsim::study_detail
