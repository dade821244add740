// Runs split by replicate ranges, resumed from earlier results or checkpointed mid-run give
// bitwise the summaries of one uninterrupted run (compared as encoded state bytes).
#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <vector>

#include "run/run_state.hpp"
#include "run/runner.hpp"
#include "study/study.hpp"

namespace fundsim {
namespace {

Study small_study() {
  return load_study(std::string(FUNDSIM_SOURCE_DIR) + "/scenarios/small.toml");
}

RunOptions options_for(std::uint64_t replicates, unsigned threads) {
  RunOptions o;
  o.replicates = replicates;
  o.seed = 20181;
  o.threads = threads;
  o.summary_only = true;
  return o;
}

std::vector<std::uint8_t> bytes_of(const Study& study, const RunOptions& o, const RunResults& r) {
  return encode_state(run_identity(study, o, 0, 1), r.completed, r);
}

TEST(PartialRuns, DisjointRangesMergeToTheFullRun) {
  const Study study = small_study();
  const RunOptions all = options_for(200, 2);
  const RunResults full = run_study(study, all, nullptr);
  EXPECT_EQ(full.completed, ReplicateRanges(ReplicateRange{0, 200}));

  RunResults merged = empty_results(study);
  for (const ReplicateRange r :
       {ReplicateRange{130, 200}, ReplicateRange{0, 57}, ReplicateRange{57, 130}}) {
    RunOptions part = options_for(200, 1);
    part.only = ReplicateRanges(r);
    const RunResults piece = run_study(study, part, nullptr);
    EXPECT_EQ(piece.completed, ReplicateRanges(r));
    for (std::size_t s = 0; s < merged.summaries.size(); ++s) {
      merged.summaries[s].merge(piece.summaries[s]);
      merged.differences[s].merge(piece.differences[s]);
    }
    merged.completed.add(piece.completed);
  }
  EXPECT_EQ(bytes_of(study, all, merged), bytes_of(study, all, full));
}

TEST(PartialRuns, StartingFromEarlierResultsFinishesTheRun) {
  const Study study = small_study();
  const RunOptions all = options_for(150, 2);
  const RunResults full = run_study(study, all, nullptr);
  RunOptions first = options_for(150, 2);
  first.only.add({0, 40});
  first.only.add({100, 120});
  RunResults earlier = run_study(study, first, nullptr);
  const RunResults finished = run_study(study, all, nullptr, std::move(earlier));
  EXPECT_EQ(finished.completed, full.completed);
  EXPECT_EQ(bytes_of(study, all, finished), bytes_of(study, all, full));
}

TEST(PartialRuns, CheckpointsHoldExactlyTheCompletedReplicates) {
  const Study study = small_study();
  RunOptions o = options_for(1500, 2);
  o.checkpoint_seconds = 1e-6;  // at every poll of the runner (about 4 per second)
  std::vector<std::pair<ReplicateRanges, std::vector<std::uint8_t>>> seen;
  o.on_checkpoint = [&](const RunResults& r) {
    seen.emplace_back(r.completed, bytes_of(study, o, r));
  };
  const RunResults full = run_study(study, o, nullptr);
  ASSERT_FALSE(seen.empty()) << "no checkpoint was taken; make the run longer";
  // Re-run exactly what the middle checkpoint claimed to hold: same bytes.
  const auto& [completed, bytes] = seen[seen.size() / 2];
  RunOptions again = options_for(1500, 1);
  again.only = completed;
  const RunResults redo = run_study(study, again, nullptr);
  EXPECT_EQ(bytes_of(study, o, redo), bytes);
  EXPECT_EQ(full.completed, ReplicateRanges(ReplicateRange{0, 1500}));
}

TEST(RunState, RoundTripAndDamageDetection) {
  const Study study = small_study();
  RunOptions o = options_for(60, 1);
  o.only.add({10, 50});
  const RunResults r = run_study(study, o, nullptr);
  const RunIdentity id = run_identity(study, o, 1, 3);
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
  RunOptions o = options_for(100, 1);
  const RunIdentity a = run_identity(study, o, 0, 2);
  RunIdentity b = a;
  b.seed = 9;
  EXPECT_NE(a.difference(b, "cp", false).find("seed"), std::string::npos);
  b = a;
  b.replicates = 101;
  EXPECT_NE(a.difference(b, "cp", false).find("replicate count"), std::string::npos);
  b = a;
  b.build = "other";
  EXPECT_NE(a.difference(b, "cp", false).find("build"), std::string::npos);
  b = a;
  b.study_sha256 = "ff";
  EXPECT_NE(a.difference(b, "cp", false).find("study"), std::string::npos);
  b = a;
  b.shard_index = 1;
  EXPECT_NE(a.difference(b, "cp", false).find("shard"), std::string::npos);
  EXPECT_EQ(a.difference(b, "cp", true), "");  // merge compares all but the index
}

}  // namespace
}  // namespace fundsim
