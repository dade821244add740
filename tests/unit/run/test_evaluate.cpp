// run/evaluate: per-replicate totals of a study's own design agree with the streamed summaries;
// explicit points that repeat the design's uniforms reproduce them bitwise; threads do not
// change a bit; the stream id selects the model's random numbers.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "run/evaluate.hpp"
#include "small_study.hpp"
#include "study/study.hpp"

namespace fundsim {
namespace {

using test::small_study;

TEST(Evaluate, TotalsAgreeWithTheStreamedSummaries) {
  const Study study = small_study();
  EvaluationRequest request;
  request.replicates = 150;
  request.seed = 7;
  request.threads = 2;
  request.years = true;
  const Evaluation e = evaluate(study, request);
  RunSpec spec;
  spec.replicates = 150;
  spec.seed = 7;
  spec.summary_only = true;
  Execution execution;
  execution.threads = 2;
  const RunResults r = run_study(study, spec, execution, {}, nullptr);
  for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
    for (Metric m : total_metrics()) {
      std::int64_t sum = 0, year_sum = 0;
      for (std::size_t i = 0; i < e.replicates; ++i) {
        sum += e.total(s, i, m);
        if (metric_info(m).aggregation == Aggregation::flow) {
          for (std::size_t y = 0; y < e.years; ++y)
            year_sum += e.year[((s * e.replicates + i) * e.metrics + total_index(m)) * e.years + y];
        }
      }
      EXPECT_EQ(sum, static_cast<std::int64_t>(r.summaries[s].horizon(m).moments.sum))
          << study.scenarios[s].name << " " << metric_name(m);
      if (metric_info(m).aggregation == Aggregation::flow) {
        EXPECT_EQ(year_sum, sum);
      }
    }
    for (std::size_t o = 0; o < study.objectives.size(); ++o) {
      double mean = 0;
      for (std::size_t i = 0; i < e.replicates; ++i) mean += e.objective(o, s, i);
      EXPECT_NEAR(mean / 150, r.objectives[o].mean(s), 1e-6);
    }
  }
}

TEST(Evaluate, ExplicitPointsAndThreads) {
  const Study study = small_study();
  const std::size_t P = study.parameters.size(), R = 40;
  const DesignUniforms own(
      7, R, study.run.sampling == Sampling::lhs ? Design::latin_hypercube : Design::monte_carlo);
  std::vector<double> rows(R * P);
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t p = 0; p < P; ++p) rows[r * P + p] = own.uniform(r, p);
  ReplicateDesign design;
  design.uniforms = std::make_shared<ExplicitUniforms>(rows, P);
  EvaluationRequest request;
  request.replicates = R;
  request.seed = 7;
  request.threads = 1;
  request.monthly = {Metric::arrests};
  const Evaluation plain = evaluate(study, request);
  request.design = &design;
  const Evaluation one = evaluate(study, request);
  request.threads = 2;
  const Evaluation two = evaluate(study, request);
  EXPECT_EQ(plain.horizon, one.horizon);
  EXPECT_EQ(one.horizon, two.horizon);
  EXPECT_EQ(one.monthly, two.monthly);
  EXPECT_EQ(plain.objectives, two.objectives);
  // Other streams with the same parameters: other trajectories.
  for (std::size_t r = 0; r < R; ++r) design.streams.push_back(1000 + r);
  const Evaluation moved = evaluate(study, request);
  EXPECT_NE(moved.horizon, one.horizon);
  // Row 3 with stream 3 equals row 3 of the first evaluation wherever it appears.
  design.streams.assign(R, 3);
  const Evaluation same_stream = evaluate(study, request);
  for (Metric m : total_metrics())
    EXPECT_EQ(same_stream.total(0, 3, m), one.total(0, 3, m)) << metric_name(m);
}

}  // namespace
}  // namespace fundsim
