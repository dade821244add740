// analyse_decision on the model: EVPI and EVPPI of a study whose value of information is known
// in closed form agree with the closed form and with brute-force nested Monte Carlo on the model
// (run/evaluate with explicit designs); 0 <= EVPPI <= EVPI; P(best) sums to 1; the model's own
// randomness is not counted (the naive EVPI is larger).
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <memory>

#include "choice/decision_analysis.hpp"
#include "contact_study.hpp"
#include "random/stream.hpp"
#include "run/evaluate.hpp"
#include "uncertainty/sampler.hpp"

namespace fundsim::choice {
namespace {

// Two levers whose only effect is on contact abuse, each funded alone at its half-spend (so
// v = max_effect / 2), and a baseline. Spending a GBP 1.2m over 12 months on lever a or b:
//   E[contact | theta] = K r (1 - theta_d / 2),  K = 12 months x 20,000 offenders x 0.05,
// r the offence rate (uncertain, lognormal median 1, gsd 1.2: E r = exp((ln 1.2)^2 / 2)),
// theta_a ~ U(0.1, 0.5), theta_b ~ U(0.2, 0.4). Minimising contact abuse, the value of knowing
// the parameters is (value orientation U = -contact)
//   EVPPI(theta_a) = K E[r] / 2 (E max(theta_a, E theta_b) - 0.3) = K E[r] / 2 x 0.05
//   EVPPI(theta_b) = K E[r] / 2 (E max(E theta_a, theta_b) - 0.3) = K E[r] / 2 x 0.025
//   EVPI = EVPPI(theta_a, theta_b) = K E[r] / 2 (E max(theta_a, theta_b) - 0.3)
//   EVPPI(r) = 0 (r scales every option alike and never changes which is best).
Study voi_study(int replicates) {
  const std::string scenarios =
      "[[scenario]]\nname = \"all-a\"\nbudget = 1.2e6\nsplit = { a = 1 }\nduration_months = 12\n"
      "[[scenario]]\nname = \"all-b\"\nbudget = 1.2e6\nsplit = { b = 1 }\nduration_months = 12\n";
  return parse_study(
      test::contact_study_text({{"a", "{ dist = \"uniform\", min = 0.1, max = 0.5 }", 1.2e6 / 12},
                                {"b", "{ dist = \"uniform\", min = 0.2, max = 0.4 }", 1.2e6 / 12}},
                               12, replicates, "{ dist = \"lognormal\", median = 1.0, gsd = 1.2 }",
                               scenarios),
      "voi.toml");
}

constexpr double kK = 12 * 20000 * 0.05;
const double kMeanRate = std::exp(std::log(1.2) * std::log(1.2) / 2);

// E max(theta_a, theta_b) for independent uniforms on [0.1, 0.5] and [0.2, 0.4], by the
// midpoint rule on a fine grid (error ~1e-9).
double expected_max_ab() {
  const int n = 2000;
  double sum = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      sum += std::max(0.1 + 0.4 * (i + 0.5) / n, 0.2 + 0.2 * (j + 0.5) / n);
  return sum / (static_cast<double>(n) * n);
}

std::size_t parameter(const Study& s, const std::string& name) {
  for (std::size_t p = 0; p < s.parameters.size(); ++p)
    if (s.parameters[p].name == name) return p;
  ADD_FAILURE() << name;
  return 0;
}

// A run's per-replicate objective values and parameter draws, as a full file holds them.
DecisionData run_data(const Study& study, std::uint64_t replicates, std::uint64_t seed) {
  EvaluationRequest request;
  request.replicates = replicates;
  request.seed = seed;
  request.threads = 2;
  const Evaluation e = evaluate(study, request);
  const ParameterSampler sampler(study.parameters, seed, replicates, Design::monte_carlo, false);
  std::vector<double> draws(replicates * study.parameters.size());
  for (std::uint64_t r = 0; r < replicates; ++r)
    sampler.sample(
        r, std::span<double>(draws.data() + r * study.parameters.size(), study.parameters.size()));
  return decision_data(study, replicates, e.objectives, draws, 0, choice_sets(study)[0], false);
}

DecisionResult analyse(const Study& study, const DecisionData& data) {
  DecisionOptions options;
  options.groups = {
      {"both",
       {parameter(study, "a.contact.max_effect"), parameter(study, "b.contact.max_effect")},
       true}};
  options.voi.seed = 3;
  options.threads = 2;
  return analyse_decision(study, data, decision::Direction::minimise, options);
}

const ParameterEvppi& evppi_of(const DecisionResult& r, const std::string& label) {
  for (const ParameterEvppi& e : r.evppi)
    if (e.set.label == label) return e;
  ADD_FAILURE() << label;
  return r.evppi.front();
}

// Brute-force nested Monte Carlo (the definition of EVPPI): for K outer values of theta_a (the
// midpoints of K equal-probability strata), J inner replicates with every other parameter and
// the model's random numbers drawn afresh; EVPPI = mean_k max_d mean_j U_kjd - max_d mean U.
// The inner maximum of noisy means is biased upward by about the inner standard error of the
// differences near the switching point (a fraction of it, since only strata near theta_a = 0.3
// are affected).
struct Nested {
  double value = 0, se = 0;
};
Nested nested_evppi(const Study& study, std::size_t outer, std::size_t inner) {
  const std::size_t P = study.parameters.size();
  const std::size_t theta = parameter(study, "a.contact.max_effect");
  std::vector<double> rows(outer * inner * P);
  ReplicateDesign design;
  for (std::size_t k = 0; k < outer; ++k) {
    for (std::size_t j = 0; j < inner; ++j) {
      const std::size_t r = k * inner + j;
      Stream stream(StreamKey{2024, r}, Domain::parameters, 0);
      for (std::size_t p = 0; p < P; ++p) rows[r * P + p] = stream.uniform();
      rows[r * P + theta] = (static_cast<double>(k) + 0.5) / static_cast<double>(outer);
      design.streams.push_back(1'000'000 + r);  // fresh model random numbers per replicate
    }
  }
  design.uniforms = std::make_shared<ExplicitUniforms>(rows, P);
  EvaluationRequest request;
  request.replicates = outer * inner;
  request.seed = 77;
  request.threads = 2;
  request.design = &design;
  const Evaluation e = evaluate(study, request);
  const std::size_t S = study.scenarios.size();
  std::vector<double> best(outer), overall(S, 0.0);
  for (std::size_t k = 0; k < outer; ++k) {
    double top = -HUGE_VAL;
    for (std::size_t s = 0; s < S; ++s) {
      double mean = 0;
      for (std::size_t j = 0; j < inner; ++j) mean += -e.objective(0, s, k * inner + j);
      mean /= static_cast<double>(inner);
      overall[s] += mean / static_cast<double>(outer);
      top = std::max(top, mean);
    }
    best[k] = top;
  }
  // The estimator averages x_k = max_d m_kd - m_kd*, d* the option best on average. Its strata
  // are systematic (one midpoint each), so the standard error is the successive-difference
  // estimator of systematic sampling (Wolter 2007, Introduction to Variance Estimation, §8.2):
  // var = sum_k (x_k+1 - x_k)^2 / (2 (K - 1) K), which measures the inner replicates' noise and
  // not the (deterministic) change of x_k over the strata.
  const auto star =
      static_cast<std::size_t>(std::max_element(overall.begin(), overall.end()) - overall.begin());
  std::vector<double> x(outer);
  Nested n;
  for (std::size_t k = 0; k < outer; ++k) {
    double chosen = 0;
    for (std::size_t j = 0; j < inner; ++j) chosen += -e.objective(0, star, k * inner + j);
    x[k] = best[k] - chosen / static_cast<double>(inner);
    n.value += x[k] / static_cast<double>(outer);
  }
  double squares = 0;
  for (std::size_t k = 0; k + 1 < outer; ++k) squares += (x[k + 1] - x[k]) * (x[k + 1] - x[k]);
  n.se = std::sqrt(squares / (2.0 * static_cast<double>(outer - 1) * static_cast<double>(outer)));
  return n;
}

// One run of 4,000 replicates and its analysis, shared by the tests that compare it.
class VoiStudy : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    study_ = new Study(voi_study(4000));
    data_ = new DecisionData(run_data(*study_, 4000, 9));
    result_ = new DecisionResult(analyse(*study_, *data_));
  }
  static void TearDownTestSuite() {
    delete result_;
    delete data_;
    delete study_;
  }
  static Study* study_;
  static DecisionData* data_;
  static DecisionResult* result_;
};
Study* VoiStudy::study_ = nullptr;
DecisionData* VoiStudy::data_ = nullptr;
DecisionResult* VoiStudy::result_ = nullptr;

TEST_F(VoiStudy, AgreesWithTheClosedForm) {
  ASSERT_EQ(data_->parameters.size(), 3u) << "offence rate and the two effects vary";
  const DecisionResult& r = *result_;
  const double scale = kK * kMeanRate / 2;
  const double evpi = scale * (expected_max_ab() - 0.3);
  const double evppi_a = scale * 0.05, evppi_b = scale * 0.025;
  const auto& a = evppi_of(r, "a.contact.max_effect");
  const auto& b = evppi_of(r, "b.contact.max_effect");
  const auto& rate = evppi_of(r, "offender.offence_rate");
  const auto& both = evppi_of(r, "both");
  std::cout << "MEASURE closed form: EVPI " << r.evpi.value << " ± " << r.evpi.standard_error
            << " (exact " << evpi << ", naive " << r.replicates.evpi.value << "); EVPPI a "
            << a.estimate.value << " ± " << a.estimate.standard_error << " (exact " << evppi_a
            << "), b " << b.estimate.value << " ± " << b.estimate.standard_error << " (exact "
            << evppi_b << "), rate " << rate.estimate.value << ", both " << both.estimate.value
            << " ± " << both.estimate.standard_error << "\n";
  // Tolerance: 3 standard errors (regression and outer sampling, as the estimates report them)
  // plus 2% of the value for the residual bias of a smooth fit at the kink of max(.).
  const auto near = [](const decision::VoiEstimate& e, double exact) {
    return std::fabs(e.value - exact) <= 3 * e.standard_error + 0.02 * exact;
  };
  EXPECT_TRUE(near(r.evpi, evpi)) << r.evpi.value << " vs " << evpi;
  EXPECT_TRUE(near(a.estimate, evppi_a)) << a.estimate.value << " vs " << evppi_a;
  EXPECT_TRUE(near(b.estimate, evppi_b)) << b.estimate.value << " vs " << evppi_b;
  EXPECT_TRUE(near(both.estimate, evpi)) << both.estimate.value << " vs " << evpi;
  EXPECT_LE(rate.estimate.value, 3 * rate.estimate.standard_error + 0.02 * evppi_b);
}

TEST_F(VoiStudy, AgreesWithNestedMonteCarlo) {
  const auto& a = evppi_of(*result_, "a.contact.max_effect");
  const Nested nested = nested_evppi(*study_, 40, 200);
  std::cout << "MEASURE nested: EVPPI a by regression " << a.estimate.value << " ± "
            << a.estimate.standard_error << ", nested MC " << nested.value << " ± " << nested.se
            << "\n";
  // Tolerance: 3 combined standard errors, plus 5% of the value for the nested estimator's
  // upward bias (the inner maximum over 200 noisy replicates) and the regression's bias at the
  // kink.
  EXPECT_LE(std::fabs(a.estimate.value - nested.value),
            3 * std::hypot(a.estimate.standard_error, nested.se) + 0.05 * nested.value);
}

TEST_F(VoiStudy, BoundsAndSums) {
  const DecisionResult& r = *result_;
  EXPECT_TRUE(r.evpi_computed);
  EXPECT_GE(r.evpi.value, 0.0);
  EXPECT_LE(r.evpi.value, r.replicates.evpi.value);
  for (const ParameterEvppi& e : r.evppi) {
    ASSERT_TRUE(e.computed) << e.set.label;
    EXPECT_GE(e.estimate.value, 0.0) << e.set.label;
    EXPECT_LE(e.estimate.value, r.evpi.value) << e.set.label;
  }
  EXPECT_NEAR(r.replicates.prob_best.sum(), 1.0, 1e-12);
  EXPECT_NEAR(r.parameters.prob_best.sum(), 1.0, 1e-12);
  EXPECT_EQ(r.parameters.prob_best[0], 0.0) << "the baseline is never best given the parameters";
}

// Two identical classes, each with its own lever that halves its contact abuse: the options
// are equal in expectation whatever the parameters (onset growth, uncertain, acts on both
// classes alike), so the EVPI is 0; but the classes' random numbers differ, so in each replicate
// one option does better by luck, and the naive EVPI (the mean of that luck) is positive.
TEST(DecisionAnalysis, TheModelsOwnRandomnessIsNotInformation) {
  std::string classes;
  for (const char* name : {"c1", "c2"}) {
    classes += std::string("[[class]]\nname = \"") + name +
               "\"\ninitial_active = 300\ninitial_backlog = 0\ninitial_justice = 0\nonset = 10\n"
               "offence_rate = 1\ndetect = 0\ndetect_trend = 0\nactionable = 0\ncontact = 0.1\n"
               "desist = 0\nattrition = 0\narrest = 0.5\nsentence_months = 12\nreoffend = 0\n"
               "safeguard_per_arrest = 0\npriority = 1\n";
  }
  std::string levers;
  for (const char* name : {"c1", "c2"}) {
    levers += std::string("[[lever]]\nname = \"for-") + name +
              "\"\nlag = 0\n[[lever.effect]]\ntarget = \"contact\"\ncurve = \"saturating\"\n"
              "classes = [\"" +
              name + "\"]\nmax_effect = 1\nhalf_spend = 1e5\n";
  }
  const Study study = parse_study(
      "schema_version = 1\nname = \"noise\"\n[run]\nmonths = 12\nstart = \"2020-01\"\n"
      "replicates = 800\nseed = 1\n[parameters]\n"
      "onset_growth = { dist = \"uniform\", min = 0, max = 0.5 }\nbase_capacity = 0\n"
      "arrests_ref = 1\ndeterrence_elasticity = 0\ndeterrence_lag = 6\n" +
          classes + levers +
          "[[scenario]]\nname = \"first\"\nbudget = 1.2e6\nsplit = { for-c1 = 1 }\n"
          "duration_months = 12\n"
          "[[scenario]]\nname = \"second\"\nbudget = 1.2e6\nsplit = { for-c2 = 1 }\n"
          "duration_months = 12\n",
      "noise.toml");
  const DecisionData data = run_data(study, 800, 2);
  ASSERT_EQ(data.parameters.size(), 1u);
  DecisionOptions options;
  options.voi.seed = 1;
  const DecisionResult r = analyse_decision(study, data, decision::Direction::minimise, options);
  std::cout << "MEASURE noise: naive EVPI " << r.replicates.evpi.value << ", EVPI " << r.evpi.value
            << " ± " << r.evpi.standard_error << "\n";
  // The naive EVPI is E|noise difference| / 2, many standard errors above 0; the noise-handled
  // one is 0 within its standard error (3 se) and far below the naive one.
  EXPECT_GT(r.replicates.evpi.value, 5 * r.replicates.evpi.standard_error);
  EXPECT_LE(r.evpi.value, 3 * r.evpi.standard_error);
  EXPECT_LT(r.evpi.value, 0.2 * r.replicates.evpi.value);
}

TEST(DecisionAnalysis, CentralRunsHaveNothingToLearn) {
  const Study study = voi_study(50);
  EvaluationRequest request;
  request.replicates = 50;
  request.seed = 1;
  request.central = true;
  const Evaluation e = evaluate(study, request);
  const std::vector<double> draws(50 * study.parameters.size(), 0.5);
  const DecisionData data =
      decision_data(study, 50, e.objectives, draws, 0, choice_sets(study)[0], true);
  EXPECT_TRUE(data.parameters.empty());
  const DecisionResult r = analyse(study, data);
  EXPECT_EQ(r.evpi.value, 0.0);
  for (const ParameterEvppi& g : r.evppi) EXPECT_FALSE(g.computed);
  EXPECT_NEAR(r.parameters.prob_best.sum(), 1.0, 1e-12);
}

TEST(DecisionAnalysis, SameResultWhateverTheThreadCount) {
  const Study study = voi_study(300);
  const DecisionData data = run_data(study, 300, 4);
  DecisionOptions one;
  one.voi.seed = 3;
  one.threads = 1;
  DecisionOptions three = one;
  three.threads = 3;
  const DecisionResult x = analyse_decision(study, data, decision::Direction::minimise, one);
  const DecisionResult y = analyse_decision(study, data, decision::Direction::minimise, three);
  EXPECT_EQ(x.evpi.value, y.evpi.value);
  ASSERT_EQ(x.evppi.size(), y.evppi.size());
  for (std::size_t i = 0; i < x.evppi.size(); ++i) {
    EXPECT_EQ(x.evppi[i].estimate.value, y.evppi[i].estimate.value);
    EXPECT_EQ(x.evppi[i].estimate.standard_error, y.evppi[i].estimate.standard_error);
  }
}

}  // namespace
}  // namespace fundsim::choice
