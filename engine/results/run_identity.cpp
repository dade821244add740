#include "results/run_identity.hpp"

#include <initializer_list>
#include <string>

#include "support/sha256.hpp"
#include "version.hpp"

namespace fundsim {

std::string build_id() {
  // Appended, not chained with +: in the TSan tree GCC 12 warns on the inlined copies of the
  // chained temporaries (-Warray-bounds, a false positive).
  std::string id = kVersion;
  for (const char* part : {kGitCommit, kBuildType}) id.append(" ").append(part);
  return id;
}

RunIdentity run_identity(const Study& study, const RunSpec& spec) {
  return RunIdentity{sha256_hex(study.text), spec, build_id()};
}

std::string RunIdentity::difference(const RunIdentity& o, const std::string& other_name,
                                    bool ignore_shard) const {
  auto say = [&](const std::string& what, const std::string& here, const std::string& there) {
    return what + " differs: " + here + " here, " + there + " in " + other_name;
  };
  auto yes_no = [](bool b) { return std::string(b ? "on" : "off"); };
  const RunSpec& a = spec;
  const RunSpec& b = o.spec;
  if (study_sha256 != o.study_sha256) {
    return say("the study file", "sha256 " + study_sha256.substr(0, 12),
               "sha256 " + o.study_sha256.substr(0, 12));
  }
  if (a.seed != b.seed) return say("the seed", std::to_string(a.seed), std::to_string(b.seed));
  if (a.replicates != b.replicates) {
    return say("the replicate count", std::to_string(a.replicates), std::to_string(b.replicates));
  }
  if (a.central != b.central) return say("--central", yes_no(a.central), yes_no(b.central));
  if (a.summary_only != b.summary_only)
    return say("--summary-only", yes_no(a.summary_only), yes_no(b.summary_only));
  if (a.independent != b.independent)
    return say("--independent", yes_no(a.independent), yes_no(b.independent));
  if (a.sweep_months != b.sweep_months)
    return say("--sweep-months", yes_no(a.sweep_months), yes_no(b.sweep_months));
  if (a.parameters_sha256 != b.parameters_sha256) {
    const auto posterior = [](const RunSpec& s) {
      return s.parameters_sha256.empty() ? std::string("the priors")
                                         : "posterior sha256 " + s.parameters_sha256.substr(0, 12);
    };
    return say("the parameters (--parameters)", posterior(a), posterior(b));
  }
  if (build != o.build) return say("the fundsim build", "'" + build + "'", "'" + o.build + "'");
  if (!ignore_shard && (a.shard_index != b.shard_index || a.shard_count != b.shard_count)) {
    return say("the shard", std::to_string(a.shard_index) + "/" + std::to_string(a.shard_count),
               std::to_string(b.shard_index) + "/" + std::to_string(b.shard_count));
  }
  if (ignore_shard && a.shard_count != b.shard_count) {
    return say("the shard count", std::to_string(a.shard_count), std::to_string(b.shard_count));
  }
  return "";
}

}  // namespace fundsim
