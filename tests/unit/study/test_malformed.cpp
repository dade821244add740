// Every file in tests/data/malformed/ is a study with one mistake. Its first line says
// where the error must be reported:   # expect: LINE:COLUMN TEXT
// The message must start with "FILE:LINE:COLUMN:" and contain TEXT (the key path, or for a
// TOML syntax error a fragment of the parser's description).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "errors.hpp"
#include "study/study.hpp"

namespace fundsim {
namespace {

const std::string kDir = std::string(FUNDSIM_SOURCE_DIR) + "/tests/data/malformed";

std::vector<std::string> malformed_files() {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(kDir, ec))
    if (entry.path().extension() == ".toml") files.push_back(entry.path().filename().string());
  std::sort(files.begin(), files.end());
  return files;
}

struct Expectation {
  std::string location;  // "LINE:COLUMN"
  std::string text;
};

Expectation read_expectation(const std::string& path) {
  std::ifstream in(path);
  std::string first;
  std::getline(in, first);
  const std::string tag = "# expect: ";
  EXPECT_EQ(first.rfind(tag, 0), 0u) << path << ": first line must be '# expect: LINE:COLUMN TEXT'";
  const std::string rest = first.substr(std::min(first.size(), tag.size()));
  const auto space = rest.find(' ');
  Expectation e;
  e.location = rest.substr(0, space);
  e.text = space == std::string::npos ? "" : rest.substr(space + 1);
  EXPECT_FALSE(e.text.empty()) << path;
  return e;
}

TEST(Malformed, EnoughFiles) {
  EXPECT_GE(malformed_files().size(), 25u);
}

class MalformedStudy : public ::testing::TestWithParam<std::string> {};

TEST_P(MalformedStudy, IsRejectedWithLocationAndKeyPath) {
  const std::string path = kDir + "/" + GetParam();
  const Expectation expect = read_expectation(path);
  try {
    load_study(path);
    FAIL() << path << " was accepted";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    const std::string prefix = path + ":" + expect.location + ": ";
    EXPECT_EQ(msg.rfind(prefix, 0), 0u) << "expected prefix: " << prefix << "\nmessage: " << msg;
    EXPECT_NE(msg.find(expect.text), std::string::npos)
        << "expected to contain: " << expect.text << "\nmessage: " << msg;
    EXPECT_GT(msg.size(), prefix.size() + expect.text.size() + 5) << "message too terse: " << msg;
  }
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(0, info.param.size() - 5);  // drop ".toml"
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Files, MalformedStudy, ::testing::ValuesIn(malformed_files()), test_name);

// The malformed files are edits of this valid study, so each has exactly one mistake.
TEST(Malformed, BaseStudyIsValid) {
  const Study s =
      load_study(std::string(FUNDSIM_SOURCE_DIR) + "/tests/data/studies/valid-base.toml");
  EXPECT_EQ(s.scenarios.size(), 4u + 66u);
  EXPECT_EQ(s.classes.size(), 2u);
}

}  // namespace
}  // namespace fundsim
