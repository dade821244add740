#pragma once
// The validated, immutable study (docs/study-format.md). Parsed once; shared read-only by every
// worker.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "registry/effect_targets.hpp"
#include "registry/metrics.hpp"
#include "registry/parameters.hpp"
#include "uncertainty/correlated_uniforms.hpp"
#include "uncertainty/parameter_decl.hpp"

namespace fundsim {

enum class Sampling { mc, lhs };
enum class Triage { priority, proportional };

// The most replicates of one run (study file or --replicates): the summaries' histograms count
// replicates per bucket in 32 bits.
inline constexpr std::int64_t kMaxReplicates = 4294967295;

// The currency of a study without a `currency` key (an ISO 4217 code).
inline constexpr const char* kDefaultCurrency = "GBP";

struct RunSettings {
  int months = 0;     // 1 .. 1200: the policy horizon
  std::string start;  // "YYYY-MM", calendar month of t = 0 (the policy start)
  // Months simulated before the policy start, from `history_start` (docs/model.md §4
  // "History"): once per replicate, with no scenario's spending, then every scenario branches
  // from the same state. 0: no history.
  int history_months = 0;
  std::string history_start;  // "YYYY-MM" when history_months > 0
  int simulated_months() const { return history_months + months; }
  std::uint64_t replicates = 0;
  std::uint64_t seed = 0;
  Sampling sampling = Sampling::mc;
  Triage triage = Triage::priority;
};

// One effect of a lever (docs/model.md §3). Its parameters live in Study::parameters:
// saturating: [first_param] = max_effect, [first_param + 1] = half_spend
// linear:     [first_param] = unit_cost
struct EffectDecl {
  EffectTarget target = EffectTarget::onset;
  EffectCurve curve = EffectCurve::saturating;
  std::uint64_t class_mask = ~std::uint64_t{0};  // bit k set: applies to class k
  std::size_t first_param = 0;
};

struct LeverDecl {
  std::string name;
  double lag = 0.0;  // months, >= 0
  std::vector<EffectDecl> effects;
};

// A scenario-specific replacement of one parameter ("taken out of the common draw").
struct Override {
  std::size_t parameter = 0;  // index into Study::parameters
  Distribution dist;
};

struct Scenario {
  std::string name;
  double budget = 0.0;        // Study::currency over the whole duration
  int start_month = 0;        // >= 0
  int duration_months = 12;   // >= 1
  std::vector<double> share;  // per lever, sums to 1 when budget > 0 (all 0 when budget = 0)
  std::vector<Override> overrides;
  std::string sweep;  // name of the [[sweep]] it was expanded from; empty if none

  // spend_L(t) of docs/model.md §3, Study::currency per month.
  double spend(std::size_t lever, int month) const {
    if (month < start_month || month >= start_month + duration_months) return 0.0;
    return budget * share[lever] / duration_months;
  }
  // Funded months after the horizon of `months` policy months (0 when the window fits).
  int months_after(int months) const { return std::max(0, start_month + duration_months - months); }
  // The money spent within the horizon: the budget itself when the window fits (exactly, so
  // such studies keep their numbers bit for bit), else the share of its months inside.
  double spend_within(int months) const {
    const int after = months_after(months);
    if (after == 0) return budget;
    return budget * static_cast<double>(duration_months - after) / duration_months;
  }
};

// A criterion for choosing between scenarios (docs/study-format.md §8, docs/decision.md): a
// weighted sum of metric totals over the horizon or one year, to minimise or maximise, judged by
// a risk measure over replicates.
enum class Direction { minimise, maximise };
enum class RiskMeasure { mean, quantile, cvar, p_beat };

struct Objective {
  std::string name;
  Direction direction = Direction::minimise;
  std::vector<std::pair<Metric, double>> weights;  // per unit of the metric's total
  int year = -1;  // -1: the whole horizon; else the 0-based year of the horizon
  RiskMeasure risk = RiskMeasure::mean;
  // quantile: the level; cvar: the share of worst outcomes averaged (0 < level < 1).
  double level = 0.5;
  std::size_t reference = 0;  // p_beat: the scenario to beat
  std::string units;          // label for tables ("events", "GBP", ...)
  bool from_study = true;     // false: a default objective (no [[objective]] in the study)
};

// The study's [calibration] table (docs/study-format.md §12, docs/calibration.md): the observed
// series `fundsim calibrate` fits the uncertain parameters to.
struct CalibrationDecl {
  std::string observations;       // as written, relative to the study file
  std::string observations_path;  // resolved against the study file's directory
  // "FILE:LINE:COLUMN: calibration.observations" of the key, to locate errors found later (the
  // file cannot be read).
  std::string observations_where;
  double discrepancy = 0.1;  // relative model-discrepancy sd (a fraction of each observed value)
};

// Parameters whose value of information is reported together (docs/study-format.md §13,
// docs/decision.md §3): the EVPPI of learning all of them at once.
struct ParameterGroup {
  std::string name;
  std::vector<std::size_t> parameters;  // indices into Study::parameters, uncertain, distinct
};

struct Study {
  std::string file;  // path as given by the user
  std::string text;  // the whole file, stored in the output for provenance
  int schema_version = 1;
  std::string name;
  std::string description;
  std::string currency = kDefaultCurrency;  // ISO 4217 code of every amount of money
  RunSettings run;
  std::vector<std::string> classes;  // declaration order
  std::vector<LeverDecl> levers;     // declaration order
  // Flat list: globals (GlobalParam order), then each class's ClassParam block,
  // then effect parameters in lever/effect order.
  std::vector<ParameterDecl> parameters;
  // Target rank correlations between uncertain parameters ([[correlation]], docs/model.md §8
  // "Correlated inputs"); empty: every parameter is drawn independently.
  InputCorrelation correlation;
  std::vector<Scenario> scenarios;  // after sweep expansion, in file order
  std::size_t baseline = 0;         // index into scenarios
  // The study's [[objective]]s; without any, one default objective per headline metric
  // (contact abuse, arrests, children safeguarded, active offenders at the end).
  std::vector<Objective> objectives;
  // [calibration], if the study has one (present = !observations.empty()).
  CalibrationDecl calibration;
  std::vector<ParameterGroup> parameter_groups;  // [[parameter_group]], in file order

  static std::size_t global_index(GlobalParam p) { return static_cast<std::size_t>(p); }
  static std::size_t class_index(std::size_t k, ClassParam p) {
    return kGlobalParamCount + k * kClassParamCount + static_cast<std::size_t>(p);
  }
};

// Reads and validates a study file. Throws InputError whose message starts with
// "FILE:LINE:COLUMN: " and names the key path.
Study load_study(const std::string& path);
// Same, from text already in memory; `path` is used in messages.
Study parse_study(std::string_view text, const std::string& path);

}  // namespace fundsim
