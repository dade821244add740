#pragma once
// The value of every sensitivity output (target x quantity x period, run/sensitivity_run.hpp)
// on the rows of an evaluation, and its integer form for the exact estimators.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "run/evaluate.hpp"
#include "run/sensitivity_run.hpp"

namespace fundsim {

// The metrics whose monthly values the outputs need (quantities and objective weights), in
// table order; empty unless the axes have monthly periods.
std::vector<Metric> monthly_metrics(const Study& study, const SensitivityAxes& axes);

class OutputReader {
 public:
  // `position[k]`: the evaluation's scenario index of axes.scenarios[k]. The evaluation must hold
  // year totals if the axes have years, and monthly_metrics() month by month if they have months.
  OutputReader(const Study& study, const SensitivityAxes& axes, std::vector<std::size_t> position);

  // Output `output` on row `row` of `e`: a metric total (an exact integer), an objective's
  // weighted sum, or the difference of either between the target scenario and the reference.
  double value(const Evaluation& e, std::size_t output, std::size_t row) const;
  // Whether the output is an exact integer (a metric), else an objective (real-valued).
  bool integer(std::size_t output) const { return specs_[output].integer; }

 private:
  struct Term {
    std::size_t metric = 0;  // total_index, or position in monthly_metrics()
    double weight = 1;
  };
  struct Spec {
    std::size_t scenario = 0;  // evaluation index
    std::size_t reference = 0;
    bool difference = false;
    bool integer = true;
    Period period = Period::horizon;
    std::size_t period_index = 0;
    std::vector<Term> terms;
  };
  double period_value(const Evaluation& e, const Spec& spec, std::size_t scenario, std::size_t row,
                      std::size_t metric) const;
  std::vector<Spec> specs_;
  std::size_t policy_months_ = 0;  // the study's horizon; monthly values may start earlier
};

// Real-valued outputs (objectives) enter the integer estimators as llround(y * scale). The scale
// is a power of two chosen from the largest |y| of a pilot of rows (docs/sensitivity.md §2):
// the largest with max |y| * scale <= 2^36, which leaves a factor 16 below the 2^40 the
// estimators accept for values beyond the pilot's, and keeps sd(y) * scale >= 1e4 unless
// max |y| / sd(y) > 7e6. A pilot of zeros gives 2^20. Integer outputs keep scale 1.
double quantisation_scale(double largest_magnitude);

// llround(value * scale); NumericError if the result is beyond 2^62.
std::int64_t quantise(double value, double scale);

}  // namespace fundsim
