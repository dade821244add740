// run/sensitivity_run end to end on tests/data/studies/sensitivity.toml (five uncertain
// parameters, one of them used by no scenario): the axes; the unused parameter gets zero
// indices from every method; S1 <= ST within the intervals; the model's noise is seen by two
// independent estimators that agree; thread counts and batch sizes change no bit; a subset of
// scenarios gives the whole study's numbers; PRCC of the designed rows equals PRCC of the same
// rows read as a run.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "errors.hpp"
#include "run/sensitivity_run.hpp"
#include "uncertainty/sampler.hpp"

namespace fundsim {
namespace {

Study test_study() {
  return load_study(std::string(FUNDSIM_SOURCE_DIR) + "/tests/data/studies/sensitivity.toml");
}

std::size_t factor(const SensitivityAxes& axes, const std::string& name) {
  for (std::size_t j = 0; j < axes.factor_names.size(); ++j)
    if (axes.factor_names[j] == name) return j;
  ADD_FAILURE() << "no factor " << name;
  return 0;
}

std::size_t quantity(const SensitivityAxes& axes, const std::string& label) {
  for (std::size_t q = 0; q < axes.quantities.size(); ++q)
    if (axes.quantities[q].label == label) return q;
  ADD_FAILURE() << "no quantity " << label;
  return 0;
}

std::size_t target(const SensitivityAxes& axes, const std::string& label) {
  for (std::size_t t = 0; t < axes.targets.size(); ++t)
    if (axes.targets[t].label == label) return t;
  ADD_FAILURE() << "no target " << label;
  return 0;
}

SensitivityResults run(const Study& study, SensitivityMethod method, std::uint64_t samples,
                       unsigned threads = 1, std::uint64_t batch_rows = 4096,
                       const SensitivitySelection& selection = {}) {
  SensitivityRequest request;
  request.method = method;
  request.samples = samples;
  request.seed = 99;
  request.threads = threads;
  request.batch_rows = batch_rows;
  return run_sensitivity(study, sensitivity_axes(study, selection), request);
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

void expect_identical(const SensitivityResults& a, const SensitivityResults& b) {
  ASSERT_EQ(a.indices.size(), b.indices.size());
  for (std::size_t i = 0; i < a.indices.size(); ++i) {
    EXPECT_TRUE(same_bits(a.indices[i].value, b.indices[i].value)) << a.indices[i].name;
    EXPECT_TRUE(same_bits(a.indices[i].lower, b.indices[i].lower)) << a.indices[i].name;
    EXPECT_TRUE(same_bits(a.indices[i].upper, b.indices[i].upper)) << a.indices[i].name;
  }
  ASSERT_EQ(a.per_output.size(), b.per_output.size());
  for (std::size_t i = 0; i < a.per_output.size(); ++i) {
    EXPECT_TRUE(same_bits(a.per_output[i].value, b.per_output[i].value)) << a.per_output[i].name;
    EXPECT_TRUE(same_bits(a.per_output[i].lower, b.per_output[i].lower)) << a.per_output[i].name;
  }
}

TEST(SensitivityAxes, DefaultsAndNames) {
  const Study study = test_study();
  const SensitivityAxes axes = sensitivity_axes(study, {});
  EXPECT_EQ(axes.factor_names,
            (std::vector<std::string>{"base_capacity", "offender.offence_rate", "offender.contact",
                                      "offender.arrest", "unused.onset.max_effect"}));
  std::vector<std::string> targets;
  for (const auto& t : axes.targets) targets.push_back(t.label);
  // Named scenarios only (no sweep points), the reference first, then the differences.
  EXPECT_EQ(targets, (std::vector<std::string>{"baseline", "funded", "late", "funded - baseline",
                                               "late - baseline"}));
  std::vector<std::string> quantities;
  for (const auto& q : axes.quantities) quantities.push_back(q.label);
  EXPECT_EQ(quantities, (std::vector<std::string>{"contact_abuse", "arrests", "safeguarded",
                                                  "active", "harm"}));
  std::vector<std::string> periods;
  for (const auto& p : axes.periods) periods.push_back(p.label);
  EXPECT_EQ(periods, (std::vector<std::string>{"horizon", "year 0", "year 1"}));

  SensitivitySelection s;
  s.quantities = {"objective:harm", "arrests", "all"};
  s.reference = 1;
  s.scenarios = {3};
  s.monthly = true;
  const SensitivityAxes other = sensitivity_axes(study, s);
  EXPECT_EQ(other.quantities.front().label, "harm");
  EXPECT_EQ(other.quantities.size(), total_metrics().size() + 1);
  EXPECT_EQ(other.scenarios, (std::vector<std::size_t>{1, 3}));
  EXPECT_EQ(other.targets.back().label, "half[enforcement=1,detection=0] - funded");
  EXPECT_EQ(other.periods.size(), 3U + 24U);
  EXPECT_EQ(other.periods.back().label, "month 23");

  s = {};
  s.quantities = {"arests"};
  try {
    sensitivity_axes(study, s);
    ADD_FAILURE() << "an unknown metric was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'arrests'"), std::string::npos) << e.what();
  }
  s.quantities = {"capacity"};  // a level: no totals
  EXPECT_THROW(sensitivity_axes(study, s), InputError);
}

TEST(SensitivityAxes, NoUncertainParameter) {
  const Study study = load_study(std::string(FUNDSIM_SOURCE_DIR) + "/scenarios/tiny.toml");
  Study fixed = study;
  for (ParameterDecl& p : fixed.parameters)
    p.dist = Distribution::fixed_value(p.dist.quantile(0.5));
  EXPECT_THROW(sensitivity_axes(fixed, {}), InputError);
  EXPECT_EQ(sensitivity_axes(study, {}).factors.size(), 2U);
}

// The model never reads `unused.onset.max_effect`. Sobol': AB_j keeps A's random numbers, so its
// outputs equal A's and both indices are exactly 0; Morris: each of its steps changes nothing, so
// mu* = 0 exactly; PRCC: a correlation with noise, below 4 standard errors 1/sqrt(N - D) in
// every output (each output has probability 6e-5 of passing it by chance; 75 outputs).
TEST(SensitivityRun, UnusedParameterGetsZero) {
  const Study study = test_study();
  const SensitivityResults sobol = run(study, SensitivityMethod::sobol, 128);
  const SensitivityResults morris = run(study, SensitivityMethod::morris, 20);
  const SensitivityResults prcc = run(study, SensitivityMethod::prcc, 300);
  const std::size_t D = sobol.factors(), O = sobol.axes.outputs();
  const std::size_t unused = factor(sobol.axes, "unused.onset.max_effect");
  const std::size_t arrest = factor(sobol.axes, "offender.arrest");
  double strongest_st = 0, strongest_prcc = 0;
  std::size_t constant = 0;
  for (std::size_t o = 0; o < O; ++o) {
    if (sobol.output("variance")->value[o] == 0) {
      // "late" spends from month 12: in year 0 it equals the baseline on every row, and a
      // constant output has no indices.
      EXPECT_EQ(sobol.axes.targets[o / 15].label, "late - baseline");
      EXPECT_EQ(sobol.axes.periods[o % 3].label, "year 0");
      EXPECT_TRUE(std::isnan(sobol.index("ST")->value[o * D + unused]));
      EXPECT_TRUE(std::isnan(prcc.index("prcc")->value[o * D + unused]));
      ++constant;
      continue;
    }
    EXPECT_EQ(sobol.index("S1")->value[o * D + unused], 0.0) << o;
    EXPECT_EQ(sobol.index("ST")->value[o * D + unused], 0.0) << o;
    EXPECT_EQ(morris.index("mu_star")->value[o * D + unused], 0.0) << o;
    EXPECT_LT(std::abs(prcc.index("prcc")->value[o * D + unused]), 4.0 / std::sqrt(300.0 - 5)) << o;
    strongest_st = std::max(strongest_st, sobol.index("ST")->value[o * D + arrest]);
    strongest_prcc = std::max(strongest_prcc, std::abs(prcc.index("prcc")->value[o * D + arrest]));
  }
  EXPECT_EQ(constant, 5U);  // the five quantities of late - baseline in year 0
  // The same checks would pass for a broken mapping that gave every factor zero: the arrest rate
  // is a strong driver somewhere.
  EXPECT_GT(strongest_st, 0.3);
  EXPECT_GT(strongest_prcc, 0.5);
}

// S1 <= ST in expectation; with sampling error, S1's interval must reach ST's. The noise share
// of every outcome is in (0, 1): the model is stochastic and its parameters matter.
TEST(SensitivityRun, SobolFirstOrderBelowTotal) {
  const Study study = test_study();
  const SensitivityResults r = run(study, SensitivityMethod::sobol, 256, 2);
  const IndexValues& s1 = *r.index("S1");
  const IndexValues& st = *r.index("ST");
  const OutputValues& noise = *r.output("noise_share");
  std::size_t checked = 0;
  for (std::size_t i = 0; i < s1.value.size(); ++i) {
    if (std::isnan(s1.value[i])) continue;
    EXPECT_LE(s1.lower[i], st.upper[i]) << i;
    EXPECT_LE(st.lower[i], st.value[i]);
    EXPECT_GE(st.upper[i], st.value[i]);
    ++checked;
  }
  EXPECT_GT(checked, s1.value.size() / 2);
  for (std::size_t t = 0; t < 3; ++t) {  // outcomes (not differences)
    const std::size_t o = r.axes.output(t, quantity(r.axes, "contact_abuse"), 0);
    EXPECT_GT(noise.lower[o], 0.0) << r.axes.targets[t].label;
    EXPECT_LT(noise.upper[o], 1.0) << r.axes.targets[t].label;
  }
  EXPECT_EQ(r.rows, 256U * 8U);
  EXPECT_EQ(r.evaluations, 256U * 8U * 3U);
}

// The noise share of Sobol' (the stream's total index) and of PRCC's repeated rows estimate the
// same E[Var(Y|X)] / Var(Y) from different designs: their intervals overlap. And the methods
// agree on the strongest driver of the baseline's arrests, with the sign the model implies
// (more arrests per investigation, more arrests).
TEST(SensitivityRun, MethodsAgree) {
  const Study study = test_study();
  const SensitivityResults sobol = run(study, SensitivityMethod::sobol, 256, 2);
  const SensitivityResults prcc = run(study, SensitivityMethod::prcc, 400, 2);
  const SensitivityResults morris = run(study, SensitivityMethod::morris, 40, 2);
  const SensitivityAxes& axes = sobol.axes;
  const std::size_t D = axes.factors.size();
  for (const char* name : {"contact_abuse", "arrests"}) {
    const std::size_t o = axes.output(0, quantity(axes, name), 0);
    const OutputValues& a = *sobol.output("noise_share");
    const OutputValues& b = *prcc.output("noise_share");
    EXPECT_LE(a.lower[o], b.upper[o]) << name << " " << a.value[o] << " " << b.value[o];
    EXPECT_LE(b.lower[o], a.upper[o]) << name << " " << a.value[o] << " " << b.value[o];
  }
  const std::size_t o = axes.output(0, quantity(axes, "arrests"), 0);
  const std::size_t arrest = factor(axes, "offender.arrest");
  auto top = [&](const std::vector<double>& v, bool absolute) {
    std::size_t best = 0;
    for (std::size_t j = 1; j < D; ++j) {
      const double a = absolute ? std::abs(v[o * D + j]) : v[o * D + j];
      const double b = absolute ? std::abs(v[o * D + best]) : v[o * D + best];
      if (a > b) best = j;
    }
    return best;
  };
  EXPECT_EQ(top(sobol.index("ST")->value, false), arrest);
  EXPECT_EQ(top(prcc.index("prcc")->value, true), arrest);
  EXPECT_EQ(top(morris.index("mu_star")->value, false), arrest);
  EXPECT_GT(prcc.index("prcc")->value[o * D + arrest], 0);
  EXPECT_GT(morris.index("mu")->value[o * D + arrest], 0);
  // A difference of arrests between two funded scenarios is driven by the same rate.
  const std::size_t d =
      axes.output(target(axes, "funded - baseline"), quantity(axes, "arrests"), 0);
  EXPECT_GT(prcc.index("prcc")->value[d * D + arrest], 0);
}

// Threads split the rows of evaluate() and the outputs of the accumulators; batches split the
// design. Neither may change a bit.
TEST(SensitivityRun, ThreadsAndBatchesChangeNothing) {
  const Study study = test_study();
  struct Case {
    SensitivityMethod method;
    std::uint64_t samples;
  };
  for (const Case c : {Case{SensitivityMethod::sobol, 100}, Case{SensitivityMethod::morris, 70},
                       Case{SensitivityMethod::prcc, 150}}) {
    SCOPED_TRACE(method_name(c.method));
    const SensitivityResults one = run(study, c.method, c.samples, 1);
    const SensitivityResults two = run(study, c.method, c.samples, 2, 100);
    expect_identical(one, two);
  }
}

// Evaluating only some scenarios gives the same numbers as evaluating all of them.
TEST(SensitivityRun, ScenarioSubsetEqualsWholeStudy) {
  const Study study = test_study();
  SensitivitySelection all;
  for (std::size_t s = 0; s < study.scenarios.size(); ++s) all.scenarios.push_back(s);
  const SensitivityResults whole = run(study, SensitivityMethod::sobol, 64, 2, 4096, all);
  SensitivitySelection two;
  two.scenarios = {2};  // late, with the baseline added first
  const SensitivityResults part = run(study, SensitivityMethod::sobol, 64, 2, 4096, two);
  const std::size_t D = part.factors();
  for (const char* label : {"baseline", "late", "late - baseline"}) {
    const std::size_t tw = target(whole.axes, label), tp = target(part.axes, label);
    for (std::size_t q = 0; q < part.axes.quantities.size(); ++q) {
      for (std::size_t p = 0; p < part.axes.periods.size(); ++p) {
        const std::size_t ow = whole.axes.output(tw, q, p), op = part.axes.output(tp, q, p);
        for (const char* index : {"S1", "ST"}) {
          for (std::size_t j = 0; j < D; ++j) {
            const double a = whole.index(index)->value[ow * D + j];
            const double b = part.index(index)->value[op * D + j];
            EXPECT_TRUE(std::memcmp(&a, &b, sizeof a) == 0) << label << " " << index << " " << j;
          }
        }
      }
    }
  }
}

// PRCC of the designed Latin hypercube equals PRCC of the same rows evaluated as the study's own
// LHS design (what `fundsim run --replicates N` stores) and read back as a run.
TEST(SensitivityRun, PrccOfDesignEqualsPrccOfRun) {
  const Study study = test_study();
  ASSERT_EQ(study.run.sampling, Sampling::lhs);
  const std::uint64_t N = 120;
  const SensitivityResults designed = run(study, SensitivityMethod::prcc, N, 2);
  EvaluationRequest request;
  request.replicates = N;
  request.seed = 99;
  request.threads = 2;
  request.years = true;
  const Evaluation totals = evaluate(study, request);
  const ParameterSampler sampler(study.parameters, 99, N, Design::latin_hypercube, false);
  std::vector<double> parameters(N * study.parameters.size());
  for (std::uint64_t r = 0; r < N; ++r) {
    sampler.sample(r, std::span<double>(parameters.data() + r * study.parameters.size(),
                                        study.parameters.size()));
  }
  const SensitivityAxes axes = sensitivity_axes(study, {});
  const SensitivityResults from_run = prcc_of_run(study, axes, parameters, totals, 99, 0.95);
  EXPECT_TRUE(same_bits(designed.index("prcc")->value, from_run.index("prcc")->value));
  EXPECT_TRUE(same_bits(designed.index("p_value")->value, from_run.index("p_value")->value));
  EXPECT_TRUE(same_bits(designed.output("mean")->value, from_run.output("mean")->value));
  // A central run has no parameter variation.
  std::vector<double> central = parameters;
  for (std::uint64_t r = 1; r < N; ++r)
    std::copy_n(central.begin(), study.parameters.size(),
                central.begin() + static_cast<std::ptrdiff_t>(r * study.parameters.size()));
  EXPECT_THROW(prcc_of_run(study, axes, central, totals, 99, 0.95), InputError);
}

// A stop request that arrives after the last batch is seen by the estimators' loops too.
TEST(SensitivityRun, StopRequestAfterTheLastBatch) {
  const Study study = test_study();
  for (const SensitivityMethod method :
       {SensitivityMethod::prcc, SensitivityMethod::morris, SensitivityMethod::sobol}) {
    std::atomic<int> stop{0};
    SensitivityHooks hooks;
    hooks.stop = &stop;
    hooks.on_progress = [&](std::uint64_t done, std::uint64_t total, double) {
      if (done == total) stop = 15;
    };
    SensitivityRequest request;
    request.method = method;
    request.samples = method == SensitivityMethod::morris ? 10 : 64;
    request.threads = 2;
    EXPECT_THROW(run_sensitivity(study, sensitivity_axes(study, {}), request, hooks), Interrupted)
        << method_name(method);
  }
}

TEST(SensitivityRun, TooFewSamples) {
  const Study study = test_study();
  EXPECT_THROW(run(study, SensitivityMethod::prcc, 8), InputError);  // 5 factors need 9
  EXPECT_THROW(run(study, SensitivityMethod::morris, 1), InputError);
  EXPECT_THROW(run(study, SensitivityMethod::sobol, 1), InputError);
}

}  // namespace
}  // namespace fundsim
