#pragma once
// What the three designs of run/sensitivity_run.cpp share: batches of design units, the threads
// and stop request of the estimators, the evaluation of a batch of rows on the chosen scenarios,
// and the building blocks of the results. Internal to run/.
#include <Eigen/Dense>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "errors.hpp"
#include "run/sensitivity_outputs.hpp"
#include "run/sensitivity_run.hpp"
#include "sensitivity/percentile_interval.hpp"

namespace fundsim::sensitivity_detail {

// Objectives are quantised at scales chosen from the first kPilotUnits base rows or
// trajectories (quantisation_scale()), which always make up the first batch on their own, so the
// scales, like every other result, do not depend on the batch size.
inline constexpr std::uint64_t kPilotUnits = 64;

// The second evaluation of a row for the noise share uses stream kRepeatStreams + k, far from
// every design row's stream.
inline constexpr std::uint64_t kRepeatStreams = std::uint64_t{1} << 62;

// Consecutive ranges [first, last) of `units` design units (rows, base rows or trajectories): the
// first `pilot` units, then `per_batch` at a time.
std::vector<std::pair<std::uint64_t, std::uint64_t>> batches(std::uint64_t units,
                                                             std::uint64_t pilot,
                                                             std::uint64_t per_batch);

// PRCC repeats the first N/8 rows (at least 16) for the noise share: 1/8 more evaluations.
std::uint64_t prcc_repeats(std::uint64_t rows);

// The threads of the estimators and the stop request they watch.
struct Workers {
  unsigned threads = 1;
  const std::atomic<int>* stop = nullptr;
  void check() const {
    if (stop && stop->load() != 0) throw Interrupted(stop->load());
  }
};

// f(i) for i in [0, count), split into contiguous ranges over the workers' threads. Each i is
// done by one thread, so per-i results do not depend on the split. A stop request ends the loop
// (Interrupted); otherwise the error of the lowest range is rethrown.
template <class F>
void parallel_for(const Workers& workers, std::size_t count, const F& f) {
  const std::size_t n = std::min<std::size_t>(std::max(1U, workers.threads), count);
  const auto stopped = [&] { return workers.stop && workers.stop->load() != 0; };
  if (n <= 1) {
    for (std::size_t i = 0; i < count && !stopped(); ++i) f(i);
    workers.check();
    return;
  }
  std::vector<std::exception_ptr> errors(n);
  std::vector<std::thread> pool;
  for (std::size_t w = 0; w < n; ++w) {
    pool.emplace_back([&, w] {
      try {
        for (std::size_t i = count * w / n; i < count * (w + 1) / n && !stopped(); ++i) f(i);
      } catch (...) {
        errors[w] = std::current_exception();
      }
    });
  }
  for (auto& t : pool) t.join();
  workers.check();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

// Evaluates batches of design rows (factor uniforms and stream ids) on the chosen scenarios only,
// the reference first. Each scenario's numbers depend on its row only (common random numbers),
// never on which other scenarios run, so they equal the whole study's bitwise
// (tests/unit/run/test_sensitivity_run.cpp).
class RowEvaluator {
 public:
  RowEvaluator(const Study& study, const SensitivityAxes& axes, const SensitivityRequest& request,
               const SensitivityHooks& hooks, std::uint64_t total_rows);
  // `uniforms`: rows x factors; `streams`: one per row. Reports progress after the batch.
  Evaluation evaluate(const std::vector<double>& uniforms,
                      const std::vector<std::uint64_t>& streams);
  const OutputReader& reader() const { return reader_; }
  double seconds() const;

 private:
  Study study_;
  const SensitivityAxes& axes_;
  const SensitivityRequest& request_;
  const SensitivityHooks& hooks_;
  std::vector<Metric> monthly_;
  OutputReader reader_;
  std::uint64_t done_ = 0;
  std::uint64_t total_;
  std::chrono::steady_clock::time_point started_;
};

// Each output's quantisation scale from a pilot evaluation (quantisation_scale()).
std::vector<double> pilot_scales(const OutputReader& reader, const Evaluation& e,
                                 std::size_t outputs, const Workers& workers);

// Result arrays of the given size, zero-filled (with interval arrays if `interval`).
IndexValues index_values(std::string name, std::string long_name, std::string units, bool interval,
                         std::size_t size);
OutputValues output_values(std::string name, std::string long_name, bool interval,
                           std::size_t size);
void set(IndexValues& v, std::size_t at, double value, sensitivity::Interval interval = {});
void set(OutputValues& v, std::size_t at, double value, sensitivity::Interval interval = {});

// Results with the request's settings and no values yet.
SensitivityResults start_results(const SensitivityAxes& axes, const SensitivityRequest& request);

// PRCC, its p-value and the mean and variance of every output, from values[o][row].
void add_prcc(SensitivityResults& out, const Eigen::MatrixXd& design,
              const std::vector<std::vector<double>>& values, const Workers& workers);

// Noise shares of every output from repeated rows: values[o][i], repeats[o][k] (k < K).
OutputValues noise_shares(const std::vector<std::vector<double>>& values,
                          const std::vector<std::vector<double>>& repeats, std::uint64_t seed,
                          std::size_t bootstrap, double confidence, const Workers& workers);

}  // namespace fundsim::sensitivity_detail
