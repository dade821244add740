// Runs split by replicate ranges, resumed from earlier results or checkpointed mid-run give
// bitwise the summaries of one uninterrupted run (compared as encoded state bytes).
#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <vector>

#include "run/run_state.hpp"
#include "run/runner.hpp"
#include "small_study.hpp"
#include "study/study.hpp"

namespace fundsim {
namespace {

using test::small_study;

RunSpec spec_for(std::uint64_t replicates) {
  RunSpec spec;
  spec.replicates = replicates;
  spec.seed = 20181;
  spec.summary_only = true;
  return spec;
}

Execution threads(unsigned n, ReplicateRanges only = {}) {
  Execution e;
  e.threads = n;
  e.only = std::move(only);
  return e;
}

std::vector<std::uint8_t> bytes_of(const Study& study, const RunSpec& spec, const RunResults& r) {
  return encode_state(run_identity(study, spec), r.completed, r);
}

TEST(PartialRuns, DisjointRangesMergeToTheFullRun) {
  const Study study = small_study();
  const RunSpec spec = spec_for(200);
  const RunResults full = run_study(study, spec, threads(2), {}, nullptr);
  EXPECT_EQ(full.completed, ReplicateRanges(ReplicateRange{0, 200}));

  RunResults merged = empty_results(study);
  for (const ReplicateRange r :
       {ReplicateRange{130, 200}, ReplicateRange{0, 57}, ReplicateRange{57, 130}}) {
    const RunResults piece = run_study(study, spec, threads(1, ReplicateRanges(r)), {}, nullptr);
    EXPECT_EQ(piece.completed, ReplicateRanges(r));
    merged.merge(piece);
  }
  EXPECT_EQ(bytes_of(study, spec, merged), bytes_of(study, spec, full));
}

TEST(PartialRuns, StartingFromEarlierResultsFinishesTheRun) {
  const Study study = small_study();
  const RunSpec spec = spec_for(150);
  const RunResults full = run_study(study, spec, threads(2), {}, nullptr);
  ReplicateRanges first;
  first.add({0, 40});
  first.add({100, 120});
  RunResults earlier = run_study(study, spec, threads(2, first), {}, nullptr);
  const RunResults finished = run_study(study, spec, threads(2), {}, nullptr, std::move(earlier));
  EXPECT_EQ(finished.completed, full.completed);
  EXPECT_EQ(bytes_of(study, spec, finished), bytes_of(study, spec, full));
}

TEST(PartialRuns, CheckpointsHoldExactlyTheCompletedReplicates) {
  const Study study = small_study();
  const RunSpec spec = spec_for(1500);
  RunHooks hooks;
  hooks.checkpoint_seconds = 1e-6;  // at every poll of the runner (about 4 per second)
  std::vector<std::pair<ReplicateRanges, std::vector<std::uint8_t>>> seen;
  hooks.on_checkpoint = [&](const RunResults& r) {
    seen.emplace_back(r.completed, bytes_of(study, spec, r));
  };
  const RunResults full = run_study(study, spec, threads(2), hooks, nullptr);
  ASSERT_FALSE(seen.empty()) << "no checkpoint was taken; make the run longer";
  // Re-run exactly what the middle checkpoint claimed to hold: same bytes.
  const auto& [completed, bytes] = seen[seen.size() / 2];
  const RunResults redo = run_study(study, spec, threads(1, completed), {}, nullptr);
  EXPECT_EQ(bytes_of(study, spec, redo), bytes);
  EXPECT_EQ(full.completed, ReplicateRanges(ReplicateRange{0, 1500}));
}

TEST(PartialRuns, EndingEarlyKeepsWholeBlocksOnly) {
  // keep_going ends a run between blocks: what it returns is exactly a run of its completed
  // replicates (the dry run's timed pilot relies on this).
  const Study study = small_study();
  const RunSpec spec = spec_for(3000);
  RunHooks hooks;
  int polls = 0;
  hooks.keep_going = [&](const RunProgress& p) { return p.done == 0 || ++polls < 2; };
  const RunResults part = run_study(study, spec, threads(2), hooks, nullptr);
  ASSERT_GT(part.completed.count(), 0u);
  ASSERT_LT(part.completed.count(), 3000u) << "the run finished before it was ended";
  const RunResults redo = run_study(study, spec, threads(1, part.completed), {}, nullptr);
  EXPECT_EQ(bytes_of(study, spec, part), bytes_of(study, spec, redo));
}

TEST(RunState, RoundTripAndDamageDetection) {
  const Study study = small_study();
  RunSpec spec = spec_for(60);
  ReplicateRanges only;
  only.add({10, 50});
  const RunResults r = run_study(study, spec, threads(1, only), {}, nullptr);
  spec.shard_index = 1;
  spec.shard_count = 3;
  const RunIdentity id = run_identity(study, spec);
  const std::vector<std::uint8_t> bytes = encode_state(id, r.completed, r);
  const RunState back = decode_state(bytes, study);
  EXPECT_EQ(back.completed, r.completed);
  EXPECT_EQ(back.identity.difference(id, "x", false), "");
  EXPECT_EQ(encode_state(back.identity, back.completed, back.results), bytes);

  std::vector<std::uint8_t> damaged = bytes;
  damaged[damaged.size() / 2] ^= 0x40;
  EXPECT_THROW(decode_state(damaged, study), CorruptState);
  const std::vector<std::uint8_t> cut(
      bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(bytes.size() / 3));
  EXPECT_THROW(decode_state(cut, study), CorruptState);
  EXPECT_THROW(decode_state(std::vector<std::uint8_t>(10, 0), study), CorruptState);
}

TEST(RunIdentity, DifferencesAreNamed) {
  const Study study = small_study();
  RunSpec spec = spec_for(100);
  spec.shard_count = 2;
  const RunIdentity a = run_identity(study, spec);
  RunIdentity b = a;
  b.spec.seed = 9;
  EXPECT_NE(a.difference(b, "cp", false).find("seed"), std::string::npos);
  b = a;
  b.spec.replicates = 101;
  EXPECT_NE(a.difference(b, "cp", false).find("replicate count"), std::string::npos);
  b = a;
  b.build = "other";
  EXPECT_NE(a.difference(b, "cp", false).find("build"), std::string::npos);
  b = a;
  b.study_sha256 = "ff";
  EXPECT_NE(a.difference(b, "cp", false).find("study"), std::string::npos);
  b = a;
  b.spec.shard_index = 1;
  EXPECT_NE(a.difference(b, "cp", false).find("shard"), std::string::npos);
  EXPECT_EQ(a.difference(b, "cp", true), "");  // merge compares all but the index
}

}  // namespace
}  // namespace fundsim
