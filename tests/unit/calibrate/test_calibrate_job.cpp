// fundsim calibrate on the engine (calibrate/calibrate_job.hpp), end to end on a small study with
// a 33-month history:
//  - observations simulated from a known point are recovered: the true value of every calibrated
//    parameter lies in its posterior 98% interval, and the data narrow each interval;
//  - a calibration killed after any wave or posterior step and resumed writes a posterior file
//    whose every dataset is bitwise that of an uninterrupted calibration;
//  - data the model cannot reach give NoPlausibleRegion with advice (and no saved state);
//  - malformed data, a missing file and a saved state of another calibration are refused with
//    located messages.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "calibrate/calibrate_job.hpp"
#include "calibrate/calibrated_parameters.hpp"
#include "calibrate/saved_state.hpp"
#include "calibrate/study_simulator.hpp"
#include "calibrate_fixture.hpp"
#include "calibration/calibration_errors.hpp"
#include "calibration/tempering.hpp"
#include "errors.hpp"
#include "output/h5.hpp"
#include "uncertainty/sampler.hpp"

namespace fundsim {
namespace {

using test::calibration_study_text;
using test::TempDir;

constexpr const char* kHeader =
    "series,metric,class,period,value,model,sd,dispersion,aggregate,source\n";

// (series, metric, period, model, aggregate) of the observations the toy study is fitted to.
struct Row {
  const char* series;
  const char* metric;
  const char* period;
  const char* model;
  const char* aggregate;
};
const std::vector<Row> kRows = {
    {"referrals", "referrals", "2016", "poisson", "sum"},
    {"referrals", "referrals", "2017", "poisson", "sum"},
    {"referrals", "referrals", "2018-01..2018-09", "poisson", "sum"},
    {"identified", "identified", "2017", "poisson", "sum"},
    {"arrests", "arrests", "2017", "normal", "mean_per_month"},
};

std::string csv(const std::vector<double>& values) {
  std::string text = kHeader;
  for (std::size_t j = 0; j < kRows.size(); ++j) {
    const Row& r = kRows[j];
    const bool normal = std::string(r.model) == "normal";
    char value[64];
    std::snprintf(value, sizeof value, normal ? "%.3f" : "%.0f", values[j]);
    char sd[64];
    std::snprintf(sd, sizeof sd, "%.3f", 0.05 * values[j]);
    text += std::string(r.series) + "," + r.metric + ",," + r.period + "," + value + "," + r.model +
            "," + (normal ? sd : "") + ",," + r.aggregate + ",synthetic (test)\n";
  }
  return text;
}

// The known point: u of (offence_rate, detect_trend, arrest), in study order.
const std::vector<double> kTruth = {0.35, 0.6, 0.7};

// Observations = the mean over 400 replicates at the known point (streams far from any the
// calibration uses), so they sit where the model puts them.
std::string synthetic_observations(const TempDir& dir) {
  dir.write("observed.csv", csv(std::vector<double>(kRows.size(), 1.0)));
  const Study study = parse_study(calibration_study_text(), dir.file("toy.toml"));
  const CalibrationData data = load_calibration_data(study, "", std::nullopt);
  const StudySimulator simulator(study, data, split_parameters(study, 1), 1, 2);
  calibration::SimulationBatch batch;
  batch.dimensions = 3;
  batch.replicates = 400;
  batch.observations = kRows.size();
  batch.points = kTruth;
  batch.first_stream = {std::uint64_t{1} << 40};
  std::vector<double> out(400 * kRows.size());
  simulator(batch, out);
  std::vector<double> mean(kRows.size(), 0.0);
  for (std::size_t r = 0; r < 400; ++r)
    for (std::size_t j = 0; j < kRows.size(); ++j) mean[j] += out[r * kRows.size() + j] / 400;
  return csv(mean);
}

CalibratePlan small_plan(const std::string& output) {
  CalibratePlan plan;
  plan.output_path = output;
  plan.threads = 2;
  plan.settings.seed = 7;
  plan.settings.replicates = 3;
  plan.settings.history.first_wave_points = 300;
  plan.settings.history.wave_points = 300;
  plan.settings.history.min_nonimplausible = 60;
  plan.settings.history.max_waves = 4;
  plan.settings.posterior.particles = 200;
  plan.command_line = "test";
  return plan;
}

struct Fixture {
  TempDir dir;
  Study study;
  Fixture() {
    dir.write("observed.csv", synthetic_observations(dir));
    study = parse_study(calibration_study_text("observed.csv", "discrepancy = 0.05\n"),
                        dir.file("toy.toml"));
  }
};

std::vector<std::string> dataset_names() {
  return {"posterior_u",          "posterior_value",           "posterior_log_likelihood",
          "posterior_simulated",  "posterior_predictive",      "prior_u",
          "prior_simulated",      "prior_predictive",          "point_u",
          "point_implausibility", "point_kth_implausibility",  "wave_cutoff",
          "wave_volume",          "step_temperature",          "step_ess",
          "step_acceptance",      "observation_discrepancy_sd"};
}

std::vector<std::vector<double>> read_all(const std::string& path) {
  const h5::Handle file = h5::open_file_read(path);
  std::vector<std::vector<double>> out;
  for (const std::string& name : dataset_names()) out.push_back(h5::read_doubles(file.id(), name));
  return out;
}

// Bitwise equality (NaN equal to NaN).
bool same_bits(const std::vector<std::vector<double>>& a,
               const std::vector<std::vector<double>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].size() != b[i].size()) return false;
    if (!std::equal(a[i].begin(), a[i].end(), b[i].begin(),
                    [](double x, double y) { return std::memcmp(&x, &y, sizeof x) == 0; }))
      return false;
  }
  return true;
}

TEST(CalibrateJob, RecoversAKnownPoint) {
  const Fixture f;
  const CalibrateResult result =
      run_calibration(f.study, small_plan(f.dir.file("posterior.h5")), nullptr, {});
  const CalibrationOutcome& o = result.outcome;
  ASSERT_EQ(o.parameters, (std::vector<std::string>{"offender.offence_rate",
                                                    "offender.detect_trend", "offender.arrest"}));
  EXPECT_EQ(o.prior_only, std::vector<std::string>{"enforcement.capacity.unit_cost"});
  const PosteriorFile posterior = read_posterior_file(f.dir.file("posterior.h5"));
  ASSERT_EQ(posterior.draws, 200u);
  for (std::size_t c = 0; c < 3; ++c) {
    std::vector<double> u;
    for (std::size_t j = 0; j < posterior.draws; ++j) u.push_back(posterior.u[j * 3 + c]);
    const double lo = calibration::sample_quantile(u, 0.01);
    const double hi = calibration::sample_quantile(u, 0.99);
    // The true point inside the 98% interval (SBC of the core checks calibration proper; this
    // checks that the engine's parameters are the ones the core moves), and the data narrow the
    // 90% interval to at most half of the prior's (0.9 in u).
    EXPECT_LE(lo, kTruth[c]) << o.parameters[c];
    EXPECT_GE(hi, kTruth[c]) << o.parameters[c];
    const double width =
        calibration::sample_quantile(u, 0.95) - calibration::sample_quantile(u, 0.05);
    EXPECT_LT(width, 0.45) << o.parameters[c];
  }
  // Values are the priors' quantiles of the u.
  const ParameterDecl& arrest = f.study.parameters[Study::class_index(0, ClassParam::arrest)];
  EXPECT_EQ(posterior.values[2],
            ParameterSampler::value(arrest.dist, arrest.range, posterior.u[2]));
  // The saved state has served and is gone.
  EXPECT_FALSE(std::filesystem::exists(saved_state_path(f.dir.file("posterior.h5"))));
}

// Thrown from the progress callback, which runs right after the state is saved: as if the
// process were killed at that moment.
struct Killed : std::runtime_error {
  Killed() : std::runtime_error("killed") {}
};

TEST(CalibrateJob, KilledAndResumedGivesTheSamePosteriorBitwise) {
  const Fixture f;
  const std::string whole = f.dir.file("whole.h5");
  run_calibration(f.study, small_plan(whole), nullptr, {});
  const auto expected = read_all(whole);
  std::size_t lines = 0;
  const std::string resumed = f.dir.file("resumed.h5");
  // Killed after wave 1, after wave 4 (the last: history matching done, posterior not started)
  // and after posterior step 0 (checked below), resuming each time; the threads change too,
  // which must not matter.
  std::vector<calibration::Phase> phases;
  for (const std::size_t kill_after : {1, 3, 1}) {
    CalibratePlan plan = small_plan(resumed);
    plan.resume = true;
    plan.threads = 1 + static_cast<unsigned>(kill_after % 2);
    std::size_t seen = 0;
    EXPECT_THROW(run_calibration(f.study, plan, nullptr,
                                 [&](const std::string& text) {
                                   const bool progress = text.rfind("wave ", 0) == 0 ||
                                                         text.rfind("posterior step", 0) == 0;
                                   if (progress && ++seen == kill_after) throw Killed();
                                 }),
                 Killed);
    const std::optional<SavedState> saved = load_state(saved_state_path(resumed));
    ASSERT_TRUE(saved);
    phases.push_back(saved->state.phase);
    EXPECT_FALSE(std::filesystem::exists(resumed));
  }
  EXPECT_EQ(phases, (std::vector<calibration::Phase>{calibration::Phase::history_matching,
                                                     calibration::Phase::posterior,
                                                     calibration::Phase::posterior}));
  CalibratePlan plan = small_plan(resumed);
  plan.resume = true;
  const CalibrateResult r = run_calibration(f.study, plan, nullptr, [&](const std::string& text) {
    lines += text.rfind("resuming", 0) == 0;
  });
  EXPECT_TRUE(r.resumed);
  EXPECT_EQ(lines, 1u);
  EXPECT_TRUE(same_bits(read_all(resumed), expected));
}

TEST(CalibrateJob, ASavedStateIsNotOverwrittenOrResumedByAnotherCalibration) {
  const Fixture f;
  const std::string out = f.dir.file("p.h5");
  EXPECT_THROW(run_calibration(f.study, small_plan(out), nullptr,
                               [](const std::string&) { throw Killed(); }),
               Killed);
  // Without --resume or --overwrite: refused, the state kept.
  EXPECT_THROW(run_calibration(f.study, small_plan(out), nullptr, {}), OutputError);
  // Another seed: not resumable.
  CalibratePlan other = small_plan(out);
  other.resume = true;
  other.settings.seed = 8;
  try {
    run_calibration(f.study, other, nullptr, {});
    ADD_FAILURE() << "resumed another calibration's state";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("seed differs"), std::string::npos) << e.what();
  }
  // A damaged state: refused with advice.
  f.dir.write(".p.h5.calibration-state", "fundsim calibration resume 1\nstudy_sha256 x\n\ngarbage");
  CalibratePlan resume = small_plan(out);
  resume.resume = true;
  try {
    run_calibration(f.study, resume, nullptr, {});
    ADD_FAILURE() << "resumed a damaged state";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
  }
}

TEST(CalibrateJob, DataTheModelCannotReachGiveAClearMessage) {
  TempDir dir;
  // Arrests of 5,000 a month when capacity is 40 investigations.
  dir.write("observed.csv", std::string(kHeader) +
                                "arrests,arrests,,2017,5000,normal,50,,mean_per_month,test\n"
                                "referrals,referrals,,2017,5000,poisson,,,sum,test\n");
  const Study study = parse_study(calibration_study_text(), dir.file("toy.toml"));
  CalibratePlan plan = small_plan(dir.file("p.h5"));
  plan.settings.history.kth = 1;
  try {
    run_calibration(study, plan, nullptr, {});
    ADD_FAILURE() << "no NoPlausibleRegion";
  } catch (const calibration::NoPlausibleRegion& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("arrests 2017"), std::string::npos) << message;
    EXPECT_NE(message.find("discrepancy"), std::string::npos) << message;
  }
  EXPECT_FALSE(std::filesystem::exists(saved_state_path(dir.file("p.h5"))));
  EXPECT_FALSE(std::filesystem::exists(dir.file("p.h5")));
}

TEST(CalibrateJob, MalformedOrMissingDataAreLocated) {
  TempDir dir;
  const Study study = parse_study(calibration_study_text(), dir.file("toy.toml"));
  const auto message = [&](const std::string& text) {
    dir.write("observed.csv", text);
    try {
      load_calibration_data(study, "", std::nullopt);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(std::string(kHeader) + "a,arrests,,2017,12,normal,,,sum,x\n"),
            dir.file("observed.csv") +
                ":2:27: column 'sd': model 'normal' needs the "
                "observation error's sd");
  EXPECT_EQ(message(std::string(kHeader) + "a,arests,,2017,12,poisson,,,sum,x\n"),
            dir.file("observed.csv") +
                ":2:3: column 'metric': unknown metric 'arests' (did you "
                "mean 'arrests'?)");
  // Outside the simulated months (2016-01 .. 2019-09).
  const std::string outside =
      message(std::string(kHeader) + "a,arrests,,2015,12,poisson,,,sum,x\n");
  EXPECT_NE(
      outside.find(
          ":2:12: column 'period': period 2015 is outside the simulated history 2016-01..2019-09"),
      std::string::npos)
      << outside;
  // No file: located at the study's key.
  std::filesystem::remove(dir.file("observed.csv"));
  try {
    load_calibration_data(study, "", std::nullopt);
    ADD_FAILURE() << "read a missing file";
  } catch (const InputError& e) {
    EXPECT_EQ(
        std::string(e.what()).rfind(dir.file("toy.toml") + ":58:16: calibration.observations: "
                                                           "cannot read the observations file",
                                    0),
        0u)
        << e.what();
  }
}

}  // namespace
}  // namespace fundsim
