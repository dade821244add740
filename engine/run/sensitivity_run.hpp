#pragma once
// Global sensitivity of a study (docs/sensitivity.md): which uncertain parameters drive each
// scenario's outcomes and the paired differences between scenarios, over the horizon, per year
// and (PRCC) per month. Builds a design of the sensitivity core (engine/sensitivity/): a Latin
// hypercube for PRCC, Morris trajectories, or a Saltelli design with the model's random stream
// as one more factor; evaluates it with run/evaluate in batches of rows, so memory stays bounded
// whatever the sample size; and feeds the estimators batch by batch. Every scenario of a row
// shares its parameters and random numbers (common random numbers), so a difference between
// scenarios is a difference on the same row. Results are bitwise the same for any thread count.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "output/variables.hpp"
#include "run/evaluate.hpp"
#include "study/study.hpp"
#include "uncertainty/posterior_marginals.hpp"

namespace fundsim {

enum class SensitivityMethod { prcc, morris, sobol };
const char* method_name(SensitivityMethod m);                         // "prcc", "morris", "sobol"
std::optional<SensitivityMethod> find_method(std::string_view name);  // nullopt if unknown

// A scenario's outcome, or (reference set) its paired difference scenario - reference.
struct SensitivityTarget {
  std::string label;  // "NAME", or "NAME - REFERENCE"
  std::size_t scenario = 0;
  std::optional<std::size_t> reference;
};

// A metric's total, or an objective's weights applied to the totals of each period.
struct SensitivityQuantity {
  std::string label;  // the metric's name; the objective's (objective:NAME if a metric has it)
  std::optional<Metric> metric;
  std::size_t objective = 0;  // if !metric: index into Study::objectives
};

// The horizon, one year of it, or one month.
struct SensitivityPeriod {
  std::string label;  // "horizon", "year 0", ..., "month 0", ...
  Period kind = Period::horizon;
  std::size_t index = 0;  // the year or month
  int first_month = 0;
  int months = 0;
};

// The axes of every result: one output per (target, quantity, period), each with an index per
// factor (uncertain parameter).
struct SensitivityAxes {
  std::vector<std::size_t> factors;  // indices into Study::parameters
  std::vector<std::string> factor_names;
  std::vector<SensitivityTarget> targets;
  std::vector<SensitivityQuantity> quantities;
  std::vector<SensitivityPeriod> periods;
  std::vector<std::size_t> scenarios;  // the study scenarios the targets use, reference first
  std::size_t reference = 0;

  std::size_t outputs() const { return targets.size() * quantities.size() * periods.size(); }
  std::size_t output(std::size_t target, std::size_t quantity, std::size_t period) const {
    return (target * quantities.size() + quantity) * periods.size() + period;
  }
};

// What to compute indices for. Names are as in the study; an empty list takes the default.
struct SensitivitySelection {
  // Scenario indices; empty: the named scenarios (no sweep points). The reference is added.
  std::vector<std::size_t> scenarios;
  std::optional<std::size_t> reference;  // default: the study's baseline
  // Metric names with totals, objective names (objective:NAME where a metric has the name), or
  // "all"; empty: the headline metrics (contact_abuse, arrests, safeguarded, active) and the
  // study's own objectives.
  std::vector<std::string> quantities;
  bool monthly = false;  // add one period per month
};

// The factors are the uncertain parameters: those with a distribution in the study or in an
// override of a chosen scenario. Throws InputError for an unknown metric or objective name, a
// scenario index out of range, or a study without uncertain parameters.
SensitivityAxes sensitivity_axes(const Study& study, const SensitivitySelection& selection);

struct SensitivityRequest {
  SensitivityMethod method = SensitivityMethod::sobol;
  // PRCC: rows of the Latin hypercube; Morris: trajectories; Sobol': base rows.
  std::uint64_t samples = 0;
  std::uint64_t seed = 0;
  unsigned threads = 1;
  double confidence = 0.95;
  std::size_t bootstrap = 0;  // bootstrap replicates; 0: the method's default
  // Design rows per call of evaluate(). Memory per batch is about rows x scenarios x metrics x
  // (1 + years) x 8 bytes (uk-2018 with 6 scenarios: 15 MB), plus monthly values if asked for.
  // Changes no result.
  std::uint64_t batch_rows = 4096;
  // `--parameters posterior.h5`: calibrated parameters over their posterior marginals, the others
  // over their priors (docs/sensitivity.md §8); null: every parameter over its prior.
  std::shared_ptr<const PosteriorMarginals> posterior;
};

// Default samples per method (docs/sensitivity.md §4 gives their cost on uk-2018).
std::uint64_t default_samples(SensitivityMethod method);
std::size_t default_bootstrap(SensitivityMethod method);

// One index per (output, factor), with an interval where the method has one.
struct IndexValues {
  std::string name;       // prcc, p_value, S1, ST, S1_noise_free, ST_noise_free, mu, mu_star, sigma
  std::string long_name;  // for the output file
  std::string units;      // "1", or "output units" for Morris
  bool has_interval = false;
  std::vector<double> value;  // [output * factors + factor]
  std::vector<double> lower;  // same layout; empty without interval
  std::vector<double> upper;
};

// Per output (not per factor).
struct OutputValues {
  std::string name;  // noise_share, mean, variance, quantisation_scale
  std::string long_name;
  bool has_interval = false;
  std::vector<double> value;  // [output]
  std::vector<double> lower;
  std::vector<double> upper;
};

struct SensitivityResults {
  SensitivityMethod method = SensitivityMethod::prcc;
  SensitivityAxes axes;
  std::uint64_t samples = 0;      // as requested (for a results file: its replicates)
  std::uint64_t rows = 0;         // design rows evaluated, each for every chosen scenario
  std::uint64_t evaluations = 0;  // model runs: rows x chosen scenarios
  std::uint64_t seed = 0;
  double confidence = 0.95;
  std::size_t bootstrap = 0;
  double seconds = 0;
  std::vector<IndexValues> indices;
  std::vector<OutputValues> per_output;

  const IndexValues* index(std::string_view name) const;
  const OutputValues* output(std::string_view name) const;
  std::size_t factors() const { return axes.factors.size(); }
};

struct SensitivityHooks {
  const std::atomic<int>* stop = nullptr;  // as RunHooks::stop
  // Design rows done and in all, after each batch.
  std::function<void(std::uint64_t done, std::uint64_t total, double seconds)> on_progress;
};

// Bytes of one evaluated design row (every chosen scenario's totals, and monthly values if the
// axes have months): a batch holds batch_rows of them.
std::uint64_t row_bytes(const Study& study, const SensitivityAxes& axes);

// Memory the estimators of run_sensitivity() hold at once, in bytes (about: the accumulators
// or stored outputs, plus one batch of evaluated rows).
std::uint64_t estimated_memory(const Study& study, const SensitivityAxes& axes,
                               const SensitivityRequest& request);

// Evaluates the method's design on the study and computes its indices. Throws InputError for
// too few samples; Interrupted on a stop request; what evaluate() throws.
SensitivityResults run_sensitivity(const Study& study, const SensitivityAxes& axes,
                                   const SensitivityRequest& request,
                                   const SensitivityHooks& hooks = {});

// PRCC from the replicates of a full run (`parameters`: R x P values of every study parameter;
// `totals`: the run's per-replicate totals of every scenario, as evaluate() lays them out, years
// included). The factors whose column does not vary get NaN. Throws InputError when no factor
// varies (a --central run) or there are too few replicates.
SensitivityResults prcc_of_run(const Study& study, const SensitivityAxes& axes,
                               const std::vector<double>& parameters, const Evaluation& totals,
                               std::uint64_t seed, double confidence);

}  // namespace fundsim
