#include "run/evaluate.hpp"

#include <algorithm>
#include <mutex>
#include <string>

#include "errors.hpp"

namespace fundsim {

namespace {

// Receives every block and keeps what was asked for, at the block's replicate positions.
class Collector final : public BlockSink {
 public:
  Collector(const Study& study, const EvaluationRequest& request, Evaluation& out)
      : study_(study), request_(request), out_(out) {}

  void write_trajectories(std::size_t scenario, const TrajectoryBlock& block) override {
    if (request_.monthly.empty()) return;
    const std::size_t T = block.months, Mq = request_.monthly.size();
    for (std::size_t r = 0; r < block.replicates; ++r) {
      const std::size_t replicate = block.first_replicate + r;
      for (std::size_t q = 0; q < Mq; ++q) {
        const Metric m = request_.monthly[q].metric;
        const std::size_t W = block.width(m), only = request_.monthly[q].class_index;
        std::int64_t* to = &out_.monthly[((scenario * out_.replicates + replicate) * Mq + q) * T];
        for (std::size_t t = 0; t < T; ++t) {
          std::int64_t sum = 0;
          if (only != MonthlySeries::kAllClasses) {
            sum = block.value(m, r, t, only);
          } else {
            for (std::size_t k = 0; k < W; ++k) sum += block.value(m, r, t, k);
          }
          to[t] = sum;
        }
      }
    }
  }
  void write_parameters(std::uint64_t, std::size_t, std::span<const double>) override {}
  void write_totals(std::size_t scenario, const BlockTotals& totals,
                    std::uint64_t first_replicate) override {
    const std::size_t M = out_.metrics, Y = out_.years;
    std::copy(totals.horizon.begin(), totals.horizon.end(),
              out_.horizon.begin() +
                  static_cast<std::ptrdiff_t>((scenario * out_.replicates + first_replicate) * M));
    if (request_.years) {
      std::copy(totals.year.begin(), totals.year.end(),
                out_.year.begin() + static_cast<std::ptrdiff_t>(
                                        (scenario * out_.replicates + first_replicate) * M * Y));
    }
  }
  void write_objectives(std::uint64_t first_replicate, std::size_t replicates,
                        std::span<const double> values) override {
    const std::size_t S = out_.scenarios;
    for (std::size_t o = 0; o < study_.objectives.size(); ++o) {
      for (std::size_t s = 0; s < S; ++s) {
        std::copy_n(
            values.begin() + static_cast<std::ptrdiff_t>((o * S + s) * replicates), replicates,
            out_.objectives.begin() +
                static_cast<std::ptrdiff_t>((o * S + s) * out_.replicates + first_replicate));
      }
    }
  }

 private:
  const Study& study_;
  const EvaluationRequest& request_;
  Evaluation& out_;
};

}  // namespace

Evaluation evaluate(const Study& study, const EvaluationRequest& request, const RunHooks& hooks) {
  for (const MonthlySeries& series : request.monthly) {
    if (is_level(series.metric))
      throw InputError(std::string("evaluate: no monthly count series of the level '") +
                       metric_name(series.metric) + "'");
    if (series.class_index != MonthlySeries::kAllClasses &&
        (!metric_info(series.metric).per_class || series.class_index >= study.classes.size()))
      throw InputError(std::string("evaluate: '") + metric_name(series.metric) + "' has no class " +
                       std::to_string(series.class_index));
  }
  Evaluation out;
  out.scenarios = study.scenarios.size();
  out.replicates = request.replicates;
  out.metrics = total_metrics().size();
  out.years = (static_cast<std::size_t>(study.run.months) + 11) / 12;
  out.months = static_cast<std::size_t>(study.run.simulated_months());
  out.horizon.assign(out.scenarios * out.replicates * out.metrics, 0);
  if (request.years) out.year.assign(out.horizon.size() * out.years, 0);
  out.objectives.assign(study.objectives.size() * out.scenarios * out.replicates, 0.0);
  out.monthly.assign(out.scenarios * out.replicates * request.monthly.size() * out.months, 0);

  RunSpec spec;
  spec.replicates = request.replicates;
  spec.seed = request.seed;
  spec.central = request.central;
  spec.summary_only = false;  // the sink receives totals (and trajectories of named scenarios)
  Execution execution;
  execution.threads = request.threads;
  execution.summaries = false;
  Collector collector(study, request, out);
  run_study(study, spec, execution, hooks, &collector, {}, request.design);
  return out;
}

}  // namespace fundsim
