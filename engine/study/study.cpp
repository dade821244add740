// load_study / parse_study: the top level of a study file (docs/study-format.md).
#include "study/study.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "errors.hpp"
#include "study/keys.hpp"
#include "study/sections.hpp"
#include "study/suggest.hpp"
#include "study/toml_document.hpp"

namespace fundsim {

namespace {

using namespace study_detail;

constexpr std::int64_t kSchemaVersion = 1;

bool is_study_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Checked first, before anything else, so that a newer file is refused with a clear
// message rather than with complaints about keys this version does not know.
int read_schema_version(const Reader& reader, const Node& root) {
  const Node& node = reader.require(root, "", "schema_version");
  const std::int64_t v = reader.integer(node, "schema_version");
  if (v > kSchemaVersion)
    reader.fail(node, "schema_version",
                "schema_version " + std::to_string(v) + " is newer than this fundsim supports (" +
                    std::to_string(kSchemaVersion) + ")");
  if (v != kSchemaVersion)
    reader.fail(node, "schema_version",
                "must be " + std::to_string(kSchemaVersion) + ", not " + std::to_string(v));
  return static_cast<int>(v);
}

std::size_t read_baseline(const Reader& reader, const Node& root, const Study& study) {
  const Node* node = root.find("baseline");
  if (!node) return 0;
  const std::string& name = reader.string(*node, "baseline");
  for (std::size_t i = 0; i < study.scenarios.size(); ++i)
    if (study.scenarios[i].name == name) return i;
  std::vector<std::string> names;
  for (const Scenario& s : study.scenarios) names.push_back(s.name);
  const std::string suggestion = did_you_mean(name, names);
  reader.fail(*node, "baseline",
              "no scenario is named '" + name + "'" + (suggestion.empty() ? ";" : suggestion) +
                  " scenarios: " + join_names(names, false, 20));
}

}  // namespace

Study parse_study(std::string_view text, const std::string& path) {
  const Node root = parse_toml(text, path);
  const Reader reader(path);

  Study study;
  study.file = path;
  study.text = std::string(text);
  study.schema_version = read_schema_version(reader, root);
  reader.check_keys(root, "", section_keys(""));

  const Node& name_node = reader.require(root, "", "name");
  study.name = reader.string(name_node, "name");
  if (!is_study_name(study.name))
    reader.fail(
        name_node, "name",
        "study name \"" + study.name + "\" must be made of letters, digits, '.', '_' and '-'");
  if (const Node* d = root.find("description"))
    study.description = reader.string(*d, "description");
  study.currency = read_currency(reader, root);

  study.run = read_run(reader, root);
  read_globals(reader, root, study);
  read_classes(reader, root, study);
  read_levers(reader, root, study);
  read_correlations(reader, root, study);
  read_scenarios(reader, root, study);
  read_sweeps(reader, root, study);
  if (study.scenarios.empty())
    reader.fail(root, "scenario", "no scenarios: add at least one [[scenario]] or [[sweep]]");
  study.baseline = read_baseline(reader, root, study);
  read_objectives(reader, root, study);
  read_calibration(reader, root, study);
  read_parameter_groups(reader, root, study);
  return study;
}

Study load_study(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) throw InputError(path + ": cannot read study file: " + std::strerror(errno));
  std::string text;
  char buf[65536];
  for (;;) {
    const std::size_t n = std::fread(buf, 1, sizeof buf, file.get());
    text.append(buf, n);
    if (n < sizeof buf) break;
  }
  if (std::ferror(file.get()))
    throw InputError(path + ": cannot read study file: " + std::strerror(errno));
  return parse_study(text, path);
}

}  // namespace fundsim
