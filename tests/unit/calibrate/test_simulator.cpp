// The calibration's simulator (calibrate/study_simulator.hpp) and what it simulates:
//  - the thread count changes no bit of a batch; request i, replicate r is the stream id
//    first_stream[i] + r whatever else is in the batch;
//  - a simulated observation is the sum (or monthly mean) over its period of the engine's own
//    monthly series of the baseline (checked against run/evaluate on the full study);
//  - only parameters that can change the observed months are calibrated;
//  - the study reduced for the calibration keeps the baseline only, up to the last observation.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "calibrate/calibrated_parameters.hpp"
#include "calibrate/study_simulator.hpp"
#include "calibrate_fixture.hpp"
#include "calibration/simulation_batch.hpp"

namespace fundsim {
namespace {

using test::calibration_study_text;
using test::TempDir;

constexpr const char* kObservationsAcrossTheStart =
    "series,metric,class,period,value,model,sd,dispersion,aggregate,source\n"
    "referrals,referrals,,2016,2000,poisson,,,sum,test\n"
    "referrals,referrals,,2017-03..2017-05,200,poisson,,,sum,test\n"
    "active,active,offender,2018-09,3000,normal,300,,mean_per_month,test\n"
    "arrests,arrests,,2018-10..2019-01,15,normal,2,,mean_per_month,test\n";

struct ToyData {
  TempDir dir;
  Study study;
  CalibrationData data;
  ToyData() {
    dir.write("observed.csv", kObservationsAcrossTheStart);
    study = parse_study(calibration_study_text(), dir.file("toy.toml"));
    data = load_calibration_data(study, "", std::nullopt);
  }
};

calibration::SimulationBatch batch_of(std::vector<double> points, std::size_t replicates,
                                      std::vector<std::uint64_t> first_stream) {
  calibration::SimulationBatch b;
  b.dimensions = 3;
  b.replicates = replicates;
  b.observations = 4;
  b.points = std::move(points);
  b.first_stream = std::move(first_stream);
  return b;
}

TEST(StudySimulator, ThreadsAndBatchCompositionChangeNoBit) {
  const ToyData s;
  const ParameterSplit split = split_parameters(s.study, 4);
  const std::vector<double> points = {0.2, 0.3, 0.4, 0.9, 0.1, 0.5, 0.5, 0.5, 0.5};
  const auto batch = batch_of(points, 5, {0, 5, 100});
  std::vector<double> one(3 * 5 * 4), two(one.size());
  StudySimulator(s.study, s.data, split, 9, 1)(batch, one);
  StudySimulator(s.study, s.data, split, 9, 2)(batch, two);
  EXPECT_EQ(one, two);
  // Request 1 alone, with the same streams: the same values.
  const auto alone = batch_of({0.9, 0.1, 0.5}, 5, {5});
  std::vector<double> single(5 * 4);
  StudySimulator(s.study, s.data, split, 9, 2)(alone, single);
  EXPECT_TRUE(std::equal(single.begin(), single.end(), one.begin() + 20));
  // Another stream: other trajectories (the referral counts are in the thousands).
  const auto moved = batch_of({0.9, 0.1, 0.5}, 5, {6});
  std::vector<double> other(5 * 4);
  StudySimulator(s.study, s.data, split, 9, 2)(moved, other);
  EXPECT_NE(other, single);
  // Stream 6 replicate 0 is stream 5 replicate 1.
  EXPECT_TRUE(std::equal(other.begin(), other.begin() + 4, single.begin() + 4));
}

TEST(StudySimulator, ObservationsAreTheEnginesMonthlySeriesOverTheirPeriods) {
  const ToyData s;
  const ParameterSplit split = split_parameters(s.study, 4);
  const std::vector<double> point = {0.25, 0.75, 0.6};
  std::vector<double> out(2 * 4);
  StudySimulator(s.study, s.data, split, 9, 2)(batch_of(point, 2, {40}), out);
  // The same replicates of the full study through run/evaluate: stream 40 and 41, the same u
  // for the calibrated parameters (the others are fixed or do not act on the baseline).
  const std::size_t P = s.study.parameters.size();
  std::vector<double> rows(2 * P, 0.5);
  for (std::size_t r = 0; r < 2; ++r)
    for (std::size_t j = 0; j < 3; ++j) rows[r * P + split.calibrated[j]] = point[j];
  ReplicateDesign design;
  design.uniforms = std::make_shared<ExplicitUniforms>(rows, P);
  design.streams = {40, 41};
  EvaluationRequest request;
  request.replicates = 2;
  request.seed = 9;
  request.monthly = {Metric::referrals, MonthlySeries(Metric::active, 0), Metric::arrests};
  request.design = &design;
  const Evaluation e = evaluate(s.study, request);
  // Month 0 = 2016-01; the policy starts at month 33 (2018-10).
  const auto series = [&](std::size_t r, std::size_t q) {
    return &e.monthly[((0 * e.replicates + r) * 3 + q) * e.months];
  };
  for (std::size_t r = 0; r < 2; ++r) {
    const std::int64_t* referrals = series(r, 0);
    EXPECT_EQ(out[r * 4 + 0], static_cast<double>(std::accumulate(referrals, referrals + 12, 0L)));
    EXPECT_EQ(out[r * 4 + 1],
              static_cast<double>(std::accumulate(referrals + 14, referrals + 17, 0L)));
    EXPECT_EQ(out[r * 4 + 2], static_cast<double>(series(r, 1)[32]));
    const std::int64_t* arrests = series(r, 2);
    EXPECT_EQ(out[r * 4 + 3],
              static_cast<double>(std::accumulate(arrests + 33, arrests + 37, 0L)) / 4);
  }
}

TEST(StudySimulator, WhatIsCalibratedAndSimulated) {
  const ToyData s;
  // The baseline spends nothing: the lever's unit cost cannot change an observation.
  const ParameterSplit split = split_parameters(s.study, 12);
  std::vector<std::string> calibrated, prior_only;
  for (const std::size_t p : split.calibrated) calibrated.push_back(s.study.parameters[p].name);
  for (const std::size_t p : split.prior_only) prior_only.push_back(s.study.parameters[p].name);
  EXPECT_EQ(calibrated, (std::vector<std::string>{"offender.offence_rate", "offender.detect_trend",
                                                  "offender.arrest"}));
  EXPECT_EQ(prior_only, std::vector<std::string>{"enforcement.capacity.unit_cost"});
  // With the funded scenario as the baseline (spending from its month 0), it can.
  Study funded = s.study;
  funded.baseline = 1;
  EXPECT_EQ(split_parameters(funded, 1).calibrated.size(), 4u);
  // The last observation (2019-01) is the policy's month 3: 4 months are simulated.
  EXPECT_EQ(calibration_policy_months(s.study, s.data.last_month), 4);
  const Study reduced = calibration_study(s.study, 4);
  ASSERT_EQ(reduced.scenarios.size(), 1u);
  EXPECT_EQ(reduced.scenarios[0].name, "baseline");
  EXPECT_EQ(reduced.run.months, 4);
  EXPECT_TRUE(reduced.objectives.empty());
  // Observations that all lie in the history still simulate one policy month.
  EXPECT_EQ(calibration_policy_months(s.study, calibration::Month::of(2017, 6)), 1);
}

}  // namespace
}  // namespace fundsim
