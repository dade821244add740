// The posterior as a run's design (calibrate/posterior_design.hpp): replicate r's calibrated
// parameters are exactly the values of one posterior draw, the others come from the prior by
// plain Monte Carlo; the design is reproducible and thread counts change no bit of a run; a study
// whose prior of a calibrated parameter changed, or that lacks one, is refused by name.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>

#include "calibrate/calibrate_job.hpp"
#include "calibrate/posterior_design.hpp"
#include "calibrate_fixture.hpp"
#include "errors.hpp"
#include "run/evaluate.hpp"
#include "uncertainty/posterior_uniforms.hpp"
#include "uncertainty/sampler.hpp"

namespace fundsim {
namespace {

using test::calibration_study_text;
using test::TempDir;

constexpr const char* kObservations =
    "series,metric,class,period,value,model,sd,dispersion,aggregate,source\n"
    "referrals,referrals,,2016,1800,poisson,,,sum,test\n"
    "referrals,referrals,,2017,2200,poisson,,,sum,test\n"
    "arrests,arrests,,2017,14,normal,1.5,,mean_per_month,test\n";

class PosteriorDesignTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    dir_->write("observed.csv", kObservations);
    study_ = new Study(parse_study(calibration_study_text(), dir_->file("toy.toml")));
    CalibratePlan plan;
    plan.output_path = dir_->file("posterior.h5");
    plan.threads = 2;
    plan.settings.seed = 3;
    plan.settings.replicates = 2;
    plan.settings.history.first_wave_points = plan.settings.history.wave_points = 200;
    plan.settings.history.min_nonimplausible = 40;
    plan.settings.history.max_waves = 3;
    plan.settings.posterior.particles = 100;
    run_calibration(*study_, plan, nullptr, {});
  }
  static void TearDownTestSuite() {
    delete study_;
    delete dir_;
  }
  static TempDir* dir_;
  static Study* study_;
};
TempDir* PosteriorDesignTest::dir_ = nullptr;
Study* PosteriorDesignTest::study_ = nullptr;

TEST_F(PosteriorDesignTest, ReplicatesTakeWholePosteriorDraws) {
  const Study& study = *study_;
  const PosteriorDesign d = posterior_design(study, dir_->file("posterior.h5"), 11);
  const PosteriorFile& p = d.posterior;
  ASSERT_EQ(p.parameters.size(), 3u);
  EXPECT_EQ(p.sha256.size(), 64u);
  const ParameterSampler sampler(study.parameters, d.design->uniforms, false);
  const auto& source = dynamic_cast<const PosteriorUniforms&>(*d.design->uniforms);
  const DesignUniforms prior(11, 1, Design::monte_carlo);
  const std::size_t unit_cost = study.parameters.size() - 1;
  std::vector<double> values(study.parameters.size());
  std::vector<bool> used(p.draws, false);
  for (std::uint64_t r = 0; r < 500; ++r) {
    sampler.sample(r, values);
    const std::uint64_t j = source.draw(r);
    used[j] = true;
    for (std::size_t c = 0; c < 3; ++c) {
      const auto it =
          std::find_if(study.parameters.begin(), study.parameters.end(),
                       [&](const ParameterDecl& x) { return x.name == p.parameters[c]; });
      EXPECT_EQ(values[static_cast<std::size_t>(it - study.parameters.begin())],
                p.values[j * 3 + c]);
    }
    const ParameterDecl& decl = study.parameters[unit_cost];
    EXPECT_EQ(values[unit_cost],
              ParameterSampler::value(decl.dist, decl.range, prior.uniform(r, unit_cost)));
  }
  // 500 replicates over 100 draws: each draw is missed with probability 0.99^500 = 0.7%.
  EXPECT_GT(std::count(used.begin(), used.end(), true), 90);
}

TEST_F(PosteriorDesignTest, RunsAreReproducibleAndThreadIndependent) {
  const Study& study = *study_;
  const PosteriorDesign a = posterior_design(study, dir_->file("posterior.h5"), 11);
  const PosteriorDesign b = posterior_design(study, dir_->file("posterior.h5"), 11);
  EvaluationRequest request;
  request.replicates = 64;
  request.seed = 11;
  request.monthly = {Metric::arrests};
  request.design = a.design.get();
  request.threads = 1;
  const Evaluation one = evaluate(study, request);
  request.design = b.design.get();
  request.threads = 2;
  const Evaluation two = evaluate(study, request);
  EXPECT_EQ(one.horizon, two.horizon);
  EXPECT_EQ(one.monthly, two.monthly);
  // The two scenarios share the replicates' parameters and streams: their history months agree.
  for (std::size_t r = 0; r < 64; ++r)
    for (std::size_t t = 0; t < 33; ++t)
      EXPECT_EQ(one.monthly[(0 * 64 + r) * one.months + t],
                one.monthly[(1 * 64 + r) * one.months + t]);
}

TEST_F(PosteriorDesignTest, AnotherPriorOrAMissingParameterIsRefused) {
  std::string text = calibration_study_text();
  const std::string arrest = "arrest = { dist = \"uniform\", min = 0.2, max = 0.8 }";
  text.replace(text.find(arrest), arrest.size(),
               "arrest = { dist = \"uniform\", min = 0.2, max = 0.9 }");
  const Study changed = parse_study(text, dir_->file("changed.toml"));
  try {
    posterior_design(changed, dir_->file("posterior.h5"), 1);
    ADD_FAILURE() << "accepted another prior";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("parameter 'offender.arrest' has another prior"),
              std::string::npos)
        << e.what();
  }
  std::string renamed = calibration_study_text();
  renamed.replace(renamed.find("name = \"offender\""), 17, "name = \"someone\"");
  try {
    posterior_design(parse_study(renamed, dir_->file("renamed.toml")), dir_->file("posterior.h5"),
                     1);
    ADD_FAILURE() << "accepted a study without the parameter";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'offender.offence_rate' is not a parameter"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(posterior_design(*study_, dir_->file("observed.csv"), 1), InputError);
}

}  // namespace
}  // namespace fundsim
