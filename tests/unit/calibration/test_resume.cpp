// Resumability: the state after every wave or step is a plain value; encoded, decoded and resumed
// it gives bitwise the uninterrupted result. Also: the byte format rejects damage, a state is
// only resumed with its own settings and targets, the simulator's evaluation order does not
// matter, and failures (simulator error, budget) leave the state unchanged.
#include <gtest/gtest.h>

#include <cstdio>
#include <stdexcept>

#include "calibration/byte_io.hpp"
#include "calibration/calibration.hpp"
#include "calibration/calibration_errors.hpp"
#include "calibration/state_codec.hpp"
#include "toy_model.hpp"

namespace fundsim::calibration {
namespace {

using Bytes = std::vector<std::uint8_t>;

CalibrationSettings small_settings() {
  CalibrationSettings s;
  s.seed = 5;
  s.dimensions = 3;
  s.replicates = 3;
  s.history.first_wave_points = 300;
  s.history.wave_points = 300;
  s.history.min_nonimplausible = 80;
  s.posterior.particles = 150;
  s.posterior.max_moves = 8;
  return s;
}

struct Fixture {
  std::vector<Observation> observations =
      read_observations(toy::data_path("toy.csv"), toy::vocabulary());
  toy::SyntheticData data = toy::synthetic(3, observations);
  BatchSimulator simulate = toy::simulator(observations);
};

// One uninterrupted run and the encoded state after each of its steps.
struct Recorded {
  std::vector<Bytes> after_step;
  Bytes final_state;
};
Recorded record_run(const Calibration& c, const BatchSimulator& simulate) {
  Recorded r;
  const CalibrationState final_state =
      c.run(simulate, [&](const CalibrationState& s) { r.after_step.push_back(encode_state(s)); });
  r.final_state = encode_state(final_state);
  return r;
}

TEST(Resume, FromEveryWaveAndStepGivesTheIdenticalPosterior) {
  const Fixture f;
  const Calibration calibration(small_settings(), f.data.targets);
  const Recorded run = record_run(calibration, f.simulate);
  ASSERT_GE(run.after_step.size(), 5u);
  std::size_t waves = 0;
  for (std::size_t k = 0; k < run.after_step.size(); ++k) {
    const CalibrationState saved = decode_state(run.after_step[k]);
    waves += saved.phase == Phase::history_matching ? 1 : 0;
    // A fresh Calibration object: nothing survives the "kill" but the bytes.
    const Calibration restarted(small_settings(), f.data.targets);
    EXPECT_EQ(encode_state(restarted.resume(saved, f.simulate)), run.final_state)
        << "resumed after step " << k;
  }
  std::printf("resumed from %zu saved states (%zu after waves, %zu after posterior steps)\n",
              run.after_step.size(), waves, run.after_step.size() - waves);
  EXPECT_GE(waves, 2u);  // the resumes covered several waves, not only posterior steps
  EXPECT_EQ(run.after_step.back(), run.final_state);
}

TEST(Resume, SimulationOrderDoesNotMatter) {
  const Fixture f;
  const Calibration calibration(small_settings(), f.data.targets);
  const CalibrationState forward = calibration.run(f.simulate);
  const CalibrationState backward = calibration.run(toy::simulator(f.observations, true));
  EXPECT_EQ(encode_state(forward), encode_state(backward));
  // ... and another seed gives another result (the seed is used).
  CalibrationSettings other = small_settings();
  other.seed = 6;
  EXPECT_NE(encode_state(Calibration(other, f.data.targets).run(f.simulate)),
            encode_state(forward));
}

TEST(Resume, RefusesAStateOfOtherSettingsOrTargets) {
  const Fixture f;
  const Calibration calibration(small_settings(), f.data.targets);
  CalibrationState state = calibration.start();
  calibration.advance(state, f.simulate);
  CalibrationSettings other = small_settings();
  other.history.keep_fraction = 0.3;
  EXPECT_THROW(Calibration(other, f.data.targets).resume(state, f.simulate), InputError);
  std::vector<Target> targets = f.data.targets;
  targets[2].value += 1;
  EXPECT_THROW(Calibration(small_settings(), targets).resume(state, f.simulate), InputError);
  // Limits are not part of the identity: a larger budget or wave limit may resume.
  CalibrationSettings more = small_settings();
  more.history.max_waves = 50;
  more.posterior.max_simulations *= 2;
  EXPECT_NO_THROW(Calibration(more, f.data.targets).check_resumable(state));
}

TEST(Resume, SimulatorFailureLeavesTheStateUnchanged) {
  const Fixture f;
  const Calibration calibration(small_settings(), f.data.targets);
  const Bytes expected = encode_state(calibration.run(f.simulate));
  std::uint64_t calls = 0;
  const BatchSimulator flaky = [&](const SimulationBatch& b, std::span<double> out) {
    ++calls;  // three failures: in wave 2 and in later waves or posterior steps
    if (calls == 2 || calls == 9 || calls == 20) throw std::runtime_error("node lost");
    f.simulate(b, out);
  };
  CalibrationState state = calibration.start();
  int failures = 0;
  while (!Calibration::finished(state)) {
    const Bytes before = encode_state(state);
    try {
      calibration.advance(state, flaky);
    } catch (const std::runtime_error&) {
      ++failures;
      EXPECT_EQ(encode_state(state), before);
    }
  }
  EXPECT_EQ(failures, 3);
  EXPECT_EQ(encode_state(state), expected);
}

TEST(Resume, BudgetExhaustionThenResumeWithALargerBudget) {
  const Fixture f;
  const Calibration generous(small_settings(), f.data.targets);
  const CalibrationState full = generous.run(f.simulate);
  CalibrationSettings tight = small_settings();
  tight.posterior.max_simulations = full.posterior_simulations / 2;
  CalibrationState saved;
  try {
    Calibration(tight, f.data.targets).run(f.simulate, [&](const CalibrationState& s) {
      saved = s;
    });
    FAIL() << "the tight budget was not enforced";
  } catch (const CalibrationBudgetExhausted& e) {
    EXPECT_NE(std::string(e.what()).find("raise the budget and resume"), std::string::npos);
  }
  EXPECT_LE(saved.posterior_simulations, tight.posterior.max_simulations);
  EXPECT_EQ(encode_state(generous.resume(saved, f.simulate)), encode_state(full));
}

TEST(StateCodec, RoundTripsBitwise) {
  const Fixture f;
  const Calibration calibration(small_settings(), f.data.targets);
  const CalibrationState state = calibration.run(f.simulate);
  const Bytes bytes = encode_state(state);
  const CalibrationState back = decode_state(bytes);
  EXPECT_EQ(encode_state(back), bytes);
  EXPECT_EQ(back.waves.size(), state.waves.size());
  EXPECT_EQ(back.waves[0].points, state.waves[0].points);
  EXPECT_EQ(back.particles.log_likelihood, state.particles.log_likelihood);
  EXPECT_EQ(back.steps.size(), state.steps.size());
  EXPECT_EQ(back.next_stream, state.next_stream);
  EXPECT_EQ(posterior_sample(back).points, posterior_sample(state).points);
}

void expect_corrupt(const Bytes& bytes, const std::string& what, const std::string& text) {
  try {
    decode_state(bytes);
    ADD_FAILURE() << what << " was accepted";
  } catch (const CorruptCalibrationState& e) {
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << what << ": " << e.what();
  }
}

TEST(StateCodec, RejectsDamagedInput) {
  const Fixture f;
  const Calibration calibration(small_settings(), f.data.targets);
  CalibrationState state = calibration.start();
  calibration.advance(state, f.simulate);
  calibration.advance(state, f.simulate);
  const Bytes good = encode_state(state);
  ASSERT_NO_THROW(decode_state(good));
  // One flipped bit anywhere (300 positions spread over the state, varying bit positions).
  for (std::size_t i = 0; i < good.size(); i += good.size() / 300 + 1) {
    Bytes bad = good;
    bad[i] ^= static_cast<std::uint8_t>(1u << (i % 8));
    EXPECT_THROW(decode_state(bad), CorruptCalibrationState) << "byte " << i;
  }
  for (const std::size_t keep :
       {std::size_t{0}, std::size_t{10}, std::size_t{40}, good.size() / 2, good.size() - 1}) {
    expect_corrupt(Bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(keep)),
                   "truncated to " + std::to_string(keep), keep < 26 ? "not a fundsim" : "");
  }
  Bytes longer = good;
  longer.push_back(0);
  expect_corrupt(longer, "trailing byte", "truncated or has trailing bytes");
  expect_corrupt(Bytes(good.size(), 0), "zeros", "not a fundsim calibration state");
  // Another version, with a valid checksum: refused by version, not by checksum.
  Bytes v2 = good;
  v2[26] = 2;
  const std::size_t body_end = v2.size() - 8;
  const std::uint64_t crc = crc64(std::span<const std::uint8_t>(v2).first(body_end));
  for (int b = 0; b < 8; ++b)
    v2[body_end + static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(crc >> (8 * b));
  expect_corrupt(v2, "version 2", "format version 2; this build reads version 1");
}

// Sizes that disagree with the recorded shape are caught even with a valid checksum.
TEST(StateCodec, RejectsInconsistentShapes) {
  CalibrationState s;
  s.dimensions = 2;
  s.replicates = 2;
  s.observations = 1;
  WaveRecord w;
  w.points = {0.1, 0.2, 0.3};  // 1.5 points of dimension 2
  w.kth_implausibility = {1, 2};
  s.waves.push_back(w);
  expect_corrupt(encode_state(s), "odd points", "wave 1 points");
}

TEST(SimulationBatch, UnfilledOrNegativeOutputsAreErrors) {
  const Fixture f;
  const Calibration calibration(small_settings(), f.data.targets);
  CalibrationState state = calibration.start();
  const BatchSimulator lazy = [](const SimulationBatch&, std::span<double> out) {
    for (std::size_t i = 0; i + 1 < out.size(); ++i) out[i] = 1;  // forgets the last value
  };
  try {
    calibration.advance(state, lazy);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'identified 2017'"), std::string::npos) << e.what();
  }
  const BatchSimulator negative = [](const SimulationBatch&, std::span<double> out) {
    for (double& v : out) v = -1;
  };
  EXPECT_THROW(calibration.advance(state, negative), Error);
  EXPECT_TRUE(state.waves.empty());
}

TEST(Settings, InvalidSettingsAreInputErrors) {
  const Fixture f;
  CalibrationSettings s = small_settings();
  s.history.kth = 7;  // only 6 observations
  EXPECT_THROW(Calibration(s, f.data.targets), InputError);
  s = small_settings();
  s.replicates = 1;
  EXPECT_THROW(Calibration(s, f.data.targets), InputError);
  s = small_settings();
  s.history.max_simulations = 10;
  EXPECT_THROW(Calibration(s, f.data.targets), InputError);
  std::vector<Target> targets = f.data.targets;
  targets[3].sd = 0;
  EXPECT_THROW(Calibration(small_settings(), targets), InputError);
}

}  // namespace
}  // namespace fundsim::calibration
